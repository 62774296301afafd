import type { InvocationContext, Timer } from "@azure/functions";
import { CycleStarter } from "../shared/engine/CycleStarter";
import { DriftScanner } from "../shared/drift/DriftScanner";
import { describeError } from "../shared/errors";
import { JobRestarter } from "../shared/engine/restart/JobRestarter";
import { registerFunction } from "../shared/hosting/registerFunction";
import { engine } from "../shared/runtime/engine";

/**
 * Timer: goes on with a restart left unfinished, starts a provisioning cycle on the SYNC_SCHEDULE schedule, and a drift
 * scan when one is due (DRIFT_SCAN_INTERVAL_HOURS). Failures are recorded by the engine.
 */
export async function syncCycle(_timer: Timer, context: InvocationContext): Promise<void> {
  // A restart whose runner stopped (a crash, or the budget of the request that began it) goes on; cycles wait for it.
  try {
    const resumed = await new JobRestarter(engine()).resumeIfStalled();
    if (resumed) context.log(`Resumed a restart: ${JSON.stringify(resumed)}.`);
  } catch (e) {
    const { code, message } = describeError(e);
    context.error(`The restart could not go on: ${code}: ${message}`);
  }
  try {
    const result = await new CycleStarter(engine()).start({ trigger: "timer" });
    if (result.started) context.log(`Started cycle ${result.cycleId} (${result.full ? "full" : "incremental"}).`);
    else context.log(`No cycle started: ${result.reason}.`);
  } catch (e) {
    const { code, message } = describeError(e);
    context.error(`The cycle could not start: ${code}: ${message}`);
  }
  // The drift scan runs beside the cycles (its own queue): the timer only starts one when it is due.
  try {
    const drift = await new DriftScanner(engine()).startIfDue();
    if (drift.started) context.log(`Started drift scan ${drift.scanId}.`);
  } catch (e) {
    const { code, message } = describeError(e);
    context.error(`The drift scan could not start: ${code}: ${message}`);
  }
}

registerFunction({ kind: "timer", name: "syncCycle", schedule: "%SYNC_SCHEDULE%", handler: syncCycle });
