import type { HeldRemoval, HeldRemovalState } from "./HeldRemoval";

/**
 * The deletion guard's removals counted by kind and state (the pure part of CountedRemovals): what a row's change does
 * to the counts, and how shards add up.
 */
export type RemovalCounts = Record<HeldRemoval["objectType"], Record<HeldRemovalState, number>>;

export function zeroCounts(): RemovalCounts {
  return { User: { staged: 0, held: 0, rejected: 0 }, Group: { staged: 0, held: 0, rejected: 0 } };
}

export function addCounts(a: RemovalCounts, b: RemovalCounts): RemovalCounts {
  const out = zeroCounts();
  for (const type of ["User", "Group"] as const) {
    for (const state of ["staged", "held", "rejected"] as const) out[type][state] = a[type][state] + b[type][state];
  }
  return out;
}

/** What a row of `objectType` going from `before` to `after` (absent: no row) does to the counts; undefined: nothing. */
export function countsDelta(
  objectType: HeldRemoval["objectType"],
  before: HeldRemovalState | undefined,
  after: HeldRemovalState | undefined,
): RemovalCounts | undefined {
  if (before === after) return undefined;
  const delta = zeroCounts();
  if (before) delta[objectType][before] -= 1;
  if (after) delta[objectType][after] += 1;
  return delta;
}

/** The counts of a set of rows (a repair's truth). */
export function countRows(rows: Iterable<Pick<HeldRemoval, "objectType" | "state">>): RemovalCounts {
  const out = zeroCounts();
  for (const r of rows) out[r.objectType][r.state] += 1;
  return out;
}

export function sameCounts(a: RemovalCounts, b: RemovalCounts): boolean {
  return (["User", "Group"] as const).every((type) =>
    (["staged", "held", "rejected"] as const).every((state) => a[type][state] === b[type][state]),
  );
}

/** A count below zero: rows changed without the counter (an earlier version), so the counts must be taken again. */
export function hasNegative(c: RemovalCounts): boolean {
  return (["User", "Group"] as const).some((type) =>
    (["staged", "held", "rejected"] as const).some((state) => c[type][state] < 0),
  );
}

/** Reads a stored counts value, tolerating missing fields (zero). */
export function parseCounts(text: unknown): RemovalCounts {
  const out = zeroCounts();
  if (typeof text !== "string") return out;
  const raw = JSON.parse(text) as Partial<Record<string, Partial<Record<string, unknown>>>>;
  for (const type of ["User", "Group"] as const) {
    for (const state of ["staged", "held", "rejected"] as const) {
      const v = raw[type]?.[state];
      out[type][state] = typeof v === "number" ? v : 0;
    }
  }
  return out;
}
