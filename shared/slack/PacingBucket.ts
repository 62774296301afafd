import { setTimeout as delay } from "node:timers/promises";

/**
 * Client-side pacing: a token bucket whose `take()` waits (an awaited timer) until the caller may send. Callers are
 * served in arrival order because each reserves its token up front. `pauseFor` holds everyone back, e.g. after a 429
 * whose Retry-After applies to the whole org.
 */
export class PacingBucket {
  private tokens: number;
  private last: number;
  private notBefore = 0;
  private readonly ratePerMs: number;

  constructor(
    perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    /** How a caller waits (an awaited timer; tests record the waits instead). */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => delay(ms),
  ) {
    this.ratePerMs = perMinute / 60_000;
    this.tokens = burst;
    this.last = this.now();
  }

  /** Resolves when this caller's token is due. */
  async take(): Promise<void> {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.ratePerMs);
    this.last = now;
    this.tokens -= 1;
    const tokenWait = this.tokens >= 0 ? 0 : -this.tokens / this.ratePerMs;
    const wait = Math.max(tokenWait, this.notBefore - now);
    if (wait > 0) await this.sleep(Math.ceil(wait));
  }

  /** Makes every later `take()` wait at least until `ms` from now. */
  pauseFor(ms: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + ms);
  }
}
