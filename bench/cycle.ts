import { performance } from "node:perf_hooks";
import type { LocalStack } from "../dev/stack/startLocalStack";
import type { CycleReport } from "../shared/engine/CycleStatus";

export interface CycleRun {
  /** From the POST to the poll that saw the cycle converged (late by at most one poll interval). */
  seconds: number;
  /** The host's own durationSeconds: cycle start to its last activity record or commit (not to convergence). */
  hostSeconds: number | undefined;
  report: CycleReport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(stack: LocalStack): Promise<CycleReport> {
  const res = await fetch(`${stack.apiUrl()}/status`);
  if (res.status !== 200) throw new Error(`GET /api/status answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CycleReport;
}

/**
 * Starts a cycle with POST /api/cycles and waits until /api/status reports it converged. `pollMs` trades precision of
 * the wall time against the load the status report puts on the host (it reads the cycle's activity records).
 */
export async function runCycle(stack: LocalStack, options: { pollMs: number; timeoutMs: number }): Promise<CycleRun> {
  const t0 = performance.now();
  const deadline = Date.now() + options.timeoutMs;
  let cycleId: string | undefined;
  while (cycleId === undefined) {
    const res = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
    const body = (await res.json()) as { started?: boolean; cycleId?: string };
    if (body.started && body.cycleId) cycleId = body.cycleId;
    else if (Date.now() > deadline) throw new Error(`No cycle started: ${JSON.stringify(body)}`);
    else await sleep(200);
  }
  for (;;) {
    await sleep(options.pollMs);
    const report = await status(stack);
    if (report.cycleId === cycleId && report.converged) {
      return { seconds: (performance.now() - t0) / 1000, hostSeconds: report.durationSeconds, report };
    }
    if (report.phase === "failed" && report.lastError) {
      throw new Error(`Cycle ${cycleId} failed: ${report.lastError.code}: ${report.lastError.message}`);
    }
    if (report.quarantine) throw new Error(`The job is quarantined: ${JSON.stringify(report.quarantine)}`);
    if (Date.now() > deadline) {
      throw new Error(
        `Cycle ${cycleId} did not converge within ${options.timeoutMs / 1000} s (phase ${report.phase}, backlog ${report.backlog}).`,
      );
    }
  }
}
