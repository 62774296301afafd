import { classifyFailure, isRetryable } from "../errors";
import type { ActivityRecord, ActivityStep, ModifiedProperty } from "../state/ActivityRecord";
import type { IdentityLink, QueueMark } from "../state/IdentityLink";
import type { IdentityLinkStore } from "../state/StatePorts";
import { METRICS } from "../telemetry/telemetryNames";
import type { EngineContext } from "./EngineContext";
import type { LeasedLink } from "./linkLease";
import { acquireLinkLease, releaseLinkLease, saveAndRelease } from "./linkLease";
import { enterQuarantine } from "./enterQuarantine";
import { resendPending } from "./queueWork";
import { flushIfDrained } from "./flushDeferredMembers";
import type { Delivery } from "../queue/Delivery";
import { isFirstDelivery } from "../queue/Delivery";
import { queueRemovalProbe } from "./RemovalGate";
import { heldRemoved } from "../state/JobState";
import type { SlackExchange } from "../slack/slackExchanges";
import { recordSlackExchanges } from "../slack/slackExchanges";
import { activityRequests } from "../activity/activityRequests";
import { redactModifiedProperties } from "../activity/redactModifiedProperties";
import { sensitiveSlots } from "../activity/SensitiveSlots";

/** What one run decided and did for its object: the activity record's body and the link's new content. */
export interface ProvisionOutcome {
  action: ActivityRecord["action"];
  status: ActivityRecord["status"];
  reason: string;
  modified: ModifiedProperty[];
  link: IdentityLink;
  error?: { code: string; message: string };
  /** The setting that decided a Skip (see ActivityRecord.policy). */
  policy?: string;
  membersAdded?: string[];
  membersRemoved?: string[];
  /** Nothing changed and nothing needs recording (the link is still written, the lease released). */
  quiet?: boolean;
  /**
   * The run decided to remove the object from Slack (deactivate, delete) and did not: the removal is staged for the
   * cycle's removal gate (the deletion guard), with the evidence that called for it.
   */
  stagedRemoval?: { evidence: string };
}

/** What a run collects while it works: the steps taken so far and the object's name for humans. */
export interface ProvisionRun {
  readonly steps: ActivityStep[];
  identity?: string;
  /** Objects whose state depends on this one's (a user's groups), for `afterSave`. */
  dependents?: readonly string[];
  /**
   * This run follows one that failed or died (a retried message, or a lease taken over from a crashed run): it may
   * have written to Slack without recording it, so nothing taken before it (the cycle's snapshot of Slack) is trusted.
   */
  recovering?: boolean;
}

/** One run's input: the message, the object's link as leased (its state before the run), and the run's record. */
export interface ProvisionItem<M> {
  msg: M;
  link: IdentityLink;
  run: ProvisionRun;
}

/** The part of a queue message every provisioning run reads. */
export interface ProvisionWork {
  cycleId: string;
  changeId: string;
  /** The message's row in the cycle's backlog (`${origin}|${changeId}`). */
  pendingKey?: string;
  /** Why the work was queued ("retry": an escrowed object's automatic retry). */
  reason?: string;
  /** The deletion guard released this object's removal (or an operator approved it): the run may apply it. */
  removal?: "released";
}

export type ObjectProvisionerPorts = Pick<
  EngineContext,
  | "jobId"
  | "jobs"
  | "pending"
  | "queue"
  | "activity"
  | "escrows"
  | "removals"
  | "telemetry"
  | "slack"
  | "userLeaseMs"
  | "clock"
  | "newId"
  | "log"
  | "mapping"
  | "groupLinks"
  | "memberChanges"
>;

/**
 * An operator asked for this run now (provision on demand): the run is the same, but its activity record is written
 * even when nothing changed (the operator's answer is that record) and says who asked.
 */
export interface OnDemandRequest {
  requestedBy: string;
}

/** What kind of object a provisioner handles: its activity-log type, its link table, and its id in a message. */
export interface ObjectKind<M> {
  objectType: "User" | "Group";
  links: IdentityLinkStore;
  objectIdOf(msg: M): string;
  /** The "queued" marks a run of this message covers (consumed when it starts); default: all of them. */
  marksCoveredBy?(msg: M): readonly QueueMark[];
}

/** Slack 429s already reported, per Slack target's counters (shared by every provisioner of a process). */
const throttledReported = new WeakMap<object, number>();

