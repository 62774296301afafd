import { DEFAULT_USER_POLICIES } from "../policies/UserPolicies";
import { createHash } from "node:crypto";
import { describeError } from "../errors";
import { computeScopeChange } from "../scope/computeScopeChange";
import {
  activityPurgeClaimed,
  appRolesRead,
  convergenceReported,
  cycleFailed,
  cycleStarted,
  errorRecorded,
  quarantineLifted,
} from "../state/JobState";
import { METRICS } from "../telemetry/telemetryNames";
import { cycleReport } from "./CycleStatus";
import { cycleSummary } from "./cycleSummary";
import type { EngineContext } from "./EngineContext";
import { enterQuarantine } from "./enterQuarantine";
import { flushDeferredMembers, resendInterruptedFlush } from "./flushDeferredMembers";
import { requeueRejected } from "./heldRemovals";
import { jobRecord } from "./jobRecord";
import { ESCROW_PROPORTION_MINIMUM } from "./escrowProportion";
import { quarantineOnEscrowProportion } from "./quarantineOnEscrowProportion";
import { assignmentTouches } from "../scope/assignmentTouches";
import { RemovalGate } from "./RemovalGate";
import { sendDeltaPage } from "./sendDeltaPage";

/** A cycle whose backlog has not drained after this long no longer holds up the next one. */
export const MAX_APPLY_WAIT_MS = 6 * 60 * 60_000;
const PURGE_INTERVAL_MS = 24 * 60 * 60_000;

export interface StartCycleOptions {
  /** Force a full re-read (restart), discarding the stored delta link. */
  full?: boolean;
  /** timer and notification cycles wait out a quarantine's interval; an operator's manual start does not. */
  trigger: "timer" | "manual" | "notification";
}

export type StartCycleResult =
  | { started: true; cycleId: string; full: boolean; scopeAdded: number; scopeRemoved: number }
  | { started: false; reason: string; cycleId?: string };

export type CycleStarterPorts = Pick<
  EngineContext,
  | "jobId"
  | "jobs"
  | "graph"
  | "servicePrincipalId"
  | "scope"
  | "scopeTouches"
  | "pending"
  | "queue"
  | "activity"
  | "escrows"
  | "removals"
  | "removalGuard"
  | "links"
  | "groupLinks"
  | "memberChanges"
  | "activityRetentionDays"
  | "mapping"
  | "policies"
  | "mappingProblem"
  | "slackHealth"
  | "telemetry"
  | "clock"
  | "newId"
  | "log"
>;

/**
 * Starts a provisioning cycle (the timer function's whole job): takes the cycle lease (compare-and-set on the job row, so
 * cycles never overlap, and a cycle whose work is still being applied holds off the next), stores the assignments from a
 * complete read, and queues the first groups/delta page; the groups round then derives the scope and starts the users
 * round. It never does per-user work itself.
 */
export class CycleStarter {
  constructor(private readonly ctx: CycleStarterPorts) {}

