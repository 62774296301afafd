import { setTimeout as delay } from "node:timers/promises";
import { LeaseBusyError } from "../../errors";

/** How long an on-demand run waits for another run of its object (a cycle's) to release the lease. */
export interface LeaseWait {
  maxMs: number;
  pollMs: number;
  /** Wall clock in ms (default Date.now). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The default: a run of one user or group takes well under a second unless Slack paces it; 10 s, every 250 ms. */
export const ON_DEMAND_LEASE_WAIT: LeaseWait = { maxMs: 10_000, pollMs: 250 };

/**
 * Calls `attempt` until it does not fail with LeaseBusyError (another run holds the object's lease) or the wait is
 * spent, then rethrows that error. Resolves with the result and how long it waited before the attempt that ran.
 */
export async function waitForLease<T>(
  attempt: () => Promise<T>,
  wait: LeaseWait,
): Promise<{ result: T; waitedMs: number }> {
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? ((ms: number) => delay(ms));
  const start = now();
  for (;;) {
    const tried = now();
    try {
      return { result: await attempt(), waitedMs: tried - start };
    } catch (e) {
      if (!(e instanceof LeaseBusyError) || now() - start + wait.pollMs > wait.maxMs) throw e;
    }
    await sleep(wait.pollMs);
  }
}
