import { ProvisioningError } from "../errors/ProvisioningError";
import { REGEX_BUDGET_MS } from "../regex/withRegexBudget";

/** The setting that holds a dry run's time budget, named in every message about it. */
export const DRY_RUN_BUDGET_SETTING = "DRY_RUN_BUDGET_MS";

export interface DryRunLimit {
  /** What was stopped, e.g. "the dry run over 300 user(s)" or "the preview of user 4f…". */
  what: string;
  /** Whether the mapping was a candidate sent by the caller (422) or the mapping in force (a configuration matter). */
  candidate: boolean;
  /** "time": the budget in ms was spent; "memory": the worker's heap limit in MB was reached. */
  resource: "time" | "memory";
  limit: number;
}

/**
 * A dry run's or a preview's evaluation of a mapping (expressions and scoping filters over the stored users) ran past
 * its wall-time budget (DRY_RUN_BUDGET_MS) or its worker's heap limit, and its worker thread was stopped. Not
 * retryable: the same mapping over the same users costs as much again; the mapping (or the setting) must change.
 */
export class DryRunBudgetExceeded extends ProvisioningError {
  readonly candidate: boolean;
  readonly resource: "time" | "memory";

  constructor(limit: DryRunLimit) {
    const stopped = `${capitalize(limit.what)} with ${limit.candidate ? "the candidate mapping" : "the mapping in force"}`;
    super(
      "DryRunBudgetExceeded",
      limit.resource === "time"
        ? `${stopped} did not finish within its budget of ${limit.limit} ms (${DRY_RUN_BUDGET_SETTING}) and was ` +
            "stopped: its expressions and scoping filters cost more than that over these users, even though each " +
            `regular expression stays within its own ${REGEX_BUDGET_MS} ms. Use fewer or simpler Replace patterns, ` +
            `REGEX MATCH filters and FormatDateTime input formats, or raise ${DRY_RUN_BUDGET_SETTING}.`
        : `${stopped} needed more than ${limit.limit} MB of memory and was stopped: its expressions build values ` +
            "too large, or there are too many users to evaluate at once. Simplify the mapping's expressions.",
      { retryable: false },
    );
    this.candidate = limit.candidate;
    this.resource = limit.resource;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
