import { DeltaTokenExpiredError } from "../errors";
import type { DeltaResource, JobState } from "../state/JobState";
import { groupsRoundCommitted, pageRead, roundRestarted, usersRoundCommitted } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import { enterQuarantine } from "./enterQuarantine";
import { jobRecord } from "./jobRecord";
import { resendPending } from "./queueWork";
import type { RoundPageMessage } from "./sendDeltaPage";
import { sendDeltaPage } from "./sendDeltaPage";
import { QUEUES } from "../queue/messages";

export type PageOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "waiting"; reason: string }
  | { kind: "restarted"; reason: string }
  | { kind: "processed"; objects: number; queued: number; next: "page" | "committed" };

/** What every delta page has: its items, and either the next page's link or the round's delta link. */
export interface DeltaPageLike {
  items: readonly unknown[];
  nextLink?: string;
  deltaLink?: string;
}

export type DeltaRoundPorts = Pick<
  EngineContext,
  "jobId" | "jobs" | "queue" | "pending" | "activity" | "telemetry" | "clock" | "newId" | "log" | "backlogWindow"
>;

/** How long a page waits for the backlog to drain below the window before it looks again. */
export const WINDOW_WAIT_MS = 2_000;

/**
 * The skeleton of both delta rounds (users and groups; each subclass supplies its own steps). Processes one page with the page cursor of the job row (compare-and-set), the same way for users
 * and groups: a page of an earlier cycle or round is ignored, a re-delivered page re-sends what it had queued and, if
 * the crash came before it, the next page; a page read moves the cursor on and queues the next page; the last page
 * stores the delta link only after everything the round caused is queued; an expired delta token restarts the round as
 * a full read in the same cycle. A page is read only while the cycle's backlog is below the window (BACKLOG_WINDOW):
 * otherwise its message is queued again to look a moment later, so the queue holds about a window of work, not the tenant.
 */
export abstract class DeltaRoundReader<M extends RoundPageMessage, P extends DeltaPageLike> {
  constructor(
    private readonly round: DeltaRoundPorts,
    private readonly resource: DeltaResource,
  ) {}

  /** Reads one page from Graph (`url` undefined: the first page of a full read). */
  protected abstract read(url: string | undefined): Promise<P>;
  /** Mirrors the page and queues the work it causes; resolves with how many objects were queued. */
  protected abstract importPage(msg: M, page: P, origin: string): Promise<number>;
  /** After the last page, before the delta link is stored (sweeps, scope); resolves with how many were queued. */
  protected abstract beforeCommit(msg: M, origin: string): Promise<number>;

  /** After the delta link is stored; `state` is the job row as committed. Default: nothing. */
  protected afterCommit(_msg: M, _state: JobState): Promise<void> {
    return Promise.resolve();
  }

