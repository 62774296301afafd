import { SeededRandom } from "../seed/SeededRandom";

/** The faults the Graph emulator can inject at random (see RandomFaults). */
export const RANDOM_FAULT_KINDS = ["serverError", "throttle", "timeout"] as const;
export type RandomFaultKind = (typeof RANDOM_FAULT_KINDS)[number];

/** How many faults of each kind were injected. */
export type RandomFaultCounts = Record<RandomFaultKind, number>;

/**
 * Faults drawn at random for chaos runs: every Graph API request (under /v1.0; the token endpoint is spared) draws once
 * from a seeded generator and, with these probabilities (0–1, exclusive of each other):
 *   - serverError: answered 500, 502, 503 or 504 with Graph's error body;
 *   - throttle: answered 429 with `Retry-After: retryAfterSeconds` (default 1);
 *   - timeout: held `hangMs` (default 31 s: past the client's 30 s timeout) before it is answered, if the client is
 *     still there.
 * The app only reads from Graph, so there is no write to answer 204. `limits` caps the number of each kind.
 */
export interface RandomFaultSettings {
  seed: number;
  rates: Partial<Record<RandomFaultKind, number>>;
  limits?: Partial<Record<RandomFaultKind, number>>;
  retryAfterSeconds?: number;
  hangMs?: number;
}

/** What one request drew: a status to answer instead, and/or a time to hold it first. */
export interface RandomFaultDraw {
  kind: RandomFaultKind;
  status?: number;
  retryAfterSeconds?: number;
  hangMs?: number;
}

const SERVER_ERRORS = [500, 502, 503, 504] as const;
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

  /** The fault for the next API request, counted, or undefined. */
  draw(): RandomFaultDraw | undefined {
    const s = this.settings;
    if (!s) return undefined;
    const r = this.rng.next();
    let from = 0;
    for (const kind of RANDOM_FAULT_KINDS) {
      const rate = s.rates[kind] ?? 0;
      if (r >= from && r < from + rate) {
        const limit = s.limits?.[kind];
        if (limit !== undefined && this.injected[kind] >= limit) return undefined;
        this.injected[kind] += 1;
        return this.decision(kind, s);
      }
      from += rate;
    }
    return undefined;
  }

  /** Holds a request `ms` through `wait` (the emulator's cancellable timer), counting it while it is held. */
  async hang(ms: number, wait: (ms: number) => Promise<void>): Promise<void> {
    this.hangingNow += 1;
    try {
      await wait(ms);
    } finally {
      this.hangingNow -= 1;
    }
  }

  counts(): RandomFaultCounts {
    return { ...this.injected };
  }

  /** Requests being held by a timeout fault right now. */
  get hanging(): number {
    return this.hangingNow;
  }

  private decision(kind: RandomFaultKind, s: RandomFaultSettings): RandomFaultDraw {
    switch (kind) {
      case "serverError":
        return { kind, status: this.rng.pick(SERVER_ERRORS) };
      case "throttle":
        return { kind, status: 429, retryAfterSeconds: s.retryAfterSeconds ?? 1 };
      case "timeout":
        return { kind, hangMs: s.hangMs ?? DEFAULT_HANG_MS };
    }
  }
}

function zeroCounts(): RandomFaultCounts {
  return { serverError: 0, throttle: 0, timeout: 0 };
}
