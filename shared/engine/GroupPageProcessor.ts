import type { GroupDeltaPage } from "../graph/DeltaPage";
import { GROUP_DELTA_SELECT, GROUP_SELECT } from "../graph/GraphGroup";
import type { GroupsDeltaPageMessage } from "../queue/messages";
import { applyGroupItem } from "../scope/applyGroupItem";
import type { ScopeTouch } from "../scope/ScopeTouch";
import type { GroupRecord } from "../state/GroupRepository";
import type { JobState } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import type { DeltaRoundPorts } from "./DeltaRoundReader";
import { DeltaRoundReader } from "./DeltaRoundReader";
import type { ScopeMaterializerPorts } from "./ScopeMaterializer";
import { ScopeMaterializer } from "./ScopeMaterializer";
import type { QueueDueEscrowsPorts } from "./queueDueEscrows";
import { queueDueEscrows } from "./queueDueEscrows";
import { sendDeltaPage } from "./sendDeltaPage";

export type GroupsRoundPorts = DeltaRoundPorts &
  ScopeMaterializerPorts &
  QueueDueEscrowsPorts &
  Pick<EngineContext, "graph" | "groups">;

/**
 * Processes one groups/delta page (the groups round's steps of the DeltaRoundReader): applies names, deletions and
 * members@delta to the groups mirror; on the last page it confirms groups a full read did not return, derives the scope
 * (ScopeMaterializer) and, once the groups deltaLink is stored, starts the cycle's users round.
 */
export class GroupPageProcessor extends DeltaRoundReader<GroupsDeltaPageMessage, GroupDeltaPage> {
  constructor(private readonly ctx: GroupsRoundPorts) {
    super(ctx, "groups");
  }

  protected read(url: string | undefined): Promise<GroupDeltaPage> {
    return this.ctx.graph.getGroupsDeltaPage(url, GROUP_DELTA_SELECT);
  }

  protected async beforeCommit(msg: GroupsDeltaPageMessage, origin: string): Promise<number> {
    const { ctx } = this;
    if (msg.full) await this.sweepUnseen(msg);
    const state = await ctx.jobs.get(ctx.jobId);
    const result = await new ScopeMaterializer(ctx).run(msg.cycleId, {
      usersRoundIsFull: state.users.full,
      groupsRoundIsFull: msg.full,
      origin,
    });
    const retries = await queueDueEscrows(ctx, msg.cycleId, origin);
    ctx.log.info(
      `Cycle ${msg.cycleId}: scope +${result.entered}/-${result.left} (${result.mode}, ${result.derived} user(s) ` +
        `derived), ${result.groupsQueued} group(s) queued, ` +
        `${retries} escrowed object(s) retried.`,
    );
    return result.entered + result.left + retries;
  }

  /** The scope is stored: the users round of the same cycle starts. */
  protected override async afterCommit(msg: GroupsDeltaPageMessage, state: JobState): Promise<void> {
    const { ctx } = this;
    const users = state.users;
    await sendDeltaPage(ctx, "users", {
      cycleId: msg.cycleId,
      round: users.round,
      pageIndex: 0,
      ...(users.nextPageUrl ? { url: users.nextPageUrl } : {}),
      full: users.full,
    });
    // The scope derived before the commit took in every touch; one left by a failure here is only derived again.
    try {
      await ctx.scopeTouches.clear(ctx.jobId);
    } catch (e) {
      ctx.log.warn(
        `Cycle ${msg.cycleId}: could not clear the scope's consumed changes (${e instanceof Error ? e.message : String(e)}); ` +
          "the next cycle derives those users again.",
      );
    }
  }

  /** Applies the page to the groups mirror. In a full round a group's first appearance replaces its old members. */
  protected async importPage(msg: GroupsDeltaPageMessage, page: GroupDeltaPage): Promise<number> {
    const { ctx } = this;
    const ids = [...new Set(page.items.map((it) => (it.kind === "present" ? it.object.id : it.id)))];
    const existing = await ctx.groups.getMany(ctx.jobId, ids);
    const updated = new Map<string, GroupRecord>();
    const touches: ScopeTouch[] = [];
    for (const it of page.items) {
      const id = it.kind === "present" ? it.object.id : it.id;
      const base = updated.get(id) ?? existing.get(id);
      const fresh = msg.full && (!base || base.round < msg.round);
      const applied = applyGroupItem(base, it, msg.round, fresh);
      touches.push(...applied.touches);
      updated.set(id, applied.group);
    }
    // A full round replaces every group's members; its scope is derived from the whole mirror, so it records nothing.
    // Touches are written before the mirror: a crash between the two leaves a touch too many, never one too few.
    if (!msg.full) await ctx.scopeTouches.record(ctx.jobId, touches);
    await ctx.groups.save(ctx.jobId, [...updated.values()], existing);
    return 0;
  }

  /** After a full groups read: groups it did not return are confirmed with a direct read; a 404 marks them deleted. */
  private async sweepUnseen(msg: GroupsDeltaPageMessage): Promise<void> {
    const { ctx } = this;
    // The mirror is read group by group (not held whole); only the groups found gone are kept, to be saved.
    const gone: GroupRecord[] = [];
    const before = new Map<string, GroupRecord>();
    for await (const g of ctx.groups.entries(ctx.jobId)) {
      if (g.removed || g.round >= msg.round) continue;
      if (await ctx.graph.getGroup(g.groupId, GROUP_SELECT)) continue;
      gone.push({ ...g, removed: "deleted" });
      before.set(g.groupId, g);
    }
    if (gone.length > 0) await ctx.groups.save(ctx.jobId, gone, before);
  }
}
