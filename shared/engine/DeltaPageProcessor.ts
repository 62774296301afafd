import { DeltaTokenExpiredError } from "../errors";
import type { UserDeltaPage } from "../graph/DeltaPage";
import type { GraphUser } from "../graph/GraphUser";
import type { DeltaPageMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import { mapUser } from "../mapping";
import { slackUserName } from "../slack/slackUserName";
import { observationSeq } from "../state/SourceUserRepository";
import { CYCLE_LEASE_MS, jobRecord } from "./CycleStarter";
import type { EngineContext } from "./EngineContext";
import { queueUserWork, resendPending } from "./queueWork";

export type PageOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "restarted"; reason: string }
  | { kind: "processed"; objects: number; queued: number; next: "page" | "committed" };

/**
 * Processes one users/delta page of a cycle: mirrors its objects into Table Storage (never letting an older observation
 * overwrite a newer one), queues a provisioning message for every in-scope or managed user it touches, then either queues
 * the next page or commits the round's deltaLink. The job row's page cursor (compare-and-set) makes a re-delivered page
 * harmless and keeps the chain single; the deltaLink is stored only after all the round's work is queued.
 */
export class DeltaPageProcessor {
  constructor(private readonly ctx: EngineContext) {}

  async process(msg: DeltaPageMessage): Promise<PageOutcome> {
    const { ctx } = this;
    const state = await ctx.jobs.get(ctx.jobId);
    if (state.cycleId !== msg.cycleId || state.cyclePhase !== "reading" || state.round !== msg.round) {
      return { kind: "ignored", reason: `page of an earlier cycle or round (${msg.cycleId}/${msg.round})` };
    }
    // Work this page queued before a crash may never have been sent: send it now (duplicates are harmless).
    await resendPending(ctx, msg.cycleId, pageOrigin(msg));
    if (msg.pageIndex < state.nextPageIndex) {
      // Already processed. If the crash came between advancing the cursor and queueing the next page, queue it now.
      if (msg.pageIndex === state.nextPageIndex - 1 && !state.nextPageEnqueued && state.nextPageUrl) {
        await this.enqueueNext(msg, state.nextPageUrl);
      }
      return { kind: "ignored", reason: `page ${msg.pageIndex} was already processed` };
    }
    if (msg.pageIndex > state.nextPageIndex) {
      return { kind: "ignored", reason: `page ${msg.pageIndex} is ahead of the cursor ${state.nextPageIndex}` };
    }

    let page: UserDeltaPage;
    try {
      page = await ctx.graph.getUsersDeltaPage(msg.url, ctx.userSelect);
    } catch (e) {
      if (e instanceof DeltaTokenExpiredError) return await this.restartFull(msg, e.message);
      throw e;
    }

    const queued = await this.importPage(msg, page);

    if (page.nextLink) {
      const nextLink = page.nextLink;
      const advanced = await ctx.jobs.mutate(ctx.jobId, (s) => {
        if (s.cycleId !== msg.cycleId || s.round !== msg.round || s.nextPageIndex !== msg.pageIndex) {
          return { state: undefined, result: false };
        }
        return {
          state: {
            ...s,
            nextPageIndex: msg.pageIndex + 1,
            nextPageUrl: nextLink,
            nextPageEnqueued: false,
            pagesRead: s.pagesRead + 1,
            objectsRead: s.objectsRead + page.items.length,
            leaseExpiresAt: new Date(ctx.clock().getTime() + CYCLE_LEASE_MS).toISOString(),
          },
          result: true,
        };
      });
      if (advanced.result) await this.enqueueNext(msg, nextLink);
      return { kind: "processed", objects: page.items.length, queued, next: "page" };
    }

    const deltaLink = page.deltaLink;
    if (!deltaLink) throw new Error("Graph returned a delta page with neither a nextLink nor a deltaLink.");
    if (msg.full) await this.sweepUnseen(msg);
    const at = ctx.clock().toISOString();
    await ctx.jobs.mutate(ctx.jobId, (s) => {
      if (s.cycleId !== msg.cycleId || s.round !== msg.round || s.nextPageIndex !== msg.pageIndex) {
        return { state: undefined, result: undefined };
      }
      const next = {
        ...s,
        deltaLink,
        cyclePhase: "committed" as const,
        pagesRead: s.pagesRead + 1,
        objectsRead: s.objectsRead + page.items.length,
        nextPageIndex: msg.pageIndex + 1,
        nextPageEnqueued: false,
        lastCommittedAt: at,
        lastCommittedCycleId: msg.cycleId,
        ...(s.cycleFull && s.cycleConfigHash ? { configHash: s.cycleConfigHash } : {}),
        cyclesCompleted: s.cyclesCompleted + 1,
      };
      delete next.nextPageUrl;
      delete next.leaseOwner;
      delete next.leaseExpiresAt;
      delete next.lastError;
      return { state: next, result: undefined };
    });
    ctx.log.info(`Cycle ${msg.cycleId}: delta round ${msg.round} committed after ${msg.pageIndex + 1} page(s).`);
    return { kind: "processed", objects: page.items.length, queued, next: "committed" };
  }

