import type { DirectoryResource } from "./ChangeLog";
import type { DirectoryStore } from "./DirectoryStore";
import type { ChangeSummary } from "./summarizeChanges";
import { summarizeChanges } from "./summarizeChanges";

/** The link whose changes a delta round of the resource reports (manager@delta, members@delta). */
const TRACKED_LINK: Record<DirectoryResource, string> = { users: "manager", groups: "members" };

export interface RoundChanges {
  since: number;
  upTo: number;
  /** Ids of the changed objects, in id order; shared (do not change it). */
  ids: readonly string[];
  summaries: ReadonlyMap<string, ChangeSummary>;
}

/** The last round folded per store and resource. */
const lastRound = new WeakMap<DirectoryStore, Map<DirectoryResource, RoundChanges>>();

/**
 * The objects changed in (since, upTo] and what their changes amount to. The change log up to `upTo` never changes, so
 * the fold of a round is kept and reused by the round's next pages (one per store and resource): a page costs the
 * page, not a fold of every change of the round.
 */
export function roundChanges(
  store: DirectoryStore,
  resource: DirectoryResource,
  since: number,
  upTo: number,
): RoundChanges {
  let rounds = lastRound.get(store);
  if (!rounds) {
    rounds = new Map();
    lastRound.set(store, rounds);
  }
  const kept = rounds.get(resource);
  if (kept && kept.since === since && kept.upTo === upTo) return kept;
  const summaries = summarizeChanges(store, resource, TRACKED_LINK[resource], since, upTo);
  const round: RoundChanges = { since, upTo, ids: [...summaries.keys()].sort(), summaries };
  rounds.set(resource, round);
  return round;
}
