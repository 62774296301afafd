import { performance } from "node:perf_hooks";
import type { LocalStack } from "../dev/stack/startLocalStack";
import { loadSettings } from "../shared/config/Settings";
import type { CycleReport } from "../shared/engine/CycleStatus";
import type { EngineContext } from "../shared/engine/EngineContext";
import { createEngineContext } from "../shared/runtime/createEngineContext";

export interface CycleRun {
  /** From the POST to the poll that saw the job row committed and the backlog empty (late by one poll at most). */
  seconds: number;
  /** The host's own durationSeconds: cycle start to its last activity record or commit. */
  hostSeconds: number | undefined;
  report: CycleReport;
}

/** What the bench reads of the app's state between polls of /api/status. */
export type CycleProbe = Pick<EngineContext, "jobId" | "jobs" | "pending">;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The engine's own job row and backlog in the stack's Azurite, read from this process (nothing else is used). */
export function cycleProbe(settings: Record<string, string>): CycleProbe {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const { jobId, jobs, pending } = createEngineContext(loadSettings(settings), quiet, settings);
  return { jobId, jobs, pending };
}

async function status(stack: LocalStack): Promise<CycleReport> {
  const res = await fetch(`${stack.apiUrl()}/status`);
  if (res.status !== 200) throw new Error(`GET /api/status answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CycleReport;
}

/**
 * Starts a cycle with POST /api/cycles and waits until it has converged. Between polls only the job row and the
 * cycle's backlog are read (a point read and a partition count): /api/status reads every activity record of the cycle,
 * which at 10,000 users takes seconds of Azurite's one core and would slow the cycle it measures. /api/status is asked
 * once the cheap signs say converged, and has the last word (it also waits for the deletion guard's gate).
 */
export async function runCycle(
  stack: LocalStack,
  probe: CycleProbe,
  options: { pollMs: number; timeoutMs: number },
): Promise<CycleRun> {
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
  let wait = options.pollMs;
  for (;;) {
    await sleep(wait);
    wait = options.pollMs;
    const state = await probe.jobs.get(probe.jobId);
    if (state.quarantine) throw new Error(`The job is quarantined: ${JSON.stringify(state.quarantine)}`);
    if (state.cycleId === cycleId && state.cyclePhase === "failed") {
      const e = state.lastError;
      throw new Error(`Cycle ${cycleId} failed${e ? `: ${e.code}: ${e.message}` : ""}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Cycle ${cycleId} did not converge within ${options.timeoutMs / 1000} s (phase ${state.cyclePhase}).`,
      );
    }
    if (state.cycleId !== cycleId || state.cyclePhase !== "committed") continue;
    const backlog = await probe.pending.count(cycleId);
    if (backlog > 0) {
      // Counting scans the backlog: count a long one less often (10 s at 5,000 messages), a short one every poll.
      wait = Math.min(10_000, options.pollMs + 2 * backlog);
      continue;
    }
    const seconds = (performance.now() - t0) / 1000;
    const report = await status(stack);
    if (report.cycleId === cycleId && report.converged) {
      return { seconds, hostSeconds: report.durationSeconds, report };
    }
  }
}
