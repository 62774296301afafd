import { ProvisioningError } from "../errors";

/**
 * The mapped user lacks a value Slack requires (userName, the work email). Not retryable: the source user or the
 * mapping must change. The message names the targets, never their values.
 */
export class RequiredAttributeMissingError extends ProvisioningError {
  readonly targets: readonly string[];
  constructor(targets: readonly string[]) {
    super(
      "RequiredAttributeMissing",
      `Slack requires ${targets.map((t) => JSON.stringify(t)).join(" and ")}, but the mapping produced no value. ` +
        "Fill in the source attribute in Entra ID or change the attribute mapping.",
      { retryable: false },
    );
    this.targets = targets;
  }
}