  async start(options: StartCycleOptions): Promise<StartCycleResult> {
    const { ctx } = this;
    const now = ctx.clock();
    const cycleId = ctx.newId();
    const mappingProblem = ctx.mappingProblem();
    if (mappingProblem) {
      await ctx.jobs.apply(ctx.jobId, errorRecorded("MappingFileInvalid", mappingProblem, now));
      return { started: false, reason: `${mappingProblem} Fix the file; the previous mapping stays in force.` };
    }
    const configHash = provisioningConfigHash(ctx);
    // Cycles run back to back: the previous one is finished only when its queued work is applied (or recorded).
    const previous = await ctx.jobs.get(ctx.jobId);
    if (previous.cyclePhase === "committed" && previous.cycleId) {
      await resendInterruptedFlush(ctx, previous, previous.cycleId);
      const backlog = await ctx.pending.count(previous.cycleId);
      ctx.telemetry.trackMetric(METRICS.backlog, backlog, { cycleId: previous.cycleId });
      if (backlog === 0) {
        // Member changes its full users round deferred (normally flushed by its probe already) are applied first.
        const flushed = await flushDeferredMembers(ctx, previous.cycleId);
        if (flushed > 0 && !options.full) {
          return {
            started: false,
            reason: `cycle ${previous.cycleId} is applying the member changes of ${flushed} group(s) its full round deferred`,
            cycleId: previous.cycleId,
          };
        }
        // The deletion guard's gate (normally run by its probe already): released removals are applied before the
        // cycle counts as converged.
        const gate = await new RemovalGate(ctx).run(previous.cycleId);
        const released = gate.released.users + gate.released.groups;
        if (released > 0 && !options.full) {
          return {
            started: false,
            reason: `cycle ${previous.cycleId} is applying ${released} removal(s) the deletion guard released`,
            cycleId: previous.cycleId,
          };
        }
        // In this order: a cycle that escrowed most of its work strikes (with its own id) before its convergence is
        // reported and before it could lift the quarantine, so it keeps the job quarantined instead.
        await quarantineOnEscrowProportion(ctx, previous);
        await this.reportConverged(previous.cycleId);
        await this.leaveQuarantine(previous.cycleId);
      }
      const age = now.getTime() - Date.parse(previous.lastCommittedAt ?? previous.cycleStartedAt ?? "");
      if (!options.full && backlog > 0 && !(age > MAX_APPLY_WAIT_MS)) {
        return {
          started: false,
          reason: `cycle ${previous.cycleId} is still applying ${backlog} change(s)`,
          cycleId: previous.cycleId,
        };
      }
    }
    const taken = await ctx.jobs.apply(
      ctx.jobId,
      cycleStarted({ cycleId, now, restart: options.full === true, configHash, trigger: options.trigger }),
    );
    if (!taken.applied) {
      return {
        started: false,
        reason: taken.declined ?? "the cycle could not take the lease",
        ...(taken.state.cycleId ? { cycleId: taken.state.cycleId } : {}),
      };
    }
    const state = taken.state;

    try {
      // The Slack token still works and its owner may still use SCIM; else the catch below quarantines the job.
      await ctx.slackHealth.verify();
      const { added, removed } = await this.refreshScope(cycleId);
      // Rejected removals are evaluated again in this cycle; queued before the first page, so the cycle cannot look
      // converged before their runs are in its backlog.
      const requeued = await requeueRejected(ctx, cycleId);
      if (requeued > 0) ctx.log.info(`Cycle ${cycleId}: ${requeued} rejected removal(s) are evaluated again.`);
      // The groups round comes first: the scope it yields decides which users the users round provisions.
      const groups = state.groups;
      await sendDeltaPage(ctx, "groups", {
        cycleId,
        round: groups.round,
        pageIndex: 0,
        ...(groups.nextPageUrl ? { url: groups.nextPageUrl } : {}),
        full: groups.full,
      });
      await this.purgeOldActivity();
      ctx.log.info(
        `Cycle ${cycleId} started (${state.users.full ? `full read: ${state.fullReason ?? "restart"}` : "incremental"}); ` +
          `scope +${added}/-${removed}.`,
      );
      return { started: true, cycleId, full: state.users.full, scopeAdded: added, scopeRemoved: removed };
    } catch (e) {
      const { code, message } = describeError(e);
      await ctx.jobs.apply(ctx.jobId, cycleFailed({ cycleId, code, message, now: ctx.clock() }));
      await enterQuarantine(ctx, cycleId, e);
      await ctx.activity.append(
        jobRecord(ctx, {
          cycleId,
          status: "Failure",
          reason: `The cycle could not start: ${message}`,
          error: { code, message },
        }),
      );
      throw e;
    }
  }

