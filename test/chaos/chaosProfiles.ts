import type { ChaosOptions } from "./runChaos";

/** A chaos run's shape without its seed: the full run (`npm run chaos`) and the reduced one (`npm test`). */
export type ChaosProfile = Omit<ChaosOptions, "seed" | "log">;

/**
 * `npm run chaos`: 2,000 users, 3 SIGKILLs, and on every request of either emulator a chance of a 5xx, a 429 with
 * Retry-After, a timeout (held past the client's 30 s, applied late by Slack) and, for Slack writes, a 204. Rates that
 * the app's retries overcome; at most 6 Slack and 2 Graph timeouts, each of which holds its work for 30 s.
 */
export const FULL_CHAOS: ChaosProfile = {
  users: 2000,
  kills: 3,
  slackFaults: {
    rates: { serverError: 0.02, throttle: 0.02, timeout: 0.001, noContent: 0.3 },
    limits: { timeout: 6 },
    retryAfterSeconds: 1,
    hangMs: 31_000,
  },
  graphFaults: {
    rates: { serverError: 0.04, throttle: 0.04, timeout: 0.02 },
    limits: { timeout: 2 },
    retryAfterSeconds: 1,
    hangMs: 31_000,
  },
  phaseTimeoutMs: 15 * 60_000,
};

/**
 * The reduced run in `npm test`: 200 users, 1 SIGKILL, the same kinds of fault at low rates, with one Slack timeout
 * (drawn early, so that its 30 s overlap the provisioning). Graph timeouts are left to the full run: each stalls the
 * cycle's reads for the client's 30 s, which would take the reduced run past a minute and a half.
 */
export const REDUCED_CHAOS: ChaosProfile = {
  users: 200,
  kills: 1,
  slackFaults: {
    rates: { serverError: 0.01, throttle: 0.01, timeout: 0.05, noContent: 0.3 },
    limits: { timeout: 1 },
    retryAfterSeconds: 1,
    hangMs: 31_000,
  },
  graphFaults: {
    rates: { serverError: 0.03, throttle: 0.03 },
    retryAfterSeconds: 1,
  },
  deltaPageSize: 50,
  phaseTimeoutMs: 3 * 60_000,
};
