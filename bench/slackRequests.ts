/**
 * Figures from the Slack emulator's request log: writes per Slack bucket, 429s, the aggregate write rate and the floor
 * Slack's documented limits put under a set of writes.
 */
import type { RequestLogEntry } from "../dev/slack-emulator/RequestLog";
import type { GovernorLimits, SlackBucket } from "../shared/slack/slackRateLimits";
import { SLACK_DOCUMENTED_LIMITS, bucketsFor } from "../shared/slack/slackRateLimits";

/** A logged request, as far as these figures need it. */
export type LoggedRequest = Pick<RequestLogEntry, "method" | "path" | "status" | "time">;

/** The SCIM path without the emulator's /scim/v2 prefix, as `bucketsFor` expects it ("/Users/U1", "/Groups?…"). */
export function scimPath(path: string): string {
  return path.replace(/^\/scim\/v2(?=\/|$)/, "");
}

/**
 * A request that changes Slack: any SCIM method but GET and HEAD. Web API methods are called with POST whatever they
 * do; the one the engine calls, auth.test (the token check at every cycle start), only reads, so it is not a write.
 */
export function isWrite(r: Pick<LoggedRequest, "method"> & Partial<Pick<LoggedRequest, "path">>): boolean {
  const m = r.method.toUpperCase();
  if (r.path !== undefined && READ_ONLY_WEB_API.has(r.path.split("?")[0] ?? "")) return false;
  return m !== "GET" && m !== "HEAD";
}

/** Slack Web API methods that only read. */
const READ_ONLY_WEB_API = new Set(["/api/auth.test"]);

/** Writes Slack applied or refused on their merits: a 429 is a turn not taken, not a write. */
export function countedWrites<T extends LoggedRequest>(requests: readonly T[]): T[] {
  return requests.filter((r) => isWrite(r) && r.status !== 429);
}

/** How many of the writes draw from each of Slack's write buckets (org-wide and per endpoint). */
export function writesPerBucket(requests: readonly LoggedRequest[]): Partial<Record<SlackBucket, number>> {
  const out: Partial<Record<SlackBucket, number>> = {};
  for (const r of countedWrites(requests)) {
    for (const b of bucketsFor(r.method, scimPath(r.path))) out[b] = (out[b] ?? 0) + 1;
  }
  return out;
}

/**
 * The least time Slack's limits allow for these writes: for each bucket, a full burst goes at once and the rest at the
 * sustained rate, max(0, count − burst) × 60 / perMinute seconds; the floor is the slowest bucket's. Reads are left
 * out (the limits that bind a provisioning run are the write buckets).
 */
export function slackFloorSeconds(
  requests: readonly LoggedRequest[],
  limits: GovernorLimits = SLACK_DOCUMENTED_LIMITS,
): { seconds: number; bucket?: SlackBucket } {
  let worst: { seconds: number; bucket?: SlackBucket } = { seconds: 0 };
  for (const [bucket, count] of Object.entries(writesPerBucket(requests)) as [SlackBucket, number][]) {
    const { perMinute, burst } = limits[bucket];
    const seconds = (Math.max(0, count - burst) * 60) / perMinute;
    if (seconds > worst.seconds) worst = { seconds, bucket };
  }
  return worst;
}

/** The most of these instants (ms) that fall in any window [t, t + windowMs). */
export function peakInWindow(timesMs: readonly number[], windowMs: number): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

export interface SlackTraffic {
  reads: number;
  writes: number;
  tooManyRequests: number;
  /** Writes per minute over the phase's measured seconds. */
  writesPerMinute: number;
  /** The most writes in any 60 s window. */
  peakWritesPer60s: number;
}

/** The traffic of one phase that lasted `seconds`. */
export function slackTraffic(requests: readonly LoggedRequest[], seconds: number): SlackTraffic {
  const writes = countedWrites(requests);
  return {
    reads: requests.filter((r) => !isWrite(r) && r.status !== 429).length,
    writes: writes.length,
    tooManyRequests: requests.filter((r) => r.status === 429).length,
    writesPerMinute: seconds > 0 ? (writes.length * 60) / seconds : 0,
    peakWritesPer60s: peakInWindow(
      writes.map((r) => Date.parse(r.time)),
      60_000,
    ),
  };
}

/** "GET /Groups/{id} ×10, PATCH /Users/{id} ×2": the requests by method and endpoint, most frequent first. */
export function requestKinds(requests: readonly Pick<LoggedRequest, "method" | "path">[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = endpointKey(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ×${n}`)
    .join(", ");
}

/** The endpoint key `requestKinds` counts by ("PATCH /Users/{id}"). */
function endpointKey(r: Pick<LoggedRequest, "method" | "path">): string {
  const endpoint = scimPath(r.path)
    .replace(/\?.*$/, "?…")
    .replace(/^\/(Users|Groups)\/[^/?]+/, "/$1/{id}");
  return `${r.method.toUpperCase()} ${endpoint}`;
}

/**
 * When each kind of write went out during a phase that started at `startedMs`: its first and last second, and how many
 * in each step of `stepSeconds` ("POST /Users: +0.4 s … +655.2 s; per 30 s: 38 90 90 …"). Shows where a run at Slack's
 * limits lost time against the floor (a bucket not kept busy, a tail after the creates).
 */
export function writeTimeline(requests: readonly LoggedRequest[], startedMs: number, stepSeconds = 30): string[] {
  const byKind = new Map<string, number[]>();
  for (const r of countedWrites(requests)) {
    const key = endpointKey(r);
    const list = byKind.get(key) ?? [];
    list.push((Date.parse(r.time) - startedMs) / 1000);
    byKind.set(key, list);
  }
  return [...byKind]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([key, seconds]) => {
      const first = Math.min(...seconds);
      const last = Math.max(...seconds);
      const steps = Array.from({ length: Math.floor(Math.max(0, last) / stepSeconds) + 1 }, () => 0);
      for (const s of seconds) {
        const i = Math.max(0, Math.floor(s / stepSeconds));
        steps[i] = (steps[i] ?? 0) + 1;
      }
      return `${key} ×${seconds.length}: +${first.toFixed(1)} s … +${last.toFixed(1)} s; per ${stepSeconds} s: ${steps.join(" ")}`;
    });
}
