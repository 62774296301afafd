import type { ResetFlag } from "../../state/ResetFlag";
import { RESET_FLAGS, RESET_SCOPE_VALUES } from "../../state/ResetFlag";

/** A resetScope longer than this is refused before it is split (the longest valid one is well below it). */
const MAX_RESET_SCOPE_LENGTH = 200;

/** What an empty resetScope means: Graph's "Restart provisioning" (QuarantineState, Watermark and Escrows). */
export const DEFAULT_RESET: readonly ResetFlag[] = ["Watermark", "Escrows", "QuarantineState"];

export type ParsedResetScope = { flags: ResetFlag[] } | { error: string };

/**
 * Reads a resetScope as Graph's synchronizationJob restart takes it: a comma-separated list of flags (any case, any
 * spaces), `Full` for all of them, empty or absent for Graph's default (QuarantineState, Watermark, Escrows). Forgetting
 * the connector data (links) implies Watermark: every user must be read again to be matched again. The flags come back
 * in a fixed order, each once. Anything else is an error naming the valid values.
 */
export function parseResetScope(raw: string | undefined): ParsedResetScope {
  const valid = `Valid values: ${RESET_SCOPE_VALUES.join(", ")} (comma-separated; empty means Watermark, Escrows, QuarantineState).`;
  if (raw !== undefined && raw.length > MAX_RESET_SCOPE_LENGTH) {
    return { error: `resetScope is longer than ${MAX_RESET_SCOPE_LENGTH} characters. ${valid}` };
  }
  const names = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) return { flags: [...DEFAULT_RESET] };
  const wanted = new Set<ResetFlag>();
  for (const name of names) {
    const value = RESET_SCOPE_VALUES.find((v) => v.toLowerCase() === name.toLowerCase());
    if (value === undefined) {
      const hint =
        name.toLowerCase() === "forcedeletes"
          ? " To apply removals the deletion guard holds, approve them (POST /api/held/approve)."
          : name.toLowerCase() === "none"
            ? " To start a paused job, use POST /api/job/resume."
            : "";
      return { error: `resetScope "${name.slice(0, 40)}" is not supported.${hint} ${valid}` };
    }
    if (value === "Full") RESET_FLAGS.forEach((f) => wanted.add(f));
    else wanted.add(value);
  }
  if (wanted.has("ConnectorDataStore")) wanted.add("Watermark");
  return { flags: RESET_FLAGS.filter((f) => wanted.has(f)) };
}