/**
 * The skeleton every provisioner shares: re-send what a crashed run had queued, take the object's lease, let the
 * provisioner decide and act, turn a permanent error into a recorded Failure (retryable ones release the lease and go
 * back to the queue; refused credentials also put the job in quarantine), write the link and release the lease in one
 * write, append the activity record, send telemetry, and clear the message's backlog row. A provisioner supplies only
 * its own decisions: which link table, how its object is named, what to do, and what follows a change.
 */
export abstract class ObjectProvisioner<M extends ProvisionWork> {
  constructor(
    private readonly base: ObjectProvisionerPorts,
    private readonly kind: ObjectKind<M>,
  ) {}

  /** Decides and acts. Throws on errors; a permanent one becomes a recorded Failure for this object. */
  protected abstract execute(work: ProvisionItem<M>): Promise<ProvisionOutcome>;

  /** What follows a stored change (queue dependent work). Default: nothing. */
  protected afterSave(_msg: M, _before: IdentityLink, _after: IdentityLink, _run: ProvisionRun): Promise<void> {
    return Promise.resolve();
  }

  /** Runs the message's object; resolves with its activity record (always one for an on-demand run). */
  async provision(msg: M, onDemand?: OnDemandRequest, delivery?: Delivery): Promise<ActivityRecord | undefined> {
    const ctx = this.base;
    const started = ctx.clock();
    const objectId = this.kind.objectIdOf(msg);
    const retried = ((msg as { attempt?: number }).attempt ?? 0) > 0;
    // Work this message queued before a crash may never have been sent: send it now (duplicates are harmless). Only a
    // message that may have run before can have queued any: not one the queue delivers for the first time, unless it
    // is a retry's copy (`attempt`) or a crashed run's lease is taken over below. Saves a backlog query per message.
    const firstRun = isFirstDelivery(delivery) && !retried;
    if (!firstRun) await resendPending(ctx, msg.cycleId, msg.changeId);
    const held = await acquireLinkLease(this.kind.links, {
      jobId: ctx.jobId,
      objectId,
      owner: ctx.newId(),
      leaseMs: ctx.userLeaseMs,
      now: ctx.clock,
      what: `${this.kind.objectType} ${objectId}`,
      ...(this.kind.marksCoveredBy ? { consumes: this.kind.marksCoveredBy(msg) } : {}),
    });
    const before = held.link;
    // A run of another message of this object died holding its lease: this message may be a copy of that one (the
    // backlog re-sends messages), so what the dead run queued is sent now.
    if (firstRun && held.tookOver) await resendPending(ctx, msg.cycleId, msg.changeId);
    const run: ProvisionRun = { steps: [], ...(held.tookOver || retried ? { recovering: true } : {}) };
    let outcome: ProvisionOutcome;
    let removal: "staged" | "cleared" | undefined;
    // Every SCIM request the run sends and its answer, for the record (an on-demand run's answer shows them too).
    const exchanges: SlackExchange[] = [];
    try {
      outcome = await recordSlackExchanges(exchanges, () => this.execute({ msg, link: before, run }));
      // Part of the run: if staging fails, the run fails like any other (the lease is released, the message retried).
      removal = await this.trackRemoval(msg, objectId, outcome, before, run);
    } catch (e) {
      outcome = await this.failure(e, msg, held, run);
    }

    const now = ctx.clock();
    const next: IdentityLink = { ...outcome.link, objectId, updatedAt: now.toISOString() };
    // The run completed (its outcome is recorded, success or permanent failure): an escrow of the object ends.
    delete next.escrow;
    if (removal === "staged") next.removalPending = true;
    if (removal === "cleared") delete next.removalPending;
    if (!outcome.quiet) {
      next.lastAction = outcome.action;
      next.lastChangeId = msg.changeId;
    }
    await saveAndRelease(this.kind.links, ctx.jobId, held, next);
    if (before.escrow || msg.reason === "retry") await ctx.escrows.remove(ctx.jobId, this.kind.objectType, objectId);
    await this.afterSave(msg, before, next, run);

    let record: ActivityRecord | undefined;
    if (!outcome.quiet || onDemand) {
      record = {
        jobId: ctx.jobId,
        cycleId: msg.cycleId,
        changeId: msg.changeId,
        at: now.toISOString(),
        objectType: this.kind.objectType,
        objectId,
        ...(run.identity ? { identity: run.identity } : {}),
        ...(outcome.link.slackId ? { slackId: outcome.link.slackId } : {}),
        action: outcome.action,
        status: outcome.status,
        reason: outcome.reason,
        steps: run.steps,
        modifiedProperties: redactModifiedProperties(outcome.modified, ctx.mapping.attributes),
        ...(outcome.membersAdded?.length ? { membersAdded: outcome.membersAdded } : {}),
        ...(outcome.membersRemoved?.length ? { membersRemoved: outcome.membersRemoved } : {}),
        ...(outcome.error ? { errorCode: outcome.error.code, errorMessage: outcome.error.message } : {}),
        ...(outcome.policy ? { policy: outcome.policy } : {}),
        durationMs: now.getTime() - started.getTime(),
        ...(onDemand ? { trigger: "onDemand" as const, requestedBy: onDemand.requestedBy } : {}),
        ...(exchanges.length > 0
          ? { requests: activityRequests(exchanges, sensitiveSlots(ctx.mapping.attributes)) }
          : {}),
      };
      await ctx.activity.append(record);
      ctx.telemetry.trackChange(record);
    }
    this.reportThrottling();
    // The run that empties a full round's backlog flushes the members the round deferred, without waiting for the probe.
    if (await ctx.pending.remove(msg.cycleId, msg.pendingKey ?? msg.changeId)) await flushIfDrained(ctx, msg.cycleId);
    return record;
  }

