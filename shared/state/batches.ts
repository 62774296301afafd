import type { TableClient, TransactionAction } from "@azure/data-tables";

/** Table transactions take at most 100 actions, all in one partition. */
export const MAX_BATCH = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Submits actions (all in one partition) in transactions of at most 100. */
export async function submitInBatches(client: TableClient, actions: readonly TransactionAction[]): Promise<void> {
  for (const batch of chunk(actions, MAX_BATCH)) {
    if (batch.length > 0) await client.submitTransaction(batch);
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Runs `fn` over items with at most `limit` in flight, and returns only when none is in flight any more: after a
 * failure no new item starts, the running ones finish, and then the first error is thrown. So a caller that retries
 * after a failure never races writes still running from its failed attempt.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        await fn(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
