/**
 * `npm run held -- [list|approve|reject] [--ids ID,ID...] [--settings FILE] [--json]` — the deletion guard's held
 * removals: list them (the default), approve them (they are applied now), or reject them (nothing is removed; each
 * object is evaluated again in the next cycle). `--ids` limits a decision to those Entra object ids. Works on the job's
 * storage directly, with the settings of `npm run plan` (the running local stack's by default).
 */
import type { HeldDecision } from "../../shared/engine/heldRemovals";
import { approveHeld, listHeld, rejectHeld } from "../../shared/engine/heldRemovals";
import { describeError } from "../../shared/errors";
import { commonArgs, engineFromSettings } from "./engineFromSettings";

const USAGE = "Usage: npm run held -- [list|approve|reject] [--ids ID,ID...] [--settings FILE] [--json]";

async function main(): Promise<number> {
  const { settingsFile, rest } = commonArgs(process.argv.slice(2));
  const json = rest.includes("--json");
  const idsAt = rest.indexOf("--ids");
  const ids = idsAt >= 0 ? (rest[idsAt + 1] ?? "").split(",").filter(Boolean) : undefined;
  const command = rest.filter((a, i) => !a.startsWith("--") && (idsAt < 0 || i !== idsAt + 1))[0] ?? "list";
  if (!["list", "approve", "reject"].includes(command) || (ids !== undefined && ids.length === 0)) {
    console.error(USAGE);
    return 2;
  }
  const ctx = engineFromSettings(settingsFile);
  if (command === "list") {
    const state = await ctx.jobs.get(ctx.jobId);
    const held = await listHeld(ctx, 1000);
    if (json) {
      console.log(JSON.stringify({ held: state.held ?? null, ...held }, null, 2));
      return 0;
    }
    if (!state.held) {
      console.log("Nothing is held.");
      return 0;
    }
    console.log(
      `${state.held.users} deactivation(s) and ${state.held.groups} group deletion(s) held since ${state.held.since}.`,
    );
    console.log(state.held.reason);
    for (const r of held.entries) {
      console.log(`  ${r.objectType.padEnd(5)} ${r.identity ?? r.objectId}  (${r.evidence})`);
    }
    if (held.more) console.log("  …and more (GET /api/held lists up to 1000).");
    return 0;
  }
  const input = { ...(ids ? { objectIds: ids } : {}), by: "An operator (npm run held)" };
  const decision: HeldDecision = command === "approve" ? await approveHeld(ctx, input) : await rejectHeld(ctx, input);
  if (json) console.log(JSON.stringify(decision, null, 2));
  else {
    console.log(
      `${command === "approve" ? "Approved" : "Rejected"} ${decision.users} deactivation(s) and ${decision.groups} ` +
        `group deletion(s). Still held: ${decision.remaining.users} and ${decision.remaining.groups}.`,
    );
  }
  return 0;
}

main().then(
  // Exit once stdout is flushed (a large --json listing into a pipe is written asynchronously).
  (code) => process.stdout.write("", () => process.exit(code)),
  (e: unknown) => {
    const { code, message } = describeError(e);
    console.error(`${code}: ${message}`);
    process.exit(1);
  },
);
