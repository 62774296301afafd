import type { UserDeltaPage } from "../graph/DeltaPage";
import type { GraphUser } from "../graph/GraphUser";
import type { DeltaPageMessage } from "../queue/messages";
import { mapUser } from "../mapping";
import { slackUserName } from "../slack/slackUserName";
import { observationSeq } from "../state/SourceUserRepository";
import type { EngineContext } from "./EngineContext";
import type { DeltaRoundPorts } from "./DeltaRoundReader";
import { DeltaRoundReader } from "./DeltaRoundReader";
import { queueUserWork } from "./queueWork";
import type { SlackSnapshotPorts } from "./takeSlackSnapshot";
import { takeSlackSnapshot } from "./takeSlackSnapshot";

export type { PageOutcome } from "./DeltaRoundReader";

export type UsersRoundPorts = DeltaRoundPorts &
  Pick<EngineContext, "graph" | "sources" | "reports" | "userScope" | "userNames" | "mapping" | "userSelect"> &
  SlackSnapshotPorts;

/**
 * Processes one users/delta page of a cycle (the users round's steps of the DeltaRoundReader): mirrors its objects into
 * Table Storage (never letting an older observation overwrite a newer one) and queues a provisioning message for every
 * in-scope or managed user it touches; after a complete full read, managed users it did not return are queued for a
 * confirming direct read. The reader moves the page cursor and commits the deltaLink once all the round's work is queued.
 */
export class DeltaPageProcessor extends DeltaRoundReader<DeltaPageMessage, UserDeltaPage> {
  constructor(private readonly ctx: UsersRoundPorts) {
    super(ctx, "users");
  }

  protected read(url: string | undefined): Promise<UserDeltaPage> {
    return this.ctx.graph.getUsersDeltaPage(url, this.ctx.userSelect);
  }

  protected async beforeCommit(msg: DeltaPageMessage, origin: string): Promise<number> {
    return msg.full ? await this.sweepUnseen(msg, origin) : 0;
  }

  /** Mirrors the page's objects and queues provisioning work for the ones we manage or that are in scope. */
  protected async importPage(msg: DeltaPageMessage, page: UserDeltaPage, origin: string): Promise<number> {
    const { ctx } = this;
    const ids = [...new Set(page.items.map((it) => (it.kind === "present" ? it.object.id : it.id)))];
    // A full read matches every unlinked user: one listing of Slack, taken before any of them is queued (beside the
    // page's own reads: it is on the path to the round's first Slack write), instead of two filtered Slack reads per user.
    const [existing, scope] = await Promise.all([
      ctx.sources.getMany(ctx.jobId, ids),
      ctx.userScope.getMany(ctx.jobId, ids),
      msg.full && msg.pageIndex === 0 ? takeSlackSnapshot(ctx, msg.cycleId) : undefined,
    ]);
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

    const toQueue = ids.filter((id) => existing.get(id)?.managed === true || scope.has(id));
    if (toQueue.length === 0) return 0;
    const wanted = observations.flatMap((o) => {
      if (!("snapshot" in o) || !o.snapshot || !scope.has(o.objectId)) return [];
      const userName = mapUser(o.snapshot, ctx.mapping).values.userName;
      return userName ? [{ slackUserName: slackUserName(userName), objectId: o.objectId }] : [];
    });
    await ctx.userNames.record(ctx.jobId, wanted);
    await queueUserWork(ctx, msg.cycleId, toQueue, msg.full ? "resync" : "delta", origin);
    return toQueue.length;
  }

  /**
   * After a complete full read: managed users it did not return were possibly deleted while we were not looking (an
   * expired token hides deletions). Queue each for a confirming direct read; absence alone deactivates nobody.
   */
  private async sweepUnseen(msg: DeltaPageMessage, origin: string): Promise<number> {
    const { ctx } = this;
    const roundStart = observationSeq(msg.round, 0, 0);
    const unseen: string[] = [];
    for await (const r of ctx.sources.list(ctx.jobId)) {
      if (r.managed && !r.removed && r.seq < roundStart) unseen.push(r.objectId);
    }
    if (unseen.length === 0) return 0;
    await queueUserWork(ctx, msg.cycleId, unseen, "resync", origin, { confirmAbsence: { round: msg.round } });
    ctx.log.info(`Cycle ${msg.cycleId}: ${unseen.length} managed user(s) missing from the full read; confirming each.`);
    return unseen.length;
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