  async process(msg: M): Promise<PageOutcome> {
    const ctx = this.round;
    const which = this.resource;
    const state = await ctx.jobs.get(ctx.jobId);
    const cursor = state[which];
    if (
      state.cycleId !== msg.cycleId ||
      state.cyclePhase !== "reading" ||
      cursor.phase !== "reading" ||
      cursor.round !== msg.round
    ) {
      return { kind: "ignored", reason: `${which} page of an earlier cycle or round (${msg.cycleId}/${msg.round})` };
    }
    const origin = pageOrigin(msg);
    // Work this page queued before a crash may never have been sent: send it now (duplicates are harmless).
    await resendPending(ctx, msg.cycleId, origin);
    if (msg.pageIndex < cursor.nextPageIndex) {
      // Already processed. If the crash came between advancing the cursor and queueing the next page, queue it now.
      if (msg.pageIndex === cursor.nextPageIndex - 1 && !cursor.nextPageEnqueued && cursor.nextPageUrl) {
        await this.sendNext(msg, cursor.nextPageUrl);
      }
      return { kind: "ignored", reason: `${which} page ${msg.pageIndex} was already processed` };
    }
    if (msg.pageIndex > cursor.nextPageIndex) {
      return {
        kind: "ignored",
        reason: `${which} page ${msg.pageIndex} is ahead of the cursor ${cursor.nextPageIndex}`,
      };
    }

    // The window: while as much work as it allows is waiting, reading on would only lengthen the queue.
    const waiting = await ctx.pending.count(msg.cycleId);
    if (waiting >= ctx.backlogWindow) {
      await ctx.queue.send(QUEUES.deltaPages, msg, { visibilityDelayMs: WINDOW_WAIT_MS });
      return {
        kind: "waiting",
        reason: `${waiting} message(s) of the cycle are waiting (BACKLOG_WINDOW ${ctx.backlogWindow}); looking again in ${WINDOW_WAIT_MS / 1000} s`,
      };
    }

    let page: P;
    try {
      page = await this.read(msg.url);
    } catch (e) {
      if (e instanceof DeltaTokenExpiredError) return await this.restart(msg, e.message);
      await enterQuarantine(ctx, msg.cycleId, e); // refused credentials: the job is quarantined; the page retries
      throw e;
    }
    const queued = await this.importPage(msg, page, origin);
    const ref = { cycleId: msg.cycleId, round: msg.round, pageIndex: msg.pageIndex };
    const now = ctx.clock();

    if (page.nextLink) {
      const nextLink = page.nextLink;
      const advanced = await ctx.jobs.apply(
        ctx.jobId,
        pageRead(which, { ...ref, nextLink, objects: page.items.length, now }),
      );
      if (advanced.applied) await this.sendNext(msg, nextLink);
      return { kind: "processed", objects: page.items.length, queued, next: "page" };
    }

    const deltaLink = page.deltaLink;
    if (!deltaLink) {
      throw new Error(`Graph returned a ${which} delta page with neither a nextLink nor a deltaLink.`);
    }
    const alsoQueued = await this.beforeCommit(msg, origin);
    const commit = which === "users" ? usersRoundCommitted : groupsRoundCommitted;
    const committed = await ctx.jobs.apply(ctx.jobId, commit({ ...ref, deltaLink, objects: page.items.length, now }));
    if (!committed.applied) {
      return { kind: "ignored", reason: `the cycle moved on before the ${which} round committed` };
    }
    ctx.log.info(`Cycle ${msg.cycleId}: ${which} round ${msg.round} committed after ${msg.pageIndex + 1} page(s).`);
    await this.afterCommit(msg, committed.state);
    return { kind: "processed", objects: page.items.length, queued: queued + alsoQueued, next: "committed" };
  }

  private sendNext(msg: M, url: string): Promise<void> {
    return sendDeltaPage(this.round, this.resource, {
      cycleId: msg.cycleId,
      round: msg.round,
      pageIndex: msg.pageIndex + 1,
      url,
      full: msg.full,
    });
  }

  /** The delta token expired (or Graph reset the sync state): read the whole resource again in the same cycle. */
  private async restart(msg: M, why: string): Promise<PageOutcome> {
    const ctx = this.round;
    const which = this.resource;
    const ref = { cycleId: msg.cycleId, round: msg.round, pageIndex: msg.pageIndex };
    const restarted = await ctx.jobs.apply(ctx.jobId, roundRestarted(which, { ...ref, now: ctx.clock() }));
    if (!restarted.applied) return { kind: "ignored", reason: "the cycle moved on before the restart" };
    const reason = `Graph no longer accepts the stored ${which} delta token (${why}); reading every ${which === "users" ? "user" : "group"} again.`;
    await ctx.activity.append(jobRecord(ctx, { cycleId: msg.cycleId, status: "Warning", reason }));
    await sendDeltaPage(ctx, which, {
      cycleId: msg.cycleId,
      round: restarted.state[which].round,
      pageIndex: 0,
      full: true,
    });
    ctx.log.warn(reason);
    return { kind: "restarted", reason };
  }
}

/** The backlog origin of the work a page queues (`u3.0`: users round 3, page 0; `g…` for groups). */
function pageOrigin(msg: RoundPageMessage): string {
  return `${msg.kind === "groupsDeltaPage" ? "g" : "u"}${msg.round}.${msg.pageIndex}`;
}
