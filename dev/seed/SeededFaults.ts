import { SeededRandom } from "./SeededRandom";

/**
 * Settings of seeded random faults: each request draws once; `rates` are probabilities (0–1, exclusive of each other,
 * adding up to at most 1), `limits` cap how many of a kind are injected, throttles say `Retry-After: retryAfterSeconds`
 * (default 1) and timeouts hold a request `hangMs` (default 31 s: past the app's 30 s client timeout).
 */
export interface SeededFaultSettings<K extends string> {
  seed: number;
  rates: Partial<Record<K, number>>;
  limits?: Partial<Record<K, number>>;
  retryAfterSeconds?: number;
  hangMs?: number;
}

/** What one request drew: a status to answer instead, and/or a time to hold it first. */
export interface SeededFaultDraw<K extends string> {
  kind: K;
  status?: number;
  retryAfterSeconds?: number;
  hangMs?: number;
}

const DEFAULT_HANG_MS = 31_000;

/**
 * The fault stream both emulators draw from in chaos runs (each wraps it with its own kinds and rules): a seeded
 * generator, so a run can be replayed; counters of what was injected; and the requests held by a timeout right now.
 * Off until configured. Drawing does not count: the emulator records what it actually injected.
 */
export class SeededFaults<K extends string> {
  private settings: SeededFaultSettings<K> | undefined;
  private rng = new SeededRandom(0);
  private injected: Record<K, number>;
  private hangingNow = 0;

  constructor(
    private readonly kinds: readonly K[],
    /** The statuses a serverError answers with, picked at random. */
    private readonly serverErrors: readonly number[],
  ) {
    this.injected = this.zero();
  }

  /** Switches the faults on with these settings (counters start again), or off with undefined. */
  configure(settings: SeededFaultSettings<K> | undefined): void {
    for (const [kind, rate] of Object.entries(settings?.rates ?? {})) {
      if (!this.kinds.includes(kind as K)) throw new Error(`Unknown random fault kind ${kind}.`);
      if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new Error(`The rate of ${kind} must be 0–1.`);
    }
    const rates = Object.values(settings?.rates ?? {}) as number[];
    if (rates.reduce((sum, r) => sum + r, 0) > 1) throw new Error("The random fault rates add up to more than 1.");
    this.settings = settings;
    this.rng = new SeededRandom(settings?.seed ?? 0);
    this.injected = this.zero();
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** The fault a request draws (one number from the stream), or undefined; `eligible` rules kinds out for it. */
  draw(eligible: (kind: K) => boolean = () => true): SeededFaultDraw<K> | undefined {
    const s = this.settings;
    if (!s) return undefined;
    const r = this.rng.next();
    let from = 0;
    for (const kind of this.kinds) {
      const rate = eligible(kind) ? (s.rates[kind] ?? 0) : 0;
      if (r >= from && r < from + rate) return this.capped(kind) ? undefined : this.decision(kind, s);
      from += rate;
    }
    return undefined;
  }

  /** Counts a fault the emulator injected. */
  record(kind: K): void {
    this.injected[kind] += 1;
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

  counts(): Record<K, number> {
    return { ...this.injected };
  }

  /** Requests being held by a timeout fault right now. */
  get hanging(): number {
    return this.hangingNow;
  }

  private capped(kind: K): boolean {
    const limit = this.settings?.limits?.[kind];
    return limit !== undefined && this.injected[kind] >= limit;
  }

  private decision(kind: K, s: SeededFaultSettings<K>): SeededFaultDraw<K> {
    if (kind === "serverError") return { kind, status: this.rng.pick(this.serverErrors) };
    if (kind === "throttle") return { kind, status: 429, retryAfterSeconds: s.retryAfterSeconds ?? 1 };
    if (kind === "timeout") return { kind, hangMs: s.hangMs ?? DEFAULT_HANG_MS };
    return { kind };
  }

  private zero(): Record<K, number> {
    return Object.fromEntries(this.kinds.map((k) => [k, 0])) as Record<K, number>;
  }
}
