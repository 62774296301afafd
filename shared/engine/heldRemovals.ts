import type { HeldRemoval } from "../state/HeldRemoval";
import { heldCounted } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import { jobRecord } from "./jobRecord";
import { queueGroupWork, queueReleasedRemovals, queueUserWork } from "./queueWork";

export type HeldRemovalsPorts = Pick<
  EngineContext,
  | "jobId"
  | "jobs"
  | "removals"
  | "activity"
  | "pending"
  | "queue"
  | "groupLinks"
  | "telemetry"
  | "clock"
  | "newId"
  | "log"
>;

/** The most held removals one approve or reject handles (the rest stay held; run it again). */
export const MAX_DECISION = 100_000;

/** What an operator's decision changed. */
export interface HeldDecision {
  users: number;
  groups: number;
  /** Held removals left (not named in the request, or beyond MAX_DECISION). */
  remaining: { users: number; groups: number };
}

/** Who decided, for the activity record (the API's caller, the CLI, the dashboard). */
export interface DecisionInput {
  /** Only these objects (Entra object ids); all held removals when absent. */
  objectIds?: readonly string[];
  by: string;
}

/**
 * The operator approves held removals: the runs that apply them are queued in the current cycle (each run decides
 * again from the latest state, so a user who came back in scope meanwhile is not deactivated), and their rows cleared.
 */
export async function approveHeld(ctx: HeldRemovalsPorts, input: DecisionInput): Promise<HeldDecision> {
  const state = await ctx.jobs.get(ctx.jobId);
  const cycleId = state.cycleId ?? ctx.newId();
  const rows = await heldRows(ctx, input.objectIds);
  const origin = `approve:${ctx.newId()}`;
  for (const type of ["User", "Group"] as const) {
    const ids = rows.filter((r) => r.objectType === type).map((r) => r.objectId);
    if (ids.length > 0) await queueReleasedRemovals(ctx, cycleId, type, ids, origin);
  }
  for (const r of rows) await ctx.removals.remove(ctx.jobId, r.objectType, r.objectId, "held");
  return decided(ctx, cycleId, rows, "approved", input.by, "their runs are queued and apply them now");
}

/**
 * The operator rejects held removals: nothing is removed, and each object is evaluated again in the next cycle (held
 * again if the cause is still there and still above the limits; a restored assignment makes it moot).
 */
export async function rejectHeld(ctx: HeldRemovalsPorts, input: DecisionInput): Promise<HeldDecision> {
  const state = await ctx.jobs.get(ctx.jobId);
  const rows = await heldRows(ctx, input.objectIds);
  await ctx.removals.put(
    ctx.jobId,
    rows.map((r) => ({ ...r, state: "rejected" as const })),
  );
  return decided(ctx, state.cycleId ?? "", rows, "rejected", input.by, "they are evaluated again in the next cycle");
}

/** At the start of a cycle: queues the objects whose removal was rejected, to evaluate them again. */
export async function requeueRejected(ctx: HeldRemovalsPorts, cycleId: string): Promise<number> {
  let requeued = 0;
  for (const objectType of ["User", "Group"] as const) {
    const { entries } = await ctx.removals.list(ctx.jobId, { state: "rejected", objectType }, MAX_DECISION);
    if (entries.length === 0) continue;
    const ids = entries.map((r) => r.objectId);
    const origin = `rejected:${cycleId}`;
    if (objectType === "User") await queueUserWork(ctx, cycleId, ids, "removal", origin);
    else await queueGroupWork(ctx, cycleId, ids, "removal", origin);
    // A run that staged the removal again meanwhile changed the row's state: that row stays.
    for (const r of entries) await ctx.removals.remove(ctx.jobId, r.objectType, r.objectId, "rejected");
    requeued += entries.length;
  }
  return requeued;
}

/** Counts the held rows (from their counter) and stores the held summary of the job row (cleared when none is left). */
export async function countHeld(
  ctx: Pick<EngineContext, "jobId" | "jobs" | "removals" | "clock">,
  decision?: { cycleId: string; reason: string },
): Promise<{ users: number; groups: number }> {
  const counted = await ctx.removals.counts(ctx.jobId);
  const counts = { users: counted.User.held, groups: counted.Group.held };
  await ctx.jobs.apply(ctx.jobId, heldCounted({ ...counts, now: ctx.clock(), ...(decision ? { decision } : {}) }));
  return counts;
}

/** The held set for the status and the dashboard: the first `limit` of each kind, and whether there are more. */
export async function listHeld(
  ctx: Pick<EngineContext, "jobId" | "removals">,
  limit: number,
): Promise<{ entries: HeldRemoval[]; more: boolean }> {
  const users = await ctx.removals.list(ctx.jobId, { state: "held", objectType: "User" }, limit);
  const groups = await ctx.removals.list(ctx.jobId, { state: "held", objectType: "Group" }, limit);
  return {
    entries: [...groups.entries, ...users.entries].slice(0, limit),
    more: users.more || groups.more || users.entries.length + groups.entries.length > limit,
  };
}

async function heldRows(ctx: HeldRemovalsPorts, objectIds: readonly string[] | undefined): Promise<HeldRemoval[]> {
  const wanted = objectIds ? new Set(objectIds) : undefined;
  const rows: HeldRemoval[] = [];
  for (const objectType of ["User", "Group"] as const) {
    const { entries } = await ctx.removals.list(ctx.jobId, { state: "held", objectType }, MAX_DECISION);
    rows.push(...entries.filter((r) => !wanted || wanted.has(r.objectId)));
  }
  return rows;
}

async function decided(
  ctx: HeldRemovalsPorts,
  cycleId: string,
  rows: readonly HeldRemoval[],
  verb: "approved" | "rejected",
  by: string,
  what: string,
): Promise<HeldDecision> {
  const users = rows.filter((r) => r.objectType === "User").length;
  const groups = rows.length - users;
  const remaining = await countHeld(ctx);
  if (rows.length > 0) {
    const reason =
      `${by} ${verb} ${users} held deactivation(s) and ${groups} held group deletion(s): ${what}.` +
      (remaining.users + remaining.groups > 0
        ? ` Still held: ${remaining.users} deactivation(s), ${remaining.groups} group deletion(s).`
        : "");
    const record = jobRecord(ctx, { cycleId, status: "Success", reason });
    await ctx.activity.append(record);
    ctx.telemetry.trackChange(record);
    ctx.log.info(reason);
  }
  return { users, groups, remaining };
}
