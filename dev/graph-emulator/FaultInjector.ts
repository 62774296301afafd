import type { FaultSpec } from "./emulatorTypes";

/** What to do with one request: answer normally, fail with a status, and/or wait first. */
export interface FaultDecision {
  status?: number;
  retryAfterSeconds?: number;
  hangMs?: number;
}

/** Holds injected faults; each matches requests by path substring (and method) and fires `count` times. */
export class FaultInjector {
  private faults: (FaultSpec & { remaining: number })[] = [];

  add(spec: FaultSpec): void {
    if (!spec.pathContains || !Number.isInteger(spec.count) || spec.count < 1) {
      throw new Error("A fault needs pathContains and a positive whole count.");
    }
    if (spec.status === undefined && spec.hangMs === undefined) throw new Error("A fault needs a status or hangMs.");
    this.faults.push({ ...spec, remaining: spec.count });
  }

  clear(): void {
    this.faults = [];
  }

  get active(): number {
    return this.faults.length;
  }

  /** The first matching fault, consumed once; undefined when none matches. */
  take(method: string, path: string): FaultDecision | undefined {
    const f = this.faults.find(
      (x) => path.includes(x.pathContains) && (x.method === undefined || x.method.toUpperCase() === method),
    );
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    const retryAfterSeconds = f.retryAfterSeconds ?? (f.status === 429 ? 1 : undefined);
    return { status: f.status, retryAfterSeconds, hangMs: f.hangMs };
  }
}