  /** Mirrors the page's objects and queues provisioning work for the ones we manage or that are in scope. */
  private async importPage(msg: DeltaPageMessage, page: UserDeltaPage): Promise<number> {
    const { ctx } = this;
    const ids = [...new Set(page.items.map((it) => (it.kind === "present" ? it.object.id : it.id)))];
    const existing = await ctx.sources.getMany(ctx.jobId, ids);
    // The last observation of an object in the page wins; an older one than what is stored is dropped.
    const latest = new Map<string, { seq: string; index: number }>();
    page.items.forEach((it, index) => {
      const id = it.kind === "present" ? it.object.id : it.id;
      latest.set(id, { seq: observationSeq(msg.round, msg.pageIndex, index), index });
    });
    const observations = [...latest.entries()]
      .filter(([id, o]) => (existing.get(id)?.seq ?? "") < o.seq)
      .map(([id, o]) => {
        const it = page.items[o.index];
        if (!it) throw new Error("unreachable: page item index");
        return it.kind === "present"
          ? { objectId: id, snapshot: withManager(it.object, existing.get(id)?.snapshot), seq: o.seq }
          : { objectId: id, removed: it.reason, seq: o.seq };
      });
    await ctx.sources.saveObservations(ctx.jobId, observations);
    await ctx.reports.move(
      ctx.jobId,
      observations.flatMap((o) => {
        if (!("snapshot" in o) || !o.snapshot) return [];
        const before = existing.get(o.objectId)?.snapshot?.managerId;
        const after = o.snapshot.managerId;
        return before === after
          ? []
          : [
              {
                reportId: o.objectId,
                before: typeof before === "string" ? before : undefined,
                after: after ?? undefined,
              },
            ];
      }),
    );

    const scope = await ctx.userScope.getMany(ctx.jobId, ids);
    const toQueue = ids.filter((id) => existing.get(id)?.managed === true || scope.has(id));
    if (toQueue.length === 0) return 0;
    const wanted = observations.flatMap((o) => {
      if (!("snapshot" in o) || !o.snapshot || !scope.has(o.objectId)) return [];
      const userName = mapUser(o.snapshot, ctx.mapping).values.userName;
      return userName ? [{ slackUserName: slackUserName(userName), objectId: o.objectId }] : [];
    });
    await ctx.userNames.record(ctx.jobId, wanted);
    await queueUserWork(ctx, msg.cycleId, toQueue, msg.full ? "resync" : "delta", pageOrigin(msg));
    return toQueue.length;
  }

