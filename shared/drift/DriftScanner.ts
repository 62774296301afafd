import { LeaseBusyError } from "../errors";
import type { EngineContext } from "../engine/EngineContext";
import { acquireLinkLease, releaseLinkLease, saveAndRelease } from "../engine/linkLease";
import { resendPending } from "../engine/queueWork";
import type { DriftScanPageMessage, ProvisionUserMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import type { SlackUser } from "../slack/ScimUser";
import { forEachLimit } from "../state/batches";
import type { IdentityLink } from "../state/IdentityLink";
import type { DriftCounts, DriftScanRun } from "./DriftScanState";
import { driftCycleId, driftPageDone, driftPageMismatch, driftScanDue, driftScanStarted } from "./DriftScanState";
import type { DriftFinding } from "./detectUserDrift";
import { ACTIVE, detectUserDrift } from "./detectUserDrift";
import type { DriftOutcome } from "./driftRecord";
import { driftRecord } from "./driftRecord";

/** Slack users read per page (Slack answers at most 1,000): one org-wide read per page. */
export const DRIFT_PAGE_SIZE = 1000;
/** Users of a page examined at once (a few Table reads each). */
const CONCURRENCY = 16;

export type DriftScannerPorts = Pick<
  EngineContext,
  | "jobId"
  | "jobs"
  | "slack"
  | "slackIndex"
  | "links"
  | "pending"
  | "queue"
  | "activity"
  | "telemetry"
  | "mapping"
  | "driftScans"
  | "drift"
  | "userLeaseMs"
  | "clock"
  | "newId"
  | "log"
>;

export type DriftStartResult = { started: true; scanId: string } | { started: false; reason: string };

/** What one page message did. */
export type DriftPageOutcome =
  { kind: "processed"; counts: DriftCounts; last: boolean } | { kind: "skipped"; reason: string };

/** What examining one Slack user of a page found and did. */
interface Examined {
  managed: boolean;
  findings: number;
  outcome?: DriftOutcome;
}

/**
 * The drift scan: pages through the org's Slack users (GET /Users, 1,000 a page, one page per queue message, each read
 * through the shared rate governor), compares each user the job manages with what was last exported to it
 * (detectUserDrift), and records every drifted user (action Drift). In repair mode it hands the user to the
 * provisioner, which sets Slack back to the Entra value like any other change: it writes what Slack now holds into the
 * link (under the user's lease) and queues the user, so the provisioner's own diff sends exactly the drifted
 * attributes, and a user reactivated in Slack while out of scope is staged for the deletion guard like every
 * deactivation. Slack users without a link are never touched.
 *
 * A page applies only while the scan waits for it (compare-and-set on the scan's row), the repair run is written to the
 * scan's backlog before the link changes and sent after (re-sent when the page is re-delivered), and a scan whose chain
 * stopped (a crash between two steps) is started again by the next due check. Repairs carry the scan's own cycle id
 * (driftCycleId), so they never hold up a sync cycle.
 */
export class DriftScanner {
  constructor(private readonly ctx: DriftScannerPorts) {}

  /** Starts a scan now (the operator's route, or the due check), unless one is running. */
  async start(trigger: DriftScanRun["trigger"]): Promise<DriftStartResult> {
    const { ctx } = this;
    // A restart may be forgetting the links the scan reads: it starts after the restart is done.
    const { reset } = await ctx.jobs.get(ctx.jobId);
    if (reset) return { started: false, reason: `a restart (resetScope ${reset.flags.join(", ")}) is under way` };
    const scanId = ctx.newId();
    const now = ctx.clock();
    const applied = await ctx.driftScans.apply(
      ctx.jobId,
      driftScanStarted({ scanId, trigger, mode: ctx.drift.mode, now }),
    );
    if (!applied.applied) return { started: false, reason: applied.declined ?? "a drift scan is running" };
    await this.sendPage({ scanId, pageIndex: 0, startIndex: 1 });
    ctx.log.info(`Drift scan ${scanId} started (${trigger}, ${ctx.drift.mode}).`);
    return { started: true, scanId };
  }

  /**
   * The sync timer's check: starts a scan when the last one started DRIFT_SCAN_INTERVAL_HOURS ago (or a running one
   * stopped making progress), unless the job is paused or quarantined. Resolves with what it did.
   */
  async startIfDue(): Promise<DriftStartResult> {
    const { ctx } = this;
    const now = ctx.clock();
    const [state, job] = await Promise.all([ctx.driftScans.get(ctx.jobId), ctx.jobs.get(ctx.jobId)]);
    if (job.paused) return { started: false, reason: "the job is paused" };
    if (job.quarantine) return { started: false, reason: "the job is quarantined" };
    if (!driftScanDue(state, now, ctx.drift.intervalHours * 3_600_000)) {
      return { started: false, reason: "no drift scan is due" };
    }
    return this.start("schedule");
  }

  /** One page of a scan (a queue message). */
  async processPage(msg: DriftScanPageMessage): Promise<DriftPageOutcome> {
    const { ctx } = this;
    const state = await ctx.driftScans.get(ctx.jobId);
    const mismatch = driftPageMismatch(state, msg.scanId, msg.pageIndex);
    if (mismatch) {
      // This page is done and its successor is awaited: a crash may have come between the two, so send it again.
      const r = state.running;
      if (r?.scanId === msg.scanId && r.nextPageIndex === msg.pageIndex + 1) {
        await this.sendPage({ scanId: r.scanId, pageIndex: r.nextPageIndex, startIndex: r.nextStartIndex });
      }
      return { kind: "skipped", reason: mismatch };
    }
    const mode = state.running?.mode ?? ctx.drift.mode;
    const cycleId = driftCycleId(msg.scanId);
    const origin = `drift:${msg.pageIndex}`;
    // Repairs this page queued before a crash may never have been sent.
    await resendPending(ctx, cycleId, origin);
    const readAt = ctx.clock();
    const page = await ctx.slack.listUsersPage(msg.startIndex, DRIFT_PAGE_SIZE);
    const counts: DriftCounts = {
      usersRead: page.users.length,
      managed: 0,
      drifted: 0,
      findings: 0,
      repairsQueued: 0,
      skipped: 0,
    };
    await forEachLimit(page.users, CONCURRENCY, async (user) => {
      const e = await this.examine(user, { cycleId, origin, mode, readAt });
      if (e.managed) counts.managed += 1;
      if (e.findings > 0) {
        counts.drifted += 1;
        counts.findings += e.findings;
      }
      if (e.outcome === "repairQueued") counts.repairsQueued += 1;
      if (e.outcome === "skipped") counts.skipped += 1;
    });
    const nextStartIndex = msg.startIndex + page.users.length;
    const last = page.users.length === 0 || nextStartIndex - 1 >= page.totalResults;
    const done = await ctx.driftScans.apply(
      ctx.jobId,
      driftPageDone({
        scanId: msg.scanId,
        pageIndex: msg.pageIndex,
        counts,
        nextStartIndex: last ? undefined : nextStartIndex,
        now: ctx.clock(),
      }),
    );
    if (!done.applied) return { kind: "skipped", reason: done.declined ?? "the scan moved on" };
    if (!last) await this.sendPage({ scanId: msg.scanId, pageIndex: msg.pageIndex + 1, startIndex: nextStartIndex });
    else {
      const s = done.state.last;
      if (s) {
        ctx.log.info(
          `Drift scan ${s.scanId} done: ${s.usersRead} Slack user(s) read, ${s.managed} managed, ${s.drifted} drifted ` +
            `(${s.findings} finding(s)), ${s.repairsQueued} repair(s) queued, ${s.skipped} left for the next scan.`,
        );
      }
    }
    return { kind: "processed", counts, last };
  }

  private async sendPage(page: Pick<DriftScanPageMessage, "scanId" | "pageIndex" | "startIndex">): Promise<void> {
    const msg: DriftScanPageMessage = { kind: "driftScanPage", jobId: this.ctx.jobId, ...page };
    await this.ctx.queue.sendMany(QUEUES.driftScan, [msg]);
  }

  /** Compares one Slack user with its link, if the job manages it, and records (and hands over) what differs. */
  private async examine(
    user: SlackUser,
    run: { cycleId: string; origin: string; mode: DriftScanRun["mode"]; readAt: Date },
  ): Promise<Examined> {
    const { ctx } = this;
    const owner = await ctx.slackIndex.ownerOf(ctx.jobId, user.id);
    if (owner === undefined) return { managed: false, findings: 0 };
    const stored = await ctx.links.get(ctx.jobId, owner);
    const link = stored?.link;
    if (link?.slackId !== user.id) return { managed: false, findings: 0 };
    const findings = detectUserDrift(link, user, ctx.mapping);
    if (findings.length === 0) return { managed: true, findings: 0 };
    if (run.mode === "report") {
      await this.record(run.cycleId, link, user.id, findings, "reported");
      return { managed: true, findings: findings.length, outcome: "reported" };
    }
    const repaired = await this.handOver(link, user, run);
    if (repaired.kind === "inSync") return { managed: true, findings: 0 };
    const outcome: DriftOutcome = repaired.kind === "queued" ? "repairQueued" : "skipped";
    await this.record(
      run.cycleId,
      repaired.link,
      user.id,
      repaired.findings,
      outcome,
      repaired.kind === "skipped" ? repaired.why : undefined,
    );
    return { managed: true, findings: repaired.findings.length, outcome };
  }

  /**
   * Repair mode: under the user's lease, writes what Slack holds into the link and queues the user for the provisioner
   * (its backlog row first, so a crash re-sends it; the message after the link, so the run sees the new link). Skips a
   * user whose link is busy or changed after Slack was read (the next scan looks again).
   */
  private async handOver(
    link: IdentityLink,
    user: SlackUser,
    run: { cycleId: string; origin: string; readAt: Date },
  ): Promise<
    | { kind: "queued"; link: IdentityLink; findings: DriftFinding[] }
    | { kind: "skipped"; link: IdentityLink; findings: DriftFinding[]; why: string }
    | { kind: "inSync" }
  > {
    const { ctx } = this;
    const findings = detectUserDrift(link, user, ctx.mapping);
    const changedSince = (l: IdentityLink) =>
      l.updatedAt !== undefined && Date.parse(l.updatedAt) > run.readAt.getTime();
    if (changedSince(link)) return { kind: "skipped", link, findings, why: "its link changed after Slack was read" };
    let held;
    try {
      held = await acquireLinkLease(ctx.links, {
        jobId: ctx.jobId,
        objectId: link.objectId,
        owner: ctx.newId(),
        leaseMs: ctx.userLeaseMs,
        now: ctx.clock,
        what: `User ${link.objectId}`,
      });
    } catch (e) {
      if (e instanceof LeaseBusyError) return { kind: "skipped", link, findings, why: "a provisioning run holds it" };
      throw e;
    }
    const current = held.link;
    const now = detectUserDrift(current, user, ctx.mapping);
    if (changedSince(current) || current.slackId !== user.id || now.length === 0) {
      await releaseLinkLease(ctx.links, ctx.jobId, held, ctx.log);
      if (now.length === 0) return { kind: "inSync" };
      return { kind: "skipped", link: current, findings: now, why: "its link changed after Slack was read" };
    }
    const changeId = ctx.newId();
    const message: ProvisionUserMessage = {
      kind: "provisionUser",
      jobId: ctx.jobId,
      cycleId: run.cycleId,
      changeId,
      pendingKey: `${run.origin}|${changeId}`,
      objectId: current.objectId,
      reason: "drift",
    };
    await ctx.pending.add(run.cycleId, [
      { key: message.pendingKey ?? changeId, queue: QUEUES.provisionUsers, message },
    ]);
    const next: IdentityLink = { ...current, exported: { ...current.exported } };
    for (const f of now) {
      if (f.target === ACTIVE) next.slackActive = f.slack === "true";
      else if (next.exported) next.exported[f.target] = f.slack;
    }
    await saveAndRelease(ctx.links, ctx.jobId, held, next);
    await ctx.queue.sendMany(QUEUES.provisionUsers, [message]);
    return { kind: "queued", link: current, findings: now };
  }

  private async record(
    cycleId: string,
    link: IdentityLink,
    slackId: string,
    findings: readonly DriftFinding[],
    outcome: DriftOutcome,
    skippedBecause?: string,
  ): Promise<void> {
    const { ctx } = this;
    const record = driftRecord({
      jobId: ctx.jobId,
      cycleId,
      changeId: ctx.newId(),
      at: ctx.clock().toISOString(),
      link,
      slackId,
      findings,
      outcome,
      ...(skippedBecause ? { skippedBecause } : {}),
    });
    await ctx.activity.append(record);
    ctx.telemetry.trackChange(record);
  }
}
