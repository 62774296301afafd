/** The bench's table: one row per tenant size, printed as Markdown so it can be quoted as is. */

export interface BenchRow {
  users: number;
  initialSeconds: number;
  usersPerSecond: number;
  /** Peak resident set of the (first) host, MB; undefined where /proc is not there. */
  peakRssMb: number | undefined;
  noChangeGraphCalls: number;
  noChangeGraphBudget: number;
  noChangeSlackCalls: number;
  noChangeSlackWrites: number;
  noChangeSeconds: number;
  onePercentSeconds: number;
  onePercentChanged: number;
  /** 429s Slack answered over the whole row (every phase, every instance). */
  tooManyRequests: number;
  /** Writes per minute over the initial cycle, all instances together. */
  initialWritesPerMinute: number;
  /** The most writes of the initial cycle in any 60 s window. */
  peakWritesPer60s: number;
  /** The least time Slack's documented limits allow for the initial cycle's writes. */
  floorSeconds: number;
  /** initialSeconds / floorSeconds, shown only when the run had Slack's limits. */
  floorRatio: number | undefined;
}

export const BENCH_COLUMNS: readonly string[] = [
  "users",
  "initial s",
  "users/s",
  "host peak RSS MB",
  "no-change Graph calls (budget)",
  "no-change Slack calls (writes)",
  "no-change s",
  "1 % change s (users)",
  "429s",
  "initial writes/min",
  "peak writes/60 s",
  "Slack floor s",
  "measured/floor",
];

const fixed = (n: number, digits: number): string => n.toFixed(digits);
const int = (n: number): string => Math.round(n).toLocaleString("en-US");

export function benchCells(r: BenchRow): string[] {
  return [
    int(r.users),
    fixed(r.initialSeconds, 1),
    fixed(r.usersPerSecond, 1),
    r.peakRssMb === undefined ? "n/a" : int(r.peakRssMb),
    `${int(r.noChangeGraphCalls)} (≤ ${int(r.noChangeGraphBudget)})`,
    `${int(r.noChangeSlackCalls)} (${int(r.noChangeSlackWrites)})`,
    fixed(r.noChangeSeconds, 2),
    `${fixed(r.onePercentSeconds, 2)} (${int(r.onePercentChanged)})`,
    int(r.tooManyRequests),
    int(r.initialWritesPerMinute),
    int(r.peakWritesPer60s),
    fixed(r.floorSeconds, 1),
    r.floorRatio === undefined ? "–" : fixed(r.floorRatio, 2),
  ];
}

/** A Markdown table with padded columns; numbers right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[], pad: (s: string, w: number) => string) =>
    `| ${widths.map((w, i) => pad(cells[i] ?? "", w)).join(" | ")} |`;
  return [
    line(header, (s, w) => s.padEnd(w)),
    `| ${widths.map((w) => "-".repeat(w - 1) + ":").join(" | ")} |`,
    ...rows.map((r) => line(r, (s, w) => s.padStart(w))),
  ].join("\n");
}

export function renderBenchTable(rows: readonly BenchRow[]): string {
  return formatTable(BENCH_COLUMNS, rows.map(benchCells));
}
