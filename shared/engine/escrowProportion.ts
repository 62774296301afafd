import type { ActivityRecord } from "../state/ActivityRecord";

/**
 * The escrow-proportion rule (Microsoft Graph's quarantine reason `EncounteredEscrowProportionThreshold`), as pure
 * decisions. When a cycle converges, it has **attempted** every user and group that has at least one activity record of
 * the cycle (applied, skipped or failed: whatever the engine recorded), and **escrowed** those among them that have an
 * escrow record of the cycle (`escrowed: true`). The job takes a quarantine strike for the cycle when
 *
 *   escrowed ≥ ESCROW_PROPORTION_MINIMUM  and  escrowed / attempted > ESCROW_PROPORTION_THRESHOLD
 *
 * The minimum keeps one or two bad objects in a small cycle from quarantining the job; the proportion tells "most of the
 * cycle's work could not be done" (Slack down or refusing, a broken mapping) from a few objects with bad data.
 */

/** Fewest escrowed objects in a cycle that can quarantine the job. */
export const ESCROW_PROPORTION_MINIMUM = 10;
/** The share of a cycle's attempted objects that must be escrowed (strictly more than this) to quarantine the job. */
export const ESCROW_PROPORTION_THRESHOLD = 0.5;

/** What a cycle attempted and escrowed, counted in distinct objects. */
export interface CycleEscrowTally {
  /** Users and groups with at least one activity record of the cycle. */
  attempted: number;
  /** Those of them escrowed in the cycle. */
  escrowed: number;
  /** Escrowed objects by the error code of their (latest) escrow record. */
  escrowedByCode: Readonly<Record<string, number>>;
}

export type EscrowProportionVerdict =
  | { strike: false }
  | {
      strike: true;
      /** The error code behind most of the escrows (ties: the first in alphabetical order). */
      commonCode: string;
      /** For the operator: the counts, the rule and the most common error. */
      detail: string;
    };

/** Counts a cycle's attempted and escrowed objects from its activity records (job records are not objects). */
export function tallyCycleEscrows(records: Iterable<ActivityRecord>): CycleEscrowTally {
  const counter = new CycleEscrowCounter();
  for (const r of records) counter.add(r);
  return counter.tally();
}

/**
 * tallyCycleEscrows one record at a time, for records read as a stream: it keeps a key per object and the latest escrow
 * of each escrowed one, never the records themselves.
 */
export class CycleEscrowCounter {
  private readonly attempted = new Set<string>();
  private readonly escrows = new Map<string, { at: string; code: string }>();

  add(r: ActivityRecord): void {
    if (r.objectType !== "User" && r.objectType !== "Group") return;
    const key = `${r.objectType}:${r.objectId}`;
    this.attempted.add(key);
    if (!r.escrowed) return;
    const seen = this.escrows.get(key);
    if (!seen || seen.at < r.at) this.escrows.set(key, { at: r.at, code: r.errorCode ?? "Unknown" });
  }

  tally(): CycleEscrowTally {
    const escrowedByCode: Record<string, number> = {};
    for (const { code } of this.escrows.values()) escrowedByCode[code] = (escrowedByCode[code] ?? 0) + 1;
    return { attempted: this.attempted.size, escrowed: this.escrows.size, escrowedByCode };
  }
}

/** Whether a converged cycle's escrows put the job in quarantine, and what the operator is told. */
export function escrowProportionVerdict(cycleId: string, tally: CycleEscrowTally): EscrowProportionVerdict {
  const escrowed = tally.escrowed;
  const attempted = Math.max(tally.attempted, escrowed); // every escrowed object was attempted
  if (escrowed < ESCROW_PROPORTION_MINIMUM || !(escrowed > attempted * ESCROW_PROPORTION_THRESHOLD)) {
    return { strike: false };
  }
  const [commonCode, commonCount] = Object.entries(tally.escrowedByCode).sort(
    ([a, x], [b, y]) => y - x || a.localeCompare(b),
  )[0] ?? ["Unknown", escrowed];
  const detail =
    `Cycle ${cycleId} escrowed ${escrowed} of the ${attempted} users and groups it attempted ` +
    `(${Math.round((100 * escrowed) / attempted)}%; the job is quarantined when more than ` +
    `${ESCROW_PROPORTION_THRESHOLD * 100}% and at least ${ESCROW_PROPORTION_MINIMUM} are escrowed). ` +
    `The most common error was ${commonCode} (${commonCount} of them).`;
  return { strike: true, commonCode, detail };
}
