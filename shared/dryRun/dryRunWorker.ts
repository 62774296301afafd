/**
 * The entry of a dry-run worker thread (started by evaluateInWorker from dist/shared/dryRun/dryRunWorker.js): evaluates
 * the task it was started with (its workerData), posts the result or the error back once, and ends. It does no I/O;
 * the thread that started it stops it when the budget is spent.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { DryRunReply, DryRunTask } from "./DryRunTasks";
import { runDryRunTask } from "./runDryRunTask";
import { toWireError } from "./wireError";

const port = parentPort;
if (!port) throw new Error("dryRunWorker.js runs only as a worker thread (see evaluateInWorker).");
let reply: DryRunReply;
try {
  reply = { ok: true, result: runDryRunTask(workerData as DryRunTask) };
} catch (e) {
  reply = { ok: false, error: toWireError(e) };
}
port.postMessage(reply);
