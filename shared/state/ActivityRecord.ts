/**
 * What the engine did (or decided not to do) for one object: Entra's provisioning-log vocabulary, plus `Drift`: a
 * drift scan found a managed Slack user changed in Slack (its repair, if any, is the provisioner's own record).
 */
export type ActivityAction = "Create" | "Update" | "Disable" | "Delete" | "Skip" | "Other" | "Drift";
export type ActivityStatus = "Success" | "Failure" | "Skipped" | "Warning";
export type StepName = "import" | "scope" | "match" | "action";

export interface ActivityStep {
  name: StepName;
  status: "Success" | "Failure" | "Skipped";
  detail: string;
}

export interface ModifiedProperty {
  name: string;
  oldValue: string | null;
  newValue: string | null;
}

/**
 * One SCIM request a run sent to Slack and Slack's answer, as the activity record keeps it: bodies as JSON text with
 * secrets and the attributes the mapping marks `sensitive` replaced by "[redacted]", each body capped (see
 * shared/activity/activityRequests.ts). Never a header: the Authorization header is not kept at all.
 */
export interface ActivityRequest {
  method: string;
  /** Path below the SCIM base URL, with its query (e.g. "/Users?filter=…" or "/Users/U123"). */
  path: string;
  /** The HTTP status; absent when no answer arrived (timeout, network error: see `error`). */
  status?: number;
  durationMs?: number;
  /** The body sent (redacted, capped JSON text). */
  request?: string;
  /** The body answered (redacted, capped JSON text, or the text Slack answered when it was not JSON). */
  response?: string;
  /** A body was cut at its cap, or bodies were left out to keep the record within its size. */
  truncated?: boolean;
  /** Why no answer arrived. */
  error?: string;
}

/** One record per change: explains what happened to an object in a cycle, and why. */
export interface ActivityRecord {
  jobId: string;
  cycleId: string;
  changeId: string;
  /** ISO time the record was written. */
  at: string;
  objectType: "User" | "Group" | "Job";
  /** Entra object id (or the job id for job-level records). */
  objectId: string;
  /** Human identity: UPN or group name. */
  identity?: string;
  slackId?: string;
  action: ActivityAction;
  status: ActivityStatus;
  /** One sentence for the admin: what happened and, on failure or skip, what to do. */
  reason: string;
  steps: ActivityStep[];
  modifiedProperties: ModifiedProperty[];
  /** Group records: the members added to and removed from the Slack group (user identities). */
  membersAdded?: string[];
  membersRemoved?: string[];
  /**
   * The setting that decided a Skip ("OUT_OF_SCOPE_ACTION=leave", "DISABLED_USER_ACTION=leave", "GUEST_POLICY=skip"):
   * the object is not as Slack would have it without that policy, so the dashboard lists it as skipped by policy.
   */
  policy?: string;
  errorCode?: string;
  errorMessage?: string;
  durationMs?: number;
  /**
   * Set on the record of an object escrowed by this change (its retry budget in the cycle spent, or its message
   * poisoned), so a cycle's escrows can be counted from its records (see escrowProportion.ts).
   */
  escrowed?: true;
  /** Set on the record of an operator's on-demand run (POST /api/provision/…, the dashboard, npm run provision). */
  trigger?: "onDemand";
  /** Who asked for the on-demand run (the signed-in operator, automation, or the command line). */
  requestedBy?: string;
  /** The SCIM requests the run sent to Slack and the answers, in order (records of provisioning runs only). */
  requests?: ActivityRequest[];
}
