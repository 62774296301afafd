import { setTimeout as delay } from "node:timers/promises";
import { ThrottledError } from "../errors";
import type { GovernorState } from "./gcra";
import { pauseUntil, reserveMany } from "./gcra";
import type { RateGovernor } from "./RateGovernor";
import type { GovernorLimits, SlackBucket } from "./slackRateLimits";

/** The rate governor of one process (for a single instance, and for tests): the state lives in memory. */
export class ProcessRateGovernor implements RateGovernor {
  private state: GovernorState = { tats: {}, notBefore: 0 };

  constructor(
    private readonly limits: GovernorLimits,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => delay(ms),
  ) {}

  async acquire(buckets: readonly SlackBucket[]): Promise<void> {
    const now = this.now();
    const { state, reservations } = reserveMany(this.state, this.limits, [buckets], now, this.maxWaitMs);
    this.state = state;
    const r = reservations[0];
    if (!r) return;
    if ("tooLongMs" in r) throw new ThrottledError("slack", r.tooLongMs);
    if (r.at > now) await this.sleep(Math.ceil(r.at - now));
  }

  pause(ms: number): Promise<void> {
    this.state = pauseUntil(this.state, this.now() + ms);
    return Promise.resolve();
  }
}
