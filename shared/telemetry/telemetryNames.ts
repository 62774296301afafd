/**
 * Names of the custom telemetry the app sends to Application Insights. The workbook, the alert rules and the KQL
 * queries under infra/ read exactly these names (a unit test checks that they stay in step).
 */

/** One custom event per provisioning change (customEvents.name). Its properties: see changeEventProperties. */
export const PROVISIONING_CHANGE_EVENT = "ProvisioningChange";

/** Custom metrics (customMetrics.name). */
export const METRICS = {
  /** Seconds from the start of a cycle to the commit of its delta round. Track once per committed cycle. */
  cycleDurationSeconds: "CycleDurationSeconds",
  /** Changes queued but not yet applied (the pending-work count). Track when a cycle starts or commits. */
  backlog: "Backlog",
  /**
   * Changes applied to Slack (Create, Update, Disable, Delete with status Success). Derived by trackChange from each
   * change record; callers do not track it themselves.
   */
  changesApplied: "ChangesApplied",
  /** Slack HTTP 429 answers (each is retried, never a failure). Track the count per call site or cycle. */
  slackThrottled: "SlackThrottled",
  /** Changes that ended in Failure. Derived by trackChange from each change record; callers do not track it. */
  provisioningFailures: "ProvisioningFailures",
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];
