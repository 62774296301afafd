/** The kinds of Entra change the latency bench makes. */
export type ChangeKind = "jobTitle" | "disable" | "nestedMember" | "newUserInGroup";

/** The Slack write that shows one change has arrived, recognised by the Slack user it is about. */
export type ExpectedWrite =
  /** A PATCH or PUT of that Slack user carrying the new value (a unique job title). */
  | { kind: "value"; slackId: string; value: string }
  /** A PATCH of that Slack user setting active to false, or a DELETE of it. */
  | { kind: "deactivate"; slackId: string }
  /** A POST /Users creating the user with that userName (compared by its local part, case-insensitively). */
  | { kind: "create"; userName: string };

/** One change made in the Graph emulator: what, when (epoch ms, taken just before the change) and what proves it. */
export interface TimedChange {
  label: string;
  kind: ChangeKind;
  at: number;
  expect: ExpectedWrite;
}

/** The fields of the Slack emulator's request log the matching reads. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** ISO 8601 time the request arrived. */
  time: string;
  body?: unknown;
}
