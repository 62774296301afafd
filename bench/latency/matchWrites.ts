import type { LoggedRequest, TimedChange } from "./ExpectedWrite";
import { isExpectedWrite } from "./isExpectedWrite";

/** A change and, once it arrived, when its write reached Slack and how long after the change. */
export interface ChangeArrival {
  change: TimedChange;
  arrivedAt?: number;
  latencyMs?: number;
}

/**
 * Pure: for each change, the first write in the Slack emulator's request log that is its expected write and arrived at
 * or after the change (a write from before cannot be its effect). Changes with no such write have no arrival yet.
 */
export function matchWrites(changes: readonly TimedChange[], log: readonly LoggedRequest[]): ChangeArrival[] {
  const timed = log
    .map((request) => ({ request, at: Date.parse(request.time) }))
    .filter((r) => Number.isFinite(r.at))
    .sort((a, b) => a.at - b.at);
  return changes.map((change) => {
    const hit = timed.find((r) => r.at >= change.at && isExpectedWrite(change.expect, r.request));
    return hit ? { change, arrivedAt: hit.at, latencyMs: hit.at - change.at } : { change };
  });
}
