/**
 * Graph's identity throttling, simplified: a token bucket of resource units (RU) that refills `capacity` RU every
 * 10 seconds (continuously). A request that costs more than what is left is refused with the seconds to wait.
 */
export class ResourceUnitBucket {
  private tokens: number;
  private last = Date.now();
  private readonly ratePerMs: number;

  constructor(
    private readonly capacity: number,
    windowMs = 10_000,
  ) {
    this.tokens = capacity;
    this.ratePerMs = capacity / windowMs;
  }

  /** Takes `cost` RU; returns 0 when granted, else the whole seconds to wait (at least 1). */
  take(cost: number): number {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.ratePerMs);
    this.last = now;
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((cost - this.tokens) / this.ratePerMs / 1000));
  }
}

/**
 * The RU cost of a Graph GET (S16): users 2, appRoleAssignments 2, group /members 3, /transitiveMembers 5, other
 * identity GETs 1; $select takes 1 off.
 */
export function resourceUnitCost(path: string, hasSelect: boolean): number {
  let base = 1;
  if (/^\/v1\.0\/users(\/delta|\/microsoft\.graph\.delta|\/delta\(\))?$/.test(path)) base = 2;
  if (/\/appRoleAssignedTo$|\/appRoleAssignments$/.test(path)) base = 2;
  if (/^\/v1\.0\/groups\/[^/]+\/members(\/[^/]+)?$/i.test(path)) base = 3;
  if (/^\/v1\.0\/groups\/[^/]+\/transitiveMembers(\/[^/]+)?$/i.test(path)) base = 5;
  return Math.max(1, base - (hasSelect ? 1 : 0));
}