  /**
   * After a complete full read: managed users it did not return were possibly deleted while we were not looking (an
   * expired token hides deletions). Queue each for a confirming direct read; absence alone deactivates nobody.
   */
  private async sweepUnseen(msg: DeltaPageMessage): Promise<void> {
    const { ctx } = this;
    const roundStart = observationSeq(msg.round, 0, 0);
    const unseen: string[] = [];
    for await (const r of ctx.sources.list(ctx.jobId)) {
      if (r.managed && !r.removed && r.seq < roundStart) unseen.push(r.objectId);
    }
    if (unseen.length === 0) return;
    await queueUserWork(ctx, msg.cycleId, unseen, "resync", pageOrigin(msg), { confirmAbsence: { round: msg.round } });
    ctx.log.info(`Cycle ${msg.cycleId}: ${unseen.length} managed user(s) missing from the full read; confirming each.`);
  }

  private async enqueueNext(msg: DeltaPageMessage, url: string): Promise<void> {
    const { ctx } = this;
    const next: DeltaPageMessage = {
      kind: "usersDeltaPage",
      jobId: msg.jobId,
      cycleId: msg.cycleId,
      round: msg.round,
      pageIndex: msg.pageIndex + 1,
      url,
      full: msg.full,
    };
    await ctx.queue.send(QUEUES.deltaPages, next);
    await ctx.jobs.mutate(ctx.jobId, (s) =>
      s.cycleId === msg.cycleId && s.nextPageIndex === msg.pageIndex + 1
        ? { state: { ...s, nextPageEnqueued: true }, result: undefined }
        : { state: undefined, result: undefined },
    );
  }

  /**
   * The delta token expired (or Graph reset the sync state): start a full re-read in the same cycle. Nothing is
   * deactivated for not appearing; the full round re-converges every in-scope user by matching before creating.
   */
  private async restartFull(msg: DeltaPageMessage, why: string): Promise<PageOutcome> {
    const { ctx } = this;
    const restarted = await ctx.jobs.mutate(ctx.jobId, (s) => {
      if (s.cycleId !== msg.cycleId || s.round !== msg.round || s.nextPageIndex !== msg.pageIndex) {
        return { state: undefined, result: undefined };
      }
      const next = {
        ...s,
        round: s.round + 1,
        cycleFull: true,
        fullReason: "the stored delta token expired",
        nextPageIndex: 0,
        nextPageEnqueued: false,
        leaseExpiresAt: new Date(ctx.clock().getTime() + CYCLE_LEASE_MS).toISOString(),
      };
      delete next.deltaLink;
      delete next.nextPageUrl;
      return { state: next, result: next.round };
    });
    if (restarted.result === undefined) return { kind: "ignored", reason: "the cycle moved on before the restart" };
    const reason = `Graph no longer accepts the stored delta token (${why}); reading every user again.`;
    await ctx.activity.append(jobRecord(ctx, msg.cycleId, "Warning", reason));
    const first: DeltaPageMessage = {
      kind: "usersDeltaPage",
      jobId: msg.jobId,
      cycleId: msg.cycleId,
      round: restarted.result,
      pageIndex: 0,
      full: true,
    };
    await ctx.queue.send(QUEUES.deltaPages, first);
    await ctx.jobs.mutate(ctx.jobId, (s) =>
      s.cycleId === msg.cycleId && s.round === restarted.result && s.nextPageIndex === 0
        ? { state: { ...s, nextPageEnqueued: true }, result: undefined }
        : { state: undefined, result: undefined },
    );
    ctx.log.warn(reason);
    return { kind: "restarted", reason };
  }
}

/**
 * The mirrored snapshot of a delta item: the manager link is kept as `managerId` — from manager@delta when the item
 * carries it (null: cleared), otherwise as it was (an absent manager@delta means "unchanged").
 */
function withManager(user: GraphUser, previous: GraphUser | undefined): GraphUser {
  const { managerChange, ...rest } = user;
  delete rest["manager@delta"];
  const managerId = managerChange ? managerChange.id : previous?.managerId;
  return managerId !== undefined ? { ...rest, managerId } : rest;
}

/** The backlog origin of the work a users page queues. */
function pageOrigin(msg: DeltaPageMessage): string {
  return `u${msg.round}.${msg.pageIndex}`;
}
