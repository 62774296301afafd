import { DeltaTokenExpiredError } from "../errors";
import type { GroupDeltaPage } from "../graph/DeltaPage";
import { GROUP_DELTA_SELECT, GROUP_SELECT } from "../graph/GraphGroup";
import type { DeltaPageMessage, GroupsDeltaPageMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import type { GroupRecord } from "../state/GroupRepository";
import { partsOf } from "../state/GroupRepository";
import type { GroupCursor } from "../state/JobState";
import { CYCLE_LEASE_MS, jobRecord } from "./CycleStarter";
import type { EngineContext } from "./EngineContext";
import type { PageOutcome } from "./DeltaPageProcessor";
import { resendPending } from "./queueWork";
import { ScopeMaterializer } from "./ScopeMaterializer";

/**
 * Processes one groups/delta page: applies names, deletions and members@delta to the groups mirror, then queues the
 * next page or, on the last page, derives the scope (ScopeMaterializer), stores the groups deltaLink and starts the
 * cycle's users round. The same page cursor rules as the users round make re-delivery harmless.
 */
export class GroupPageProcessor {
  constructor(private readonly ctx: EngineContext) {}

  async process(msg: GroupsDeltaPageMessage): Promise<PageOutcome> {
    const { ctx } = this;
    const state = await ctx.jobs.get(ctx.jobId);
    const cursor = state.groupCursor;
    if (
      state.cycleId !== msg.cycleId ||
      state.cyclePhase !== "reading" ||
      !cursor ||
      cursor.phase !== "reading" ||
      cursor.round !== msg.round
    ) {
      return { kind: "ignored", reason: `groups page of an earlier cycle or round (${msg.cycleId}/${msg.round})` };
    }
    const origin = `g${msg.round}.${msg.pageIndex}`;
    // Work the scope step queued before a crash may never have been sent: send it now (duplicates are harmless).
    await resendPending(ctx, msg.cycleId, origin);
    if (msg.pageIndex < cursor.nextPageIndex) {
      if (msg.pageIndex === cursor.nextPageIndex - 1 && !cursor.nextPageEnqueued && cursor.nextPageUrl) {
        await this.enqueueNext(msg, cursor.nextPageUrl);
      }
      return { kind: "ignored", reason: `groups page ${msg.pageIndex} was already processed` };
    }
    if (msg.pageIndex > cursor.nextPageIndex) {
      return { kind: "ignored", reason: `groups page ${msg.pageIndex} is ahead of the cursor ${cursor.nextPageIndex}` };
    }

    let page: GroupDeltaPage;
    try {
      page = await ctx.graph.getGroupsDeltaPage(msg.url, GROUP_DELTA_SELECT);
    } catch (e) {
      if (e instanceof DeltaTokenExpiredError) return await this.restartFull(msg, e.message);
      throw e;
    }
    await this.importPage(msg, page);

    const sameCursor = (c: GroupCursor | undefined): c is GroupCursor =>
      c !== undefined && c.phase === "reading" && c.round === msg.round && c.nextPageIndex === msg.pageIndex;

    if (page.nextLink) {
      const nextLink = page.nextLink;
      const advanced = await ctx.jobs.mutate(ctx.jobId, (s) => {
        if (s.cycleId !== msg.cycleId || !sameCursor(s.groupCursor)) return { state: undefined, result: false };
        const c = s.groupCursor;
        return {
          state: {
            ...s,
            groupCursor: {
              ...c,
              nextPageIndex: msg.pageIndex + 1,
              nextPageUrl: nextLink,
              nextPageEnqueued: false,
              pagesRead: c.pagesRead + 1,
              groupsRead: c.groupsRead + page.items.length,
            },
            leaseExpiresAt: new Date(ctx.clock().getTime() + CYCLE_LEASE_MS).toISOString(),
          },
          result: true,
        };
      });
      if (advanced.result) await this.enqueueNext(msg, nextLink);
      return { kind: "processed", objects: page.items.length, queued: 0, next: "page" };
    }

    const deltaLink = page.deltaLink;
    if (!deltaLink) throw new Error("Graph returned a groups delta page with neither a nextLink nor a deltaLink.");
    if (msg.full) await this.sweepUnseen(msg);
    const result = await new ScopeMaterializer(ctx).run(msg.cycleId, { usersRoundIsFull: state.cycleFull, origin });
    const committed = await ctx.jobs.mutate(ctx.jobId, (s) => {
      if (s.cycleId !== msg.cycleId || !sameCursor(s.groupCursor)) return { state: undefined, result: undefined };
      const c = s.groupCursor;
      const next = {
        ...s,
        groupsDeltaLink: deltaLink,
        groupCursor: {
          ...c,
          phase: "done" as const,
          nextPageIndex: msg.pageIndex + 1,
          nextPageEnqueued: false,
          pagesRead: c.pagesRead + 1,
          groupsRead: c.groupsRead + page.items.length,
        },
      };
      delete next.groupCursor.nextPageUrl;
      return { state: next, result: s };
    });
    const after = committed.result;
    if (!after) return { kind: "ignored", reason: "the cycle moved on before the groups round committed" };
    ctx.log.info(
      `Cycle ${msg.cycleId}: groups round ${msg.round} committed; scope +${result.entered}/-${result.left}, ` +
        `${result.groupsQueued} group(s) queued.`,
    );
    // Start the users round of the cycle.
    const first: DeltaPageMessage = {
      kind: "usersDeltaPage",
      jobId: ctx.jobId,
      cycleId: msg.cycleId,
      round: after.round,
      pageIndex: 0,
      ...(after.nextPageUrl ? { url: after.nextPageUrl } : {}),
      full: after.cycleFull,
    };
    await ctx.queue.send(QUEUES.deltaPages, first);
    await ctx.jobs.mutate(ctx.jobId, (s) =>
      s.cycleId === msg.cycleId && s.round === after.round && s.nextPageIndex === 0
        ? { state: { ...s, nextPageEnqueued: true }, result: undefined }
        : { state: undefined, result: undefined },
    );
    return { kind: "processed", objects: page.items.length, queued: result.entered + result.left, next: "committed" };
  }

  /** Applies the page to the groups mirror. In a full round a group's first appearance replaces its old members. */
  private async importPage(msg: GroupsDeltaPageMessage, page: GroupDeltaPage): Promise<void> {
    const { ctx } = this;
    const ids = [...new Set(page.items.map((it) => (it.kind === "present" ? it.object.id : it.id)))];
    const existing = await ctx.groups.getMany(ctx.jobId, ids);
    const previousParts = partsOf(existing);
    const updated = new Map<string, GroupRecord>();
    for (const it of page.items) {
      const id = it.kind === "present" ? it.object.id : it.id;
      const base = updated.get(id) ?? existing.get(id);
      const fresh = !base || (msg.full && base.round < msg.round);
      const g: GroupRecord = {
        groupId: id,
        round: msg.round,
        users: fresh ? new Set() : new Set(base.users),
        groups: fresh ? new Set() : new Set(base.groups),
        ...(base?.displayName ? { displayName: base.displayName } : {}),
      };
      if (it.kind === "removed") {
        g.removed = it.reason;
      } else {
        const o = it.object;
        if (typeof o.displayName === "string") g.displayName = o.displayName;
        for (const m of o.membersAdded) {
          if (m.type === "user") g.users.add(m.id);
          else if (m.type === "group") g.groups.add(m.id);
        }
        for (const m of o.membersRemoved) {
          g.users.delete(m.id);
          g.groups.delete(m.id);
        }
      }
      updated.set(id, g);
    }
    await ctx.groups.save(ctx.jobId, [...updated.values()], previousParts);
  }

  /** After a full groups read: groups it did not return are confirmed with a direct read; a 404 marks them deleted. */
  private async sweepUnseen(msg: GroupsDeltaPageMessage): Promise<void> {
    const { ctx } = this;
    const all = await ctx.groups.list(ctx.jobId);
    const unseen = [...all.values()].filter((g) => !g.removed && g.round < msg.round);
    const gone: GroupRecord[] = [];
    for (const g of unseen) {
      if (!(await ctx.graph.getGroup(g.groupId, GROUP_SELECT))) gone.push({ ...g, removed: "deleted" });
    }
    if (gone.length > 0) await ctx.groups.save(ctx.jobId, gone, partsOf(all));
  }

  private async enqueueNext(msg: GroupsDeltaPageMessage, url: string): Promise<void> {
    const { ctx } = this;
    const next: GroupsDeltaPageMessage = { ...msg, pageIndex: msg.pageIndex + 1, url };
    delete next.attempt;
    await ctx.queue.send(QUEUES.deltaPages, next);
    await ctx.jobs.mutate(ctx.jobId, (s) => {
      const c = s.groupCursor;
      return s.cycleId === msg.cycleId && c && c.round === msg.round && c.nextPageIndex === msg.pageIndex + 1
        ? { state: { ...s, groupCursor: { ...c, nextPageEnqueued: true } }, result: undefined }
        : { state: undefined, result: undefined };
    });
  }

  /** The groups delta token expired: read every group again (the members it returns replace the stored ones). */
  private async restartFull(msg: GroupsDeltaPageMessage, why: string): Promise<PageOutcome> {
    const { ctx } = this;
    const restarted = await ctx.jobs.mutate(ctx.jobId, (s) => {
      const c = s.groupCursor;
      if (s.cycleId !== msg.cycleId || !c || c.round !== msg.round || c.nextPageIndex !== msg.pageIndex) {
        return { state: undefined, result: undefined };
      }
      const next = {
        ...s,
        groupCursor: {
          ...c,
          round: c.round + 1,
          full: true,
          nextPageIndex: 0,
          nextPageEnqueued: false,
          pagesRead: 0,
          groupsRead: 0,
        },
        leaseExpiresAt: new Date(ctx.clock().getTime() + CYCLE_LEASE_MS).toISOString(),
      };
      delete next.groupsDeltaLink;
      delete next.groupCursor.nextPageUrl;
      return { state: next, result: next.groupCursor.round };
    });
    if (restarted.result === undefined) return { kind: "ignored", reason: "the cycle moved on before the restart" };
    const reason = `Graph no longer accepts the stored groups delta token (${why}); reading every group again.`;
    await ctx.activity.append(jobRecord(ctx, msg.cycleId, "Warning", reason));
    await ctx.queue.send(QUEUES.deltaPages, {
      kind: "groupsDeltaPage",
      jobId: msg.jobId,
      cycleId: msg.cycleId,
      round: restarted.result,
      pageIndex: 0,
      full: true,
    } satisfies GroupsDeltaPageMessage);
    ctx.log.warn(reason);
    return { kind: "restarted", reason };
  }
}