  /** Sends the converged cycle's duration (start to last applied change) once, as the CycleDurationSeconds metric. */
  private async reportConverged(cycleId: string): Promise<void> {
    const { ctx } = this;
    const claimed = await ctx.jobs.apply(ctx.jobId, convergenceReported(cycleId));
    if (!claimed.applied) return;
    const report = await cycleReport(ctx);
    if (report.cycleId === cycleId && report.durationSeconds !== undefined) {
      ctx.telemetry.trackMetric(METRICS.cycleDurationSeconds, report.durationSeconds, {
        cycleId,
        full: String(report.full),
      });
      const summary = cycleSummary(report, (await ctx.jobs.get(ctx.jobId)).cycleTrigger);
      if (summary) await ctx.activity.recordCycle(summary);
    }
  }

  /** A cycle converged without a quarantine strike of its own: the job leaves quarantine by itself, and says so. */
  private async leaveQuarantine(cycleId: string): Promise<void> {
    const { ctx } = this;
    // A quarantine for escrowing most of the work lasts while that many objects are still escrowed: a cycle that did
    // not retry them yet (they were not due) proves nothing; their retries either clear them or strike again.
    const { quarantine } = await ctx.jobs.get(ctx.jobId);
    if (quarantine?.reason === "EncounteredEscrowProportionThreshold") {
      const stillEscrowed = await ctx.escrows.list(ctx.jobId, ESCROW_PROPORTION_MINIMUM);
      if (stillEscrowed.entries.length >= ESCROW_PROPORTION_MINIMUM) return;
    }
    const lifted = await ctx.jobs.apply(ctx.jobId, quarantineLifted(cycleId));
    if (!lifted.applied) return;
    const reason = `Cycle ${cycleId} converged: the job left quarantine and its timer cycles run on schedule again.`;
    await ctx.activity.append(jobRecord(ctx, { cycleId, status: "Success", reason }));
    ctx.log.info(reason);
  }

  /** At most once a day, deletes activity records older than the retention period. Failures are logged, not fatal. */
  private async purgeOldActivity(): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock();
    const claimed = await ctx.jobs.apply(ctx.jobId, activityPurgeClaimed(now, PURGE_INTERVAL_MS));
    if (!claimed.applied) return;
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
    await ctx.jobs.apply(ctx.jobId, appRolesRead(appRoles));
    const previous = await ctx.scope.list(ctx.jobId);
    const change = computeScopeChange(previous, assignments);
    if (change.suspiciousEmpty) {
      await ctx.activity.append(
        jobRecord(ctx, {
          cycleId,
          status: "Warning",
          reason:
            `Microsoft Graph returned no assignments for the Slack application, although ${previous.size} were stored. ` +
            "The previous scope is kept and nobody is deactivated. If every assignment was really removed, remove them " +
            "in steps.",
        }),
      );
      return { added: 0, removed: 0 };
    }
    // The principals whose assignment changed are touches of the scope, recorded before the assignments are, so the
    // scope derived in this cycle (or, should it fail, a later one) derives their users again.
    await ctx.scopeTouches.record(ctx.jobId, assignmentTouches([...change.added, ...change.removed]));
    await ctx.scope.apply(
      ctx.jobId,
      change.added,
      change.removed.map((r) => r.principalId),
    );
    return { added: change.added.length, removed: change.removed.length };
  }
}

/**
 * Hash of everything that decides what Slack should hold; a change re-evaluates every managed user (Entra's resync).
 * An attribute's `sensitive` flag decides only what the activity log keeps, so it is left out.
 */
export function provisioningConfigHash(ctx: Pick<EngineContext, "mapping" | "policies">): string {
  const mapping = {
    ...ctx.mapping,
    attributes: ctx.mapping.attributes.map(({ sensitive: _sensitive, ...rest }) => rest),
  };
  // The default policies leave the hash as it was before they existed, so an upgrade does not force a full read.
  const policies =
    JSON.stringify(ctx.policies) === JSON.stringify(DEFAULT_USER_POLICIES) ? "" : JSON.stringify(ctx.policies);
  return createHash("sha256")
    .update(JSON.stringify(mapping) + policies)
    .digest("hex")
    .slice(0, 16);
}
