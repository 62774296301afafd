import type { GraphUser } from "../../../shared/graph/GraphUser";
import { observationSeq } from "../../../shared/state/SourceUserRepository";
import type { InMemoryEngine } from "./createInMemoryEngine";

let observations = 0;

export interface SeedUserOptions {
  /** Assigned directly (in the assignments and the derived scope); default true. */
  inScope?: boolean;
  /** Assigned groups that reach the user (its scope entry's viaGroups and paths). */
  viaGroups?: readonly string[];
}

/**
 * Writes what a cycle would have recorded about an Entra user: its snapshot in the mirror (a newer observation each
 * call) and, when in scope, its assignment and its scope entry.
 */
export async function seedUser(engine: InMemoryEngine, user: GraphUser, options: SeedUserOptions = {}): Promise<void> {
  const { ctx } = engine;
  const seq = observationSeq(1, 0, ++observations);
  await ctx.sources.saveObservations(ctx.jobId, [{ objectId: user.id, snapshot: user, seq }]);
  if (options.inScope === false) return;
  const viaGroups = [...(options.viaGroups ?? [])];
  const direct = viaGroups.length === 0;
  if (direct) {
    await ctx.scope.apply(ctx.jobId, [{ principalId: user.id, principalType: "User", appRoleId: "role-user" }], []);
  }
  await ctx.userScope.apply(
    ctx.jobId,
    [{ userId: user.id, direct, viaGroups, paths: direct ? ["assigned directly"] : viaGroups }],
    [],
  );
}

/** Writes a newer observation of the user (what the next delta page would bring). */
export async function observeUser(engine: InMemoryEngine, user: GraphUser): Promise<void> {
  const { ctx } = engine;
  await ctx.sources.saveObservations(ctx.jobId, [
    { objectId: user.id, snapshot: user, seq: observationSeq(1, 0, ++observations) },
  ]);
}

/** Takes the user out of scope, as a complete read of the assignments without it would. */
export async function unassignUser(engine: InMemoryEngine, objectId: string): Promise<void> {
  const { ctx } = engine;
  if (await ctx.scope.get(ctx.jobId, objectId)) await ctx.scope.apply(ctx.jobId, [], [objectId]);
  await ctx.userScope.apply(ctx.jobId, [], [objectId]);
}
