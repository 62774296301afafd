import type { RequestLogEntry } from "../dev/graph-emulator/emulatorTypes";

/** Calls to the Graph API itself (under /v1.0), leaving out the token endpoint. */
export function graphApiCalls(requests: readonly Pick<RequestLogEntry, "path">[]): number {
  return requests.filter((r) => r.path === "/v1.0" || r.path.startsWith("/v1.0/")).length;
}

/**
 * The most Graph calls a cycle with no change may make: the groups and users delta rounds (one page each), the app's
 * roles, and the assignments at 999 a page.
 */
export function noChangeGraphBudget(directAssignments: number): number {
  return 3 + Math.ceil(directAssignments / 999);
}
