/**
 * `npm run plan -- [--mapping FILE] [--settings FILE] [--json]` — a dry run of the whole job: what the next cycle would
 * create, update, reactivate, deactivate or refuse, computed from the job's state as of the last cycle (the mirror of
 * Entra, the scope, the links). With `--mapping` it answers "what would this mapping change?". Writes nothing and calls
 * neither Graph nor Slack. Settings as for `npm run preview`.
 */
import { planAll } from "../../shared/engine/planAll";
import { describeError } from "../../shared/errors";
import { loadMappingFile } from "../../shared/mapping/config/loadMappingFile";
import { commonArgs, engineFromSettings } from "./engineFromSettings";

async function main(): Promise<number> {
  const { settingsFile, mappingFile, rest } = commonArgs(process.argv.slice(2));
  const ctx = engineFromSettings(settingsFile);
  const candidate = mappingFile ? (await loadMappingFile(mappingFile)).users : undefined;
  const plan = await planAll(ctx, candidate);
  if (rest.includes("--json")) {
    console.log(JSON.stringify(plan, null, 2));
    return 0;
  }
  console.log(
    `Dry run with the ${plan.mapping} mapping over ${plan.evaluated} user(s): ` +
      Object.entries(plan.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
  );
  for (const c of plan.changes) {
    const what = c.changes?.map((x) => `${x.target}: ${x.oldValue ?? "∅"} → ${x.newValue ?? "∅"}`).join("; ");
    console.log(
      `  ${c.action.padEnd(10)} ${c.identity ?? c.objectId}${what ? `  ${what}` : ""}${c.reason ? `  (${c.reason})` : ""}`,
    );
  }
  if (plan.warningCount > 0) {
    console.log(`${plan.warningCount} expression failure(s) (those targets would be left as they are):`);
    for (const w of plan.warnings) console.log(`  ${w.identity ?? w.objectId}  ${w.target}: ${w.message}`);
    if (plan.warningCount > plan.warnings.length)
      console.log(`  …and ${plan.warningCount - plan.warnings.length} more.`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const { code, message } = describeError(e);
    console.error(`${code}: ${message}`);
    process.exit(1);
  },
);
