import { setTimeout as delay } from "node:timers/promises";
import { SeededRandom } from "../seed/SeededRandom";

/** The faults the Slack emulator can inject at random (see RandomFaults). */
export const RANDOM_FAULT_KINDS = ["serverError", "throttle", "timeout", "noContent"] as const;
export type RandomFaultKind = (typeof RANDOM_FAULT_KINDS)[number];

/** How many faults of each kind were injected. */
export type RandomFaultCounts = Record<RandomFaultKind, number>;

/**
 * Faults drawn at random for chaos runs: every SCIM request draws once from a seeded generator and, with these
 * probabilities (0–1, exclusive of each other):
 *   - serverError: answered 500, 502 or 503, and not applied;
 *   - throttle: answered 429 with `Retry-After: retryAfterSeconds` (default 1), and not applied;
 *   - timeout: held `hangMs` (default 31 s: past the client's 30 s timeout) and then applied and answered as usual, as
 *     by a server that was only slow: the client has given up and does not know the change was made;
 *   - noContent: a PATCH or PUT that succeeds is answered 204 without a body (RFC 7644 §3.5.2 allows it).
 * `limits` caps the number of each kind; a kind at its cap is no longer injected.
 */
export interface RandomFaultSettings {
  seed: number;
  rates: Partial<Record<RandomFaultKind, number>>;
  limits?: Partial<Record<RandomFaultKind, number>>;
  retryAfterSeconds?: number;
  hangMs?: number;
}

/** What one request drew. */
export interface RandomFaultDraw {
  kind: RandomFaultKind;
  /** serverError and throttle: the status to answer instead of applying the request. */
  status?: number;
  retryAfterSeconds?: number;
  /** timeout: how long to hold the request before applying it. */
  hangMs?: number;
}

const SERVER_ERRORS = [500, 502, 503] as const;
const DEFAULT_HANG_MS = 31_000;

/** Seeded random faults with counters; off until configured. */
export class RandomFaults {
  private settings: RandomFaultSettings | undefined;
  private rng = new SeededRandom(0);
  private injected: RandomFaultCounts = zeroCounts();
  private hangingNow = 0;

  /** Switches random faults on with these settings (counters start again), or off with undefined. */
  configure(settings: RandomFaultSettings | undefined): void {
    for (const [kind, rate] of Object.entries(settings?.rates ?? {})) {
      if (!RANDOM_FAULT_KINDS.includes(kind as RandomFaultKind)) throw new Error(`Unknown random fault kind ${kind}.`);
      if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new Error(`The rate of ${kind} must be 0–1.`);
    }
    const total = Object.values(settings?.rates ?? {}).reduce((sum, r) => sum + r, 0);
    if (total > 1) throw new Error("The random fault rates add up to more than 1.");
    this.settings = settings;
    this.rng = new SeededRandom(settings?.seed ?? 0);
    this.injected = zeroCounts();
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** The fault for a request with this method, or undefined. noContent is drawn only for PATCH and PUT. */
  draw(method: string): RandomFaultDraw | undefined {
    const s = this.settings;
    if (!s) return undefined;
    const r = this.rng.next();
    let from = 0;
    for (const kind of RANDOM_FAULT_KINDS) {
      const rate = kind === "noContent" && method !== "PATCH" && method !== "PUT" ? 0 : (s.rates[kind] ?? 0);
      if (r >= from && r < from + rate) return this.capped(kind) ? undefined : this.decision(kind, s);
      from += rate;
    }
    return undefined;
  }

  /** Counts a fault the emulator applied (the caller decides: a noContent draw counts only if the write succeeded). */
  record(kind: RandomFaultKind): void {
    this.injected[kind] += 1;
  }

  /** Holds a request `ms` (counted as a timeout); ends early when the emulator closes. */
  async hang(ms: number, signal: AbortSignal): Promise<void> {
    this.record("timeout");
    this.hangingNow += 1;
    try {
      await delay(ms, undefined, { signal }).catch(() => undefined);
    } finally {
      this.hangingNow -= 1;
    }
  }

  counts(): RandomFaultCounts {
    return { ...this.injected };
  }

  /** Requests being held by a timeout fault right now (they are applied when their hang ends). */
  get hanging(): number {
    return this.hangingNow;
  }

  private capped(kind: RandomFaultKind): boolean {
    const limit = this.settings?.limits?.[kind];
    return limit !== undefined && this.injected[kind] >= limit;
  }

  private decision(kind: RandomFaultKind, s: RandomFaultSettings): RandomFaultDraw {
    switch (kind) {
      case "serverError":
        return { kind, status: this.rng.pick(SERVER_ERRORS) };
      case "throttle":
        return { kind, status: 429, retryAfterSeconds: s.retryAfterSeconds ?? 1 };
      case "timeout":
        return { kind, hangMs: s.hangMs ?? DEFAULT_HANG_MS };
      case "noContent":
        return { kind };
    }
  }
}

function zeroCounts(): RandomFaultCounts {
  return { serverError: 0, throttle: 0, timeout: 0, noContent: 0 };
}
