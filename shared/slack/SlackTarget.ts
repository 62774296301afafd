import type { SlackTargetStats } from "./SlackTargetStats";
import type { PatchOperation, ScimUser, SlackUser } from "./ScimUser";

/** Counts of users in the Slack org, for summaries. */
export interface SlackUserCounts {
  total: number;
  active: number;
}

/** One page of users as Slack answered it. */
export interface SlackUserPage {
  users: SlackUser[];
  /** Slack's count of all users (every page). */
  totalResults: number;
}

/**
 * The narrow port through which the engine writes to Slack's SCIM v2 API. Implementations pace themselves below
 * Slack's org-wide limits, serialize writes per resource, honour Retry-After on 429 (a bounded number of times, then
 * throw ThrottledError, which is retryable and never a failure), retry 5xx/timeouts with backoff (then
 * TransientError), and turn any other 4xx into SlackRejectedError carrying Slack's error code and message
 * (401 → CredentialError).
 */
export interface SlackTarget {
  /** GET /Users/{id}; undefined on 404. */
  getUser(id: string): Promise<SlackUser | undefined>;
  /** GET /Users?filter=userName eq "…" (Slack compares case-insensitively). */
  findUsersByUserName(userName: string): Promise<SlackUser[]>;
  /** GET /Users?filter=emails eq "…". */
  findUsersByEmail(email: string): Promise<SlackUser[]>;
  /** POST /Users; resolves with the created user. */
  createUser(user: ScimUser): Promise<SlackUser>;
  /** PATCH /Users/{id} with a PatchOp body; resolves once applied (200 with the resource or 204 No Content). */
  patchUser(id: string, operations: PatchOperation[]): Promise<void>;
  /** Every user in the org, a page at a time (GET /Users, 1,000 a page); the next page is read once `onPage` is done. */
  listUsers(onPage: (users: SlackUser[]) => Promise<void>): Promise<void>;
  /**
   * One page of the org's users (GET /Users?startIndex=…&count=…, 1-based, Slack answers at most 1,000), with Slack's
   * totalResults: for work that reads the users a page per step (the drift scan).
   */
  listUsersPage(startIndex: number, count: number): Promise<SlackUserPage>;
  /** Counts every user in the org (pages through GET /Users). */
  countUsers(): Promise<SlackUserCounts>;
  /** How many users Slack holds (one request where the server reports totalResults). */
  totalUsers(): Promise<number>;
  /** This target's request counters so far (for telemetry: 429s waited out, retries). */
  readonly stats: SlackTargetStats;
}
