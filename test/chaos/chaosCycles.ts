import type { LocalStack } from "../../dev/stack/startLocalStack";
import type { CycleReport } from "../../shared/engine/CycleStatus";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import type { HeldRemoval } from "../../shared/state/HeldRemoval";
import { status } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";
import type { HeldSet } from "./compareSlack";

/** Polling the status reads the cycle's activity records: every half second is enough and keeps the host's load low. */
const STATUS_POLL_MS = 500;

/** Starts a cycle through POST /api/cycles (retried while the host restarts or the previous cycle still has work). */
export async function startCycle(stack: LocalStack, options: { full?: boolean; timeoutMs?: number } = {}) {
  const started = await waitFor(
    async () => {
      const res = await fetch(`${stack.apiUrl()}/cycles${options.full ? "?full=true" : ""}`, { method: "POST" });
      if (!res.ok) return undefined;
      const body = (await res.json()) as { started: boolean; cycleId?: string };
      return body.started && body.cycleId ? body.cycleId : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 120_000, intervalMs: 250, what: "a cycle to start" },
  );
  return started;
}

/** The outcome of waiting for a cycle: converged (with its report), or failed (the next cycle starts over). */
export type CycleOutcome = { converged: true; report: CycleReport } | { converged: false; report: CycleReport };

/** Waits until the cycle has converged or failed; a host being restarted is simply polled again. */
export async function waitForCycle(stack: LocalStack, cycleId: string, timeoutMs: number): Promise<CycleOutcome> {
  return waitFor(
    async (): Promise<CycleOutcome | undefined> => {
      const r = await status(stack);
      if (r.cycleId !== cycleId) throw new Error(`another cycle (${r.cycleId}) replaced ${cycleId}`);
      if (r.phase === "failed") return { converged: false, report: r };
      return r.converged ? { converged: true, report: r } : undefined;
    },
    { timeoutMs, intervalMs: STATUS_POLL_MS, what: `cycle ${cycleId} to converge` },
  );
}

/** Waits until neither emulator holds a timed-out request that it will still apply (a late write lands first). */
export async function waitForQuietEmulators(stack: LocalStack, timeoutMs: number): Promise<void> {
  await waitFor(
    () =>
      stack.slack.store.randomFaultCounts().hanging === 0 && stack.graph.directory.randomFaultCounts().hanging === 0,
    { timeoutMs, intervalMs: 100, what: "the emulators' held requests to end" },
  );
}

/** GET /api/held: the ids the deletion guard holds, by type; throws if the list is cut (more than 1000). */
export async function heldSet(stack: LocalStack): Promise<HeldSet> {
  const res = await fetch(`${stack.apiUrl()}/held`);
  if (res.status !== 200) throw new Error(`GET /api/held answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { entries: HeldRemoval[]; more: boolean };
  if (body.more) throw new Error("GET /api/held lists more than 1000 removals; the chaos run cannot check them all.");
  const ids = (type: HeldRemoval["objectType"]) =>
    new Set(body.entries.filter((e) => e.objectType === type).map((e) => e.objectId));
  return { users: ids("User"), groups: ids("Group") };
}

/** The run's Failure records since `from`: escrows (retried later) and permanent failures, by object. */
export async function failureRecords(
  stack: LocalStack,
  from: Date,
): Promise<{ escrowed: ActivityRecord[]; failed: ActivityRecord[] }> {
  const res = await fetch(`${stack.apiUrl()}/activity?status=Failure&limit=5000&from=${from.toISOString()}`);
  if (res.status !== 200) throw new Error(`GET /api/activity answered ${res.status}: ${await res.text()}`);
  const records = ((await res.json()) as ActivityRecord[]).filter((r) => r.objectType !== "Job");
  return { escrowed: records.filter((r) => r.escrowed), failed: records.filter((r) => !r.escrowed) };
}
