import { createHash } from "node:crypto";
import { describeError } from "../errors";
import type { GroupsDeltaPageMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import { computeScopeChange } from "../scope/computeScopeChange";
import type { ActivityRecord } from "../state/ActivityRecord";
import type { GroupCursor } from "../state/JobState";
import { leaseHeld } from "../state/JobState";
import { METRICS } from "../telemetry/telemetryNames";
import { cycleReport } from "./CycleStatus";
import type { EngineContext } from "./EngineContext";

/** How long a cycle's lease lasts without progress; every delta page renews it. */
export const CYCLE_LEASE_MS = 10 * 60_000;
/** A cycle whose backlog has not drained after this long no longer holds up the next one. */
export const MAX_APPLY_WAIT_MS = 6 * 60 * 60_000;
const PURGE_INTERVAL_MS = 24 * 60 * 60_000;

export interface StartCycleOptions {
  /** Force a full re-read (restart), discarding the stored delta link. */
  full?: boolean;
  trigger: "timer" | "manual";
}

export type StartCycleResult =
  | { started: true; cycleId: string; full: boolean; scopeAdded: number; scopeRemoved: number }
  | { started: false; reason: string; cycleId?: string };

/**
 * Starts a provisioning cycle (the timer function's whole job): takes the cycle lease (compare-and-set on the job row, so
 * cycles never overlap, and a cycle whose work is still being applied holds off the next), stores the assignments from a
 * complete read, and queues the first groups/delta page; the groups round then derives the scope and starts the users
 * round. It never does per-user work itself.
 */
export class CycleStarter {
  constructor(private readonly ctx: EngineContext) {}

  async start(options: StartCycleOptions): Promise<StartCycleResult> {
    const { ctx } = this;
    const now = ctx.clock();
    const cycleId = ctx.newId();
    const mappingProblem = ctx.mappingProblem();
    if (mappingProblem) {
      const at = now.toISOString();
      await ctx.jobs.mutate(ctx.jobId, (s) => ({
        state: { ...s, lastError: { code: "MappingFileInvalid", message: mappingProblem, at } },
        result: undefined,
      }));
      return { started: false, reason: `${mappingProblem} Fix the file; the previous mapping stays in force.` };
    }
    const configHash = provisioningConfigHash(ctx);
    // Cycles run back to back: the previous one is finished only when its queued work is applied (or recorded).
    const previous = await ctx.jobs.get(ctx.jobId);
    if (previous.cyclePhase === "committed" && previous.cycleId) {
      const backlog = await ctx.pending.count(previous.cycleId);
      ctx.telemetry.trackMetric(METRICS.backlog, backlog, { cycleId: previous.cycleId });
      if (backlog === 0) await this.reportConverged(previous.cycleId);
    }
    if (previous.cyclePhase === "committed" && previous.cycleId && !options.full) {
      const backlog = await ctx.pending.count(previous.cycleId);
      const age = now.getTime() - Date.parse(previous.lastCommittedAt ?? previous.cycleStartedAt ?? "");
      if (backlog > 0 && !(age > MAX_APPLY_WAIT_MS)) {
        return {
          started: false,
          reason: `cycle ${previous.cycleId} is still applying ${backlog} change(s)`,
          cycleId: previous.cycleId,
        };
      }
    }
    const taken = await ctx.jobs.mutate(ctx.jobId, (s) => {
      if (s.paused) return { state: undefined, result: { ok: false, reason: "the job is paused" } };
      if (leaseHeld(s, now)) {
        return { state: undefined, result: { ok: false, reason: `cycle ${s.cycleId ?? "?"} is still reading Graph` } };
      }
      const configChanged = s.deltaLink !== undefined && s.configHash !== configHash;
      const full = options.full === true || !s.deltaLink || configChanged;
      const fullReason = options.full
        ? "restart requested"
        : !s.deltaLink
          ? "initial cycle"
          : configChanged
            ? "the attribute mapping or scoping configuration changed: every managed user is re-evaluated"
            : undefined;
      const next = {
        ...s,
        leaseOwner: cycleId,
        leaseExpiresAt: new Date(now.getTime() + CYCLE_LEASE_MS).toISOString(),
        cycleId,
        cycleStartedAt: now.toISOString(),
        cycleFull: full,
        cyclePhase: "reading" as const,
        round: s.round + 1,
        nextPageIndex: 0,
        nextPageEnqueued: false,
        pagesRead: 0,
        objectsRead: 0,
        cycleConfigHash: configHash,
        groupCursor: {
          round: (s.groupCursor?.round ?? 0) + 1,
          phase: "reading" as const,
          full: options.full === true || !s.groupsDeltaLink,
          nextPageIndex: 0,
          nextPageEnqueued: false,
          pagesRead: 0,
          groupsRead: 0,
          ...(options.full !== true && s.groupsDeltaLink ? { nextPageUrl: s.groupsDeltaLink } : {}),
        },
      };
      if (full) delete next.nextPageUrl;
      else next.nextPageUrl = s.deltaLink;
      if (fullReason) next.fullReason = fullReason;
      else delete next.fullReason;
      return { state: next, result: { ok: true, reason: "" } };
    });
    if (!taken.result.ok)
      return {
        started: false,
        reason: taken.result.reason,
        ...(taken.state.cycleId ? { cycleId: taken.state.cycleId } : {}),
      };
    const state = taken.state;

    try {
      const { added, removed } = await this.refreshScope(cycleId);
      // The groups round comes first: the scope it yields decides which users the users round provisions.
      const cursor = state.groupCursor as GroupCursor;
      const first: GroupsDeltaPageMessage = {
        kind: "groupsDeltaPage",
        jobId: ctx.jobId,
        cycleId,
        round: cursor.round,
        pageIndex: 0,
        ...(cursor.nextPageUrl ? { url: cursor.nextPageUrl } : {}),
        full: cursor.full,
      };
      await ctx.queue.send(QUEUES.deltaPages, first);
      await ctx.jobs.mutate(ctx.jobId, (s) =>
        s.cycleId === cycleId && s.groupCursor?.nextPageIndex === 0
          ? { state: { ...s, groupCursor: { ...s.groupCursor, nextPageEnqueued: true } }, result: undefined }
          : { state: undefined, result: undefined },
      );
      await this.purgeOldActivity();
      ctx.log.info(
        `Cycle ${cycleId} started (${state.cycleFull ? `full read: ${state.fullReason ?? "restart"}` : "incremental"}); ` +
          `scope +${added}/-${removed}.`,
      );
      return { started: true, cycleId, full: state.cycleFull, scopeAdded: added, scopeRemoved: removed };
    } catch (e) {
      const { code, message } = describeError(e);
      const at = ctx.clock().toISOString();
      await ctx.jobs.mutate(ctx.jobId, (s) => {
        if (s.cycleId !== cycleId) return { state: undefined, result: undefined };
        const next = { ...s, cyclePhase: "failed" as const, lastError: { code, message, at } };
        delete next.leaseOwner;
        delete next.leaseExpiresAt;
        return { state: next, result: undefined };
      });
      await ctx.activity.append(
        jobRecord(ctx, cycleId, "Failure", `The cycle could not start: ${message}`, code, message),
      );
      throw e;
    }
  }

  /** Sends the converged cycle's duration (start to last applied change) once, as the CycleDurationSeconds metric. */
  private async reportConverged(cycleId: string): Promise<void> {
    const { ctx } = this;
    const claimed = await ctx.jobs.mutate(ctx.jobId, (s) =>
      s.cycleId === cycleId && s.reportedCycleId !== cycleId
        ? { state: { ...s, reportedCycleId: cycleId }, result: true }
        : { state: undefined, result: false },
    );
    if (!claimed.result) return;
    const report = await cycleReport(ctx);
    if (report.cycleId === cycleId && report.durationSeconds !== undefined) {
      ctx.telemetry.trackMetric(METRICS.cycleDurationSeconds, report.durationSeconds, {
        cycleId,
        full: String(report.full),
      });
    }
  }

  /** At most once a day, deletes activity records older than the retention period. Failures are logged, not fatal. */
  private async purgeOldActivity(): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock();
    const claimed = await ctx.jobs.mutate(ctx.jobId, (s) => {
      if (s.lastPurgeAt && now.getTime() - Date.parse(s.lastPurgeAt) < PURGE_INTERVAL_MS) {
        return { state: undefined, result: false };
      }
      return { state: { ...s, lastPurgeAt: now.toISOString() }, result: true };
    });
    if (!claimed.result) return;
    const before = new Date(now.getTime() - ctx.activityRetentionDays * 86_400_000);
    try {
      const removed = await ctx.activity.purge(before);
      if (removed > 0) ctx.log.info(`Purged ${removed} activity rows older than ${before.toISOString()}.`);
    } catch (e) {
      const { code, message } = describeError(e);
      ctx.log.warn(`Could not purge old activity records (${code}: ${message}); will try again tomorrow.`);
    }
  }

  /**
   * Reads every assignment (a complete read, or an exception) and stores the new assignment scope. The users and groups
   * it affects are queued by the ScopeMaterializer once the groups round is read, so nested memberships count too.
   */
  private async refreshScope(cycleId: string): Promise<{ added: number; removed: number }> {
    const { ctx } = this;
    const [assignments, roles] = await Promise.all([
      ctx.graph.listAppRoleAssignments(ctx.servicePrincipalId),
      ctx.graph.getAppRoles(ctx.servicePrincipalId),
    ]);
    const appRoles = Object.fromEntries(roles.map((r) => [r.id, { value: r.value, displayName: r.displayName }]));
    await ctx.jobs.mutate(ctx.jobId, (s) =>
      JSON.stringify(s.appRoles ?? {}) === JSON.stringify(appRoles)
        ? { state: undefined, result: undefined }
        : { state: { ...s, appRoles }, result: undefined },
    );
    const previous = await ctx.scope.list(ctx.jobId);
    const change = computeScopeChange(previous, assignments);
    if (change.suspiciousEmpty) {
      await ctx.activity.append(
        jobRecord(
          ctx,
          cycleId,
          "Warning",
          `Microsoft Graph returned no assignments for the Slack application, although ${previous.size} were stored. ` +
            "The previous scope is kept and nobody is deactivated. If every assignment was really removed, remove them " +
            "in steps.",
        ),
      );
      return { added: 0, removed: 0 };
    }
    await ctx.scope.apply(
      ctx.jobId,
      change.added,
      change.removed.map((r) => r.principalId),
    );
    return { added: change.added.length, removed: change.removed.length };
  }
}

/** Hash of everything that decides what Slack should hold; a change re-evaluates every managed user (Entra's resync). */
export function provisioningConfigHash(ctx: Pick<EngineContext, "mapping">): string {
  return createHash("sha256").update(JSON.stringify(ctx.mapping)).digest("hex").slice(0, 16);
}

/** A job-level activity record (cycle start failures, scope warnings, delta resets). */
export function jobRecord(
  ctx: EngineContext,
  cycleId: string,
  status: ActivityRecord["status"],
  reason: string,
  errorCode?: string,
  errorMessage?: string,
): ActivityRecord {
  return {
    jobId: ctx.jobId,
    cycleId,
    changeId: ctx.newId(),
    at: ctx.clock().toISOString(),
    objectType: "Job",
    objectId: ctx.jobId,
    action: "Other",
    status,
    reason,
    steps: [],
    modifiedProperties: [],
    ...(errorCode ? { errorCode } : {}),
    ...(errorMessage ? { errorMessage } : {}),
  };
}
