import { classifyFailure, ConcurrentWriteError } from "../errors";
import type { ActivityRecord } from "../state/ActivityRecord";
import type { EscrowEntry } from "../state/StatePorts";
import type { EngineContext } from "./EngineContext";

export type EscrowPorts = Pick<
  EngineContext,
  "jobId" | "links" | "groupLinks" | "escrows" | "activity" | "pending" | "telemetry" | "clock" | "log"
>;

/** What is escrowed: the object, the message that spent its budget, and why. */
export interface EscrowInput {
  objectType: EscrowEntry["objectType"];
  objectId: string;
  cycleId: string;
  changeId: string;
  pendingKey?: string;
  error: unknown;
  /** How many times the message was tried in this cycle. */
  tries: number;
  /** The message reached the poison queue (the host gave up on it) rather than spending the engine's budget. */
  poisoned?: boolean;
}

/** How long an object stays escrowed before its next automatic retry: 30 minutes, doubling, at most a day. */
export function escrowInterval(attempts: number): number {
  return Math.min(24 * 60 * 60_000, 30 * 60_000 * 2 ** Math.min(Math.max(attempts, 1) - 1, 10));
}

/**
 * Escrows an object whose retries in this cycle are spent (or whose message was poisoned), as Entra's escrow does:
 * the object is marked on its link and listed in the escrow store with the error, the number of escrows and the next
 * attempt (30 minutes, doubling up to a day); an activity record says so; and the message's backlog row is cleared, so
 * the cycle converges and other objects are not held up. Later cycles retry it when due, without any change in Entra.
 */
export async function escrowObject(ctx: EscrowPorts, input: EscrowInput): Promise<EscrowEntry> {
  const now = ctx.clock();
  const { code, message } = classifyFailure(input.error);
  const links = input.objectType === "User" ? ctx.links : ctx.groupLinks;
  let entry: EscrowEntry | undefined;
  for (let attempt = 0; attempt < 5 && !entry; attempt++) {
    const stored = await links.get(ctx.jobId, input.objectId);
    const previous = stored?.link.escrow;
    const attempts = (previous?.attempts ?? 0) + 1;
    const escrow = {
      attempts,
      since: previous?.since ?? now.toISOString(),
      lastError: { code, message },
      nextAttemptAt: new Date(now.getTime() + escrowInterval(attempts)).toISOString(),
    };
    try {
      const link = { ...(stored?.link ?? { objectId: input.objectId }), escrow };
      if (stored) await links.replace(ctx.jobId, link, stored.etag);
      else await links.create(ctx.jobId, link);
      const identity = stored?.link.userPrincipalName ?? stored?.link.displayName;
      entry = { objectType: input.objectType, objectId: input.objectId, ...(identity ? { identity } : {}), ...escrow };
    } catch (e) {
      if (!(e instanceof ConcurrentWriteError)) throw e;
    }
  }
  if (!entry) throw new ConcurrentWriteError(`The link of ${input.objectId} kept changing while escrowing it.`);
  await ctx.escrows.put(ctx.jobId, entry);
  const what = input.poisoned
    ? "Its message failed repeatedly and reached the poison queue"
    : `It failed ${input.tries} time(s) in this cycle`;
  const reason =
    `Escrowed: ${what} (${code}: ${message}). It is retried automatically from ${entry.nextAttemptAt} ` +
    `(escrow ${entry.attempts}; the wait doubles each time, up to a day), or sooner when it changes in Entra ID. ` +
    "The cycle goes on without it.";
  const record: ActivityRecord = {
    jobId: ctx.jobId,
    cycleId: input.cycleId,
    changeId: input.changeId,
    at: now.toISOString(),
    objectType: input.objectType,
    objectId: input.objectId,
    ...(entry.identity ? { identity: entry.identity } : {}),
    action: "Other",
    status: "Failure",
    reason,
    steps: [],
    modifiedProperties: [],
    errorCode: code,
    errorMessage: message,
    escrowed: true,
  };
  await ctx.activity.append(record);
  ctx.telemetry.trackChange(record);
  ctx.log.warn(`${input.objectType} ${input.objectId}: ${reason}`);
  await ctx.pending.remove(input.cycleId, input.pendingKey ?? input.changeId);
  return entry;
}
