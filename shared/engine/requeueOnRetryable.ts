import { decideRetry } from "../errors";
import type { QueueName } from "../queue/messages";
import type { WorkQueue } from "../queue/WorkQueue";
import type { Logger } from "./Logger";

/** How a message about one object is escrowed when its budget is spent, and the budget. */
export interface EscrowOption {
  run(error: unknown, tries: number): Promise<void>;
  budget: { attempts: number; ms: number };
  now: () => Date;
}

/**
 * Runs `work` for a queue message and carries out errors/retryPolicy.ts's decision when it fails: a message the
 * policy re-queues (throttling, busy leases, refused credentials, transient failures within their budget) is sent
 * again as a copy with the policy's delay and this returns normally, so throttling never burns the host's dequeue
 * count and never becomes a failure. A message about one object (`escrow` given) whose budget for the cycle is spent
 * has its object escrowed instead. Anything else is rethrown: the host retries it and finally moves it to the
 * poison queue, whose handler records it.
 */
export async function requeueOnRetryable<M extends { attempt?: number; firstFailedAt?: string }>(
  queue: WorkQueue,
  queueName: QueueName,
  message: M,
  log: Logger,
  work: () => Promise<void>,
  escrow?: EscrowOption,
): Promise<void> {
  try {
    await work();
  } catch (e) {
    const attempt = (message.attempt ?? 0) + 1;
    const now = escrow?.now();
    const firstFailedAt = message.firstFailedAt ?? now?.toISOString();
    const decision = decideRetry(
      e,
      attempt,
      escrow && now && firstFailedAt
        ? {
            escrow: {
              afterAttempts: escrow.budget.attempts,
              afterMs: escrow.budget.ms,
              elapsedMs: now.getTime() - Date.parse(firstFailedAt),
            },
          }
        : {},
    );
    if (decision.action === "rethrow") throw e;
    if (decision.action === "escrow") {
      await escrow?.run(e, attempt);
      return;
    }
    const { code, kind, message: text } = decision.failure;
    log.warn(
      `${code} (${kind}): ${text} Re-queued (attempt ${attempt}) to run in ${Math.ceil(decision.delayMs / 1000)} s.`,
    );
    const copy = { ...message, attempt, ...(escrow && firstFailedAt ? { firstFailedAt } : {}) };
    await queue.send(queueName, copy, { visibilityDelayMs: decision.delayMs });
  }
}
