/** A token bucket: `burst` tokens, refilled continuously at `perMinute` tokens per minute. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly ratePerMs: number;

  constructor(
    readonly perMinute: number,
    readonly burst: number,
    now: number = performance.now(),
  ) {
    this.tokens = burst;
    this.last = now;
    this.ratePerMs = perMinute / 60_000;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.ratePerMs);
    this.last = now;
  }

  /** Milliseconds until one token is available (0 if one is available now). */
  waitMs(now: number = performance.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.ratePerMs;
  }

  take(now: number = performance.now()): void {
    this.refill(now);
    this.tokens -= 1;
  }
}