  /**
   * The deletion guard's part of a run: a removal the run decided on is staged (and the cycle's gate probe queued); a
   * run that decided anything else (or applied a released removal) makes a staged or held removal of the object moot.
   */
  private async trackRemoval(
    msg: M,
    objectId: string,
    outcome: ProvisionOutcome,
    before: IdentityLink,
    run: ProvisionRun,
  ): Promise<"staged" | "cleared" | undefined> {
    const ctx = this.base;
    if (outcome.stagedRemoval) {
      await ctx.removals.stage(ctx.jobId, {
        objectType: this.kind.objectType,
        objectId,
        ...(run.identity ? { identity: run.identity } : {}),
        ...(outcome.link.slackId ? { slackId: outcome.link.slackId } : {}),
        evidence: outcome.stagedRemoval.evidence,
        state: "staged",
        cycleId: msg.cycleId,
        stagedAt: ctx.clock().toISOString(),
      });
      await queueRemovalProbe(ctx, msg.cycleId);
      return "staged";
    }
    if (before.removalPending && outcome.status !== "Failure") {
      const row = await ctx.removals.get(ctx.jobId, this.kind.objectType, objectId);
      await ctx.removals.remove(ctx.jobId, this.kind.objectType, objectId);
      if (row?.state === "held") await ctx.jobs.apply(ctx.jobId, heldRemoved(this.kind.objectType));
      return "cleared";
    }
    return undefined;
  }

  /**
   * An error escaped `execute`. One that is not this object's fault (throttling, an outage, a busy lease, refused
   * credentials) releases the lease and is rethrown for the queue to retry; refused credentials also put the job in
   * quarantine (enterQuarantine). Any other is this object's permanent failure: recorded, and remembered on its link.
   */
  private async failure(e: unknown, msg: M, held: LeasedLink, run: ProvisionRun): Promise<ProvisionOutcome> {
    const ctx = this.base;
    const { code, message } = classifyFailure(e);
    if (isRetryable(e)) {
      await releaseLinkLease(this.kind.links, ctx.jobId, held, ctx.log);
      await enterQuarantine(ctx, msg.cycleId, e);
      throw e;
    }
    const link = held.link;
    run.steps.push({ name: "action", status: "Failure", detail: message });
    return {
      action: link.slackId ? "Update" : "Create",
      status: "Failure",
      reason: message,
      modified: [],
      link: {
        ...link,
        failure: {
          code,
          message,
          desiredHash: "",
          at: ctx.clock().toISOString(),
          attempts: (link.failure?.attempts ?? 0) + 1,
        },
      },
      error: { code, message },
    };
  }

  /** Reports Slack 429s seen by this process's Slack client since the last report (each was waited out, not failed). */
  private reportThrottling(): void {
    const stats = this.base.slack.stats;
    const key = this.base.slack;
    const delta = stats.throttled - (throttledReported.get(key) ?? 0);
    if (delta > 0) this.base.telemetry.trackMetric(METRICS.slackThrottled, delta);
    throttledReported.set(key, stats.throttled);
  }
}
