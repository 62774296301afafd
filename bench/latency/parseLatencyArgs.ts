export interface LatencyArgs {
  /** Changes made one at a time, `intervalMs` apart. */
  changes: number;
  intervalMs: number;
  /** Changes then made all at once (0: no burst). */
  burst: number;
  /** How long after the last change of a phase its writes may arrive before the missing ones count as lost. */
  deadlineMs: number;
  /** Print every change with its latency. */
  verbose: boolean;
  /** Write the host's log lines, with the time each was printed, to this file (to see where the time goes). */
  hostLog?: string;
}

export const LATENCY_DEFAULTS: LatencyArgs = {
  changes: 60,
  intervalMs: 1500,
  burst: 20,
  deadlineMs: 120_000,
  verbose: false,
};

type NumericOption = "changes" | "intervalMs" | "burst" | "deadlineMs";

const NUMERIC: Record<string, { key: NumericOption; min: number; scale: number }> = {
  "--changes": { key: "changes", min: 1, scale: 1 },
  "--interval-ms": { key: "intervalMs", min: 0, scale: 1 },
  "--burst": { key: "burst", min: 0, scale: 1 },
  "--deadline-s": { key: "deadlineMs", min: 1, scale: 1000 },
};

/**
 * Pure: `--changes N --interval-ms MS --burst N --deadline-s S --verbose --host-log FILE` (each optional,
 * `--flag=value` too); throws on anything else.
 */
export function parseLatencyArgs(argv: readonly string[]): LatencyArgs {
  const args = { ...LATENCY_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? "").split("=", 2) as [string, string | undefined];
    if (flag === "--verbose" && inline === undefined) {
      args.verbose = true;
      continue;
    }
    if (flag === "--host-log") {
      const file = inline ?? argv[++i];
      if (!file) throw new Error("--host-log takes a file name.");
      args.hostLog = file;
      continue;
    }
    const spec = NUMERIC[flag];
    if (!spec)
      throw new Error(
        `Unknown option ${flag}. Options: ${[...Object.keys(NUMERIC), "--verbose", "--host-log"].join(", ")}.`,
      );
    const raw = inline ?? argv[++i];
    const n = Number(raw);
    if (raw === undefined || raw.trim() === "" || !Number.isInteger(n) || n < spec.min) {
      throw new Error(`${flag} takes a whole number of at least ${spec.min}, not ${raw ?? "nothing"}.`);
    }
    args[spec.key] = n * spec.scale;
  }
  return args;
}
