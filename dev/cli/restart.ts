/**
 * `npm run restart -- [--reset Watermark,Escrows,QuarantineState,ConnectorDataStore|Full] [--settings FILE] [--json]`
 * — Microsoft Graph's synchronizationJob restart, as POST /api/job/restart does it: resets what `--reset` names
 * (without it, Graph's default: Watermark, Escrows, QuarantineState) and starts a cycle. Works on the job's storage
 * directly, with the settings of `npm run plan` (the running local stack's by default).
 */
import { JobRestarter } from "../../shared/engine/restart/JobRestarter";
import { parseResetScope } from "../../shared/engine/restart/parseResetScope";
import { describeError } from "../../shared/errors";
import { commonArgs, engineFromSettings } from "./engineFromSettings";

const USAGE =
  "Usage: npm run restart -- [--reset Watermark,Escrows,QuarantineState,ConnectorDataStore|Full] [--settings FILE] [--json]";

async function main(): Promise<number> {
  const { settingsFile, rest } = commonArgs(process.argv.slice(2));
  const json = rest.includes("--json");
  const resetAt = rest.indexOf("--reset");
  const raw = resetAt >= 0 ? rest[resetAt + 1] : undefined;
  const unknown = rest.filter((a, i) => a !== "--json" && i !== resetAt && i !== resetAt + 1);
  if (unknown.length > 0 || (resetAt >= 0 && (raw === undefined || raw.startsWith("--")))) {
    console.error(USAGE);
    return 2;
  }
  const parsed = parseResetScope(raw);
  if ("error" in parsed) {
    console.error(parsed.error);
    return 2;
  }
  const ctx = engineFromSettings(settingsFile);
  const result = await new JobRestarter(ctx).restart(parsed.flags, "an operator (npm run restart)");
  if (json) console.log(JSON.stringify(result, null, 2));
  else if (!result.accepted) console.error(`Not restarted: ${result.reason}.`);
  else {
    console.log(
      `Restart ${result.restartId} (resetScope ${result.resetScope.join(", ")}): ${result.rowsReset} row(s) reset` +
        (result.completed ? "." : "; not finished yet: the sync timer goes on with it (no cycle starts meanwhile)."),
    );
    if (result.cycle?.started)
      console.log(`Started cycle ${result.cycle.cycleId} (${result.cycle.full ? "full" : "incremental"}).`);
    else if (result.cycle) console.log(`No cycle started: ${result.cycle.reason}.`);
  }
  return result.accepted ? 0 : 1;
}

main().then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (e: unknown) => {
    const { code, message } = describeError(e);
    console.error(`${code}: ${message}`);
    process.exit(1);
  },
);
