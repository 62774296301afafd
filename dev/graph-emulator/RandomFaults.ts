import { SeededFaults } from "../seed/SeededFaults";
import type { SeededFaultDraw, SeededFaultSettings } from "../seed/SeededFaults";

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
export type RandomFaultSettings = SeededFaultSettings<RandomFaultKind>;

/** What one request drew: a status to answer instead, and/or a time to hold it first. */
export type RandomFaultDraw = SeededFaultDraw<RandomFaultKind>;

/** Seeded random faults with counters (on the shared SeededFaults stream); off until configured. */
export class RandomFaults {
  private readonly faults = new SeededFaults<RandomFaultKind>(RANDOM_FAULT_KINDS, [500, 502, 503, 504]);

  /** Switches random faults on with these settings (counters start again), or off with undefined. */
  configure(settings: RandomFaultSettings | undefined): void {
    this.faults.configure(settings);
  }

  /** The fault for the next API request, counted, or undefined. */
  draw(): RandomFaultDraw | undefined {
    const drawn = this.faults.draw();
    if (drawn) this.faults.record(drawn.kind);
    return drawn;
  }

  /** Holds a request `ms` through `wait` (the emulator's cancellable timer), counting it while it is held. */
  hang(ms: number, wait: (ms: number) => Promise<void>): Promise<void> {
    return this.faults.hang(ms, wait);
  }

  counts(): RandomFaultCounts {
    return this.faults.counts();
  }

  /** Requests being held by a timeout fault right now. */
  get hanging(): number {
    return this.faults.hanging;
  }
}
