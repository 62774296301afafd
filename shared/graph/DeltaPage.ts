import type { GraphGroupDelta } from "./GraphGroup";
import type { GraphUser } from "./GraphUser";

/** Why Graph reported an object as removed in a delta round: soft delete ("changed") or permanent ("deleted"). */
export type RemovedReason = "changed" | "deleted";

/** One item of a delta page: either the object's selected properties, or a removal marker. */
export type DeltaItem<T extends { id: string }> =
  { kind: "present"; object: T } | { kind: "removed"; id: string; reason: RemovedReason };

/** One page of a delta round. Exactly one of nextLink and deltaLink is set. */
export interface DeltaPage<T extends { id: string }> {
  items: DeltaItem<T>[];
  /** Absolute URL of the next page of this round, as Graph returned it. */
  nextLink?: string;
  /** Absolute URL to start the next round from, as Graph returned it (only on the last page). */
  deltaLink?: string;
}

export type UserDeltaPage = DeltaPage<GraphUser>;

/** One page of groups/delta; a present group is merged over its occurrences in the page (see toGroupDeltaItems). */
export type GroupDeltaPage = DeltaPage<GraphGroupDelta>;
