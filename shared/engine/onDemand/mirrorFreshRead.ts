import type { GraphUser } from "../../graph/GraphUser";
import type { JobState } from "../../state/JobState";
import type { SourceUserRecord } from "../../state/SourceUserRepository";
import type { EngineContext } from "../EngineContext";
import { directReadSeq } from "../directReadSeq";

/**
 * Files a user just read from Graph in the mirror, so that the run (which reads the mirror) and every later run of a
 * cycle act on what was read now, not on an older observation that would undo it. It goes after every observation of
 * the users rounds read to their end and before those of the round being read, whose pages may be newer still (and
 * the next round brings any change made after them anyway). Nothing is written when the mirror holds a later one.
 */
export async function mirrorFreshRead(
  ctx: Pick<EngineContext, "jobId" | "sources">,
  state: Pick<JobState, "users">,
  snapshot: GraphUser,
  mirrored: SourceUserRecord | undefined,
): Promise<void> {
  const complete = state.users.phase === "reading" ? state.users.round - 1 : state.users.round;
  const seq = directReadSeq(complete);
  if (mirrored && mirrored.seq > seq) return;
  await ctx.sources.saveObservations(ctx.jobId, [{ objectId: snapshot.id, snapshot, seq }]);
}
