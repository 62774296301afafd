import type { EndpointClass, RateLimitSetting, SlackRateLimitNumbers } from "./rateLimits";
import { resolveRateLimits } from "./rateLimits";
import { ScimError } from "./ScimError";
import { TokenBucket } from "./TokenBucket";

const WRITE_CLASSES: ReadonlySet<EndpointClass> = new Set([
  "usersCreate",
  "usersUpdate",
  "usersDelete",
  "groupsCreate",
  "groupsUpdate",
  "groupsDelete",
]);

/**
 * Slack's rate-limit model (reference §5): an org-wide write bucket and read bucket, one bucket per endpoint class,
 * and a per-resource write lock. Refusals are ScimError 429 with `Retry-After` = ceil(seconds to the next token).
 */
export class RateLimiter {
  private limits: SlackRateLimitNumbers | undefined;
  private buckets = new Map<string, TokenBucket>();
  private locked = new Set<string>();

  constructor(setting: RateLimitSetting = "slack") {
    this.limits = resolveRateLimits(setting);
  }

  configure(setting: RateLimitSetting): void {
    this.limits = resolveRateLimits(setting);
    this.buckets.clear();
  }

  private bucket(name: keyof SlackRateLimitNumbers, limits: SlackRateLimitNumbers): TokenBucket | undefined {
    const figures = limits[name];
    if (typeof figures !== "object") return undefined;
    let b = this.buckets.get(name);
    if (!b) {
      b = new TokenBucket(figures.perMinute, figures.burst);
      this.buckets.set(name, b);
    }
    return b;
  }

  /** Takes a token from the org-wide and the endpoint bucket, or throws 429 without taking any. */
  admit(endpoint: EndpointClass): void {
    const limits = this.limits;
    if (!limits) return;
    const org = this.bucket(WRITE_CLASSES.has(endpoint) ? "orgWrites" : "orgReads", limits);
    const own = endpoint in limits ? this.bucket(endpoint as keyof SlackRateLimitNumbers, limits) : undefined;
    const now = performance.now();
    const wait = Math.max(org?.waitMs(now) ?? 0, own?.waitMs(now) ?? 0);
    if (wait > 0) throw new ScimError(429, "too_many_requests", undefined, Math.max(1, Math.ceil(wait / 1000)));
    org?.take(now);
    own?.take(now);
  }

  /** Locks a resource for one write; a concurrent write gets 429. Returns the release function. */
  lock(resource: string): () => void {
    if (!this.limits?.writeLock) return () => undefined;
    if (this.locked.has(resource)) throw new ScimError(429, "resource_locked", undefined, 1);
    this.locked.add(resource);
    return () => {
      this.locked.delete(resource);
    };
  }
}
