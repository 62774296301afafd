import type { InvocationContext, Timer } from "@azure/functions";
import { CycleStarter } from "../shared/engine/CycleStarter";
import { DriftScanner } from "../shared/drift/DriftScanner";
import { describeError } from "../shared/errors";
import { registerFunction } from "../shared/hosting/registerFunction";
import { engine } from "../shared/runtime/engine";

/**
 * Timer: starts a provisioning cycle on the SYNC_SCHEDULE schedule, and a drift scan when one is due
 * (DRIFT_SCAN_INTERVAL_HOURS). Failures are recorded by the engine.
 */
export async function syncCycle(_timer: Timer, context: InvocationContext): Promise<void> {
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
