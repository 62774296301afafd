import { ProvisioningError } from "../errors";
import type { MappedUser } from "./MappedUser";

/**
 * The port SelectUniqueValue needs: whether Slack already has a user (active or deactivated: Slack keeps userNames
 * and emails unique across both) with this value for the target (`userName` or the work email).
 */
export type UniqueValueProbe = (target: string, value: string) => Promise<boolean>;

/** Every candidate of a SelectUniqueValue target was taken in Slack. Not retryable until the user or Slack changes. */
export class UniqueValueUnavailable extends ProvisioningError {
  constructor(
    readonly target: string,
    readonly candidates: readonly string[],
  ) {
    super(
      "UniqueValueUnavailable",
      `SelectUniqueValue for ${target}: every candidate is taken in Slack (deactivated users included): ` +
        `${candidates.map((c) => JSON.stringify(c)).join(", ")}. Add a rule to the expression, or free one of the ` +
        "values in Slack; the user is retried when it changes in Entra ID.",
      { retryable: false },
    );
  }
}

/** What chooseUniqueValues decided: the user with each unique target's value chosen, and the steps it took. */
export interface UniqueChoice {
  mapped: MappedUser;
  /** One sentence per target, for the activity record ("userName: "j.smith" taken, chose "jo.smith"."). */
  notes: string[];
}

/**
 * Entra's SelectUniqueValue on create: for each target with candidates (MappedUser.unique), asks `isTaken` about the
 * candidates in order and keeps the first free one. At most MAX_UNIQUE_CANDIDATES probes per target (the evaluator
 * bounds the candidates). Throws UniqueValueUnavailable when all are taken. Without unique targets, returns `mapped`
 * unchanged and asks nothing.
 */
export async function chooseUniqueValues(mapped: MappedUser, isTaken: UniqueValueProbe): Promise<UniqueChoice> {
  const unique = mapped.unique;
  if (unique === undefined) return { mapped, notes: [] };
  const values = { ...mapped.values };
  const notes: string[] = [];
  for (const [target, candidates] of Object.entries(unique)) {
    const taken: string[] = [];
    let chosen: string | undefined;
    for (const candidate of candidates) {
      if (!(await isTaken(target, candidate))) {
        chosen = candidate;
        break;
      }
      taken.push(candidate);
    }
    if (chosen === undefined) throw new UniqueValueUnavailable(target, candidates);
    values[target] = chosen;
    notes.push(
      taken.length === 0
        ? `${target}: ${JSON.stringify(chosen)} is free in Slack.`
        : `${target}: ${taken.map((t) => JSON.stringify(t)).join(", ")} taken in Slack, chose ${JSON.stringify(chosen)}.`,
    );
  }
  return { mapped: { ...mapped, values }, notes };
}
