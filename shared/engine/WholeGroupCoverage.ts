import type { EngineContext } from "./EngineContext";

/**
 * The member change that stands for the whole group: a scope-step reconcile during a full users round leaves the
 * members to the round's end and records this, so the flush's run of the group reconciles it whole. It sorts before any
 * user id, so a run's first page of changes holds it.
 */
export const WHOLE_GROUP_CHANGE = "!whole-group";

/** How long a group found without a whole-group change is taken to have none (it may get one: then look again). */
export const UNCOVERED_RECHECK_MS = 10_000;

/** The most groups remembered at once; past it the memory starts again (it only saves reads). */
const MAX_REMEMBERED = 10_000;

export type WholeGroupCoveragePorts = Pick<EngineContext, "jobId" | "memberChanges">;

/**
 * Remembers, in this process, which groups a full users round has already left whole to its end (a WHOLE_GROUP_CHANGE
 * recorded for them), so a user's run in that round records no member change for them: the flush's reconcile reads
 * every member's link then, and a per-user row would only be written, read twice and deleted for nothing (at 100,000
 * users, that is a row per user and group in a table Azurite scans whole for every read).
 *
 * Only ever saves work: a group is skipped only once its whole-group change was read, which stays until the flush
 * (after the round's last run) applies it; a group not known to be covered gets its change recorded, as it would without
 * this. One read (the group's first change) per group, then one more per group found uncovered every 10 s.
 */
export class WholeGroupCoverage {
  private cycleId: string | undefined;
  private readonly covered = new Set<string>();
  private readonly uncoveredAt = new Map<string, number>();

  constructor(private readonly clock: () => Date) {}

  /** Of `groupIds`, the ones whose member change must be recorded: all but those covered in `cycleId`'s round. */
  async needChange(ctx: WholeGroupCoveragePorts, cycleId: string, groupIds: readonly string[]): Promise<string[]> {
    if (this.cycleId !== cycleId || this.covered.size + this.uncoveredAt.size > MAX_REMEMBERED) {
      this.cycleId = cycleId;
      this.covered.clear();
      this.uncoveredAt.clear();
    }
    const now = this.clock().getTime();
    const need: string[] = [];
    for (const groupId of groupIds) {
      const key = `${ctx.jobId}\n${groupId}`;
      if (this.covered.has(key)) continue;
      const seen = this.uncoveredAt.get(key);
      if (seen !== undefined && now - seen < UNCOVERED_RECHECK_MS) {
        need.push(groupId);
        continue;
      }
      const first = (await ctx.memberChanges.list(ctx.jobId, groupId, 1)).changes[0];
      if (first?.userId === WHOLE_GROUP_CHANGE) {
        this.covered.add(key);
        this.uncoveredAt.delete(key);
      } else {
        this.uncoveredAt.set(key, now);
        need.push(groupId);
      }
    }
    return need;
  }
}
