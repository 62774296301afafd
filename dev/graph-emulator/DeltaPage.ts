/** The part of a users/delta or groups/delta token that decides what a page contains. */
export interface DeltaWindow {
  since: number;
  upTo: number;
  initial: boolean;
  /** Selected properties (groups: "members" selects members@delta). */
  select: readonly string[];
  ids?: readonly string[];
  /** Where the previous page stopped, in the resource's own encoding. */
  cursor?: string;
}

/** One computed page of a delta round. */
export interface DeltaPage {
  items: Record<string, unknown>[];
  /** Where this page stopped: the next page starts after it. */
  cursor: string | undefined;
  /** Whether objects remain after the cursor (then the page carries a nextLink). */
  more: boolean;
}
