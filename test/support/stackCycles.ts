import type { CycleReport } from "../../shared/engine/CycleStatus";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { waitFor } from "./waitFor";

/** GET /api/status of a running local stack. */
export async function status(stack: LocalStack): Promise<CycleReport> {
  const res = await fetch(`${stack.apiUrl()}/status`);
  if (res.status !== 200) throw new Error(`status answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CycleReport;
}

/** Waits until the cycle `cycleId` (or the current one) has converged: delta committed and backlog empty. */
export async function waitForConvergence(
  stack: LocalStack,
  cycleId?: string,
  timeoutMs = 60_000,
): Promise<CycleReport> {
  return waitFor(
    async () => {
      const r = await status(stack);
      if (r.lastError && r.phase === "failed")
        throw new Error(`cycle failed: ${r.lastError.code}: ${r.lastError.message}`);
      return (cycleId === undefined || r.cycleId === cycleId) && r.converged ? r : undefined;
    },
    { timeoutMs, intervalMs: 100, what: `cycle ${cycleId ?? "(current)"} to converge` },
  );
}

/** Starts a cycle through POST /api/cycles and waits until it has converged. */
export async function runCycle(
  stack: LocalStack,
  options: { full?: boolean; timeoutMs?: number } = {},
): Promise<CycleReport> {
  const started = await waitFor(
    async () => {
      const res = await fetch(`${stack.apiUrl()}/cycles${options.full ? "?full=true" : ""}`, { method: "POST" });
      const body = (await res.json()) as { started: boolean; cycleId?: string };
      return body.started ? body : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, what: "a cycle to start" },
  );
  return waitForConvergence(stack, started.cycleId, options.timeoutMs);
}
