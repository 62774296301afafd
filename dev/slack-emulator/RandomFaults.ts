import { setTimeout as delay } from "node:timers/promises";
import { SeededFaults } from "../seed/SeededFaults";
import type { SeededFaultDraw, SeededFaultSettings } from "../seed/SeededFaults";

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
export type RandomFaultSettings = SeededFaultSettings<RandomFaultKind>;

/** What one request drew: serverError and throttle answer `status` instead of applying; timeout holds `hangMs` first. */
export type RandomFaultDraw = SeededFaultDraw<RandomFaultKind>;

/** Seeded random faults with counters (on the shared SeededFaults stream); off until configured. */
export class RandomFaults {
  private readonly faults = new SeededFaults<RandomFaultKind>(RANDOM_FAULT_KINDS, [500, 502, 503]);

  /** Switches random faults on with these settings (counters start again), or off with undefined. */
  configure(settings: RandomFaultSettings | undefined): void {
    this.faults.configure(settings);
  }

  get enabled(): boolean {
    return this.faults.enabled;
  }

  /** The fault for a request with this method, or undefined. noContent is drawn only for PATCH and PUT. */
  draw(method: string): RandomFaultDraw | undefined {
    return this.faults.draw((kind) => kind !== "noContent" || method === "PATCH" || method === "PUT");
  }

  /** Counts a fault the emulator applied (the caller decides: a noContent draw counts only if the write succeeded). */
  record(kind: RandomFaultKind): void {
    this.faults.record(kind);
  }

  /** Holds a request `ms` (counted as a timeout); ends early when the emulator closes. */
  async hang(ms: number, signal: AbortSignal): Promise<void> {
    this.record("timeout");
    await this.faults.hang(ms, (wait) => delay(wait, undefined, { signal }).catch(() => undefined));
  }

  counts(): RandomFaultCounts {
    return this.faults.counts();
  }

  /** Requests being held by a timeout fault right now (they are applied when their hang ends). */
  get hanging(): number {
    return this.faults.hanging;
  }
}
