import type { ActivityRecord } from "../state/ActivityRecord";
import { redactSecrets } from "./redactSecrets";

/** Longest `reason` sent with a change event; the activity log keeps the full text. */
export const REASON_MAX_LENGTH = 300;

export interface ChangeEventPayload {
  properties: Record<string, string>;
  measurements: Record<string, number>;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The custom dimensions of a ProvisioningChange event for one activity record. Carries no more personal data than the
 * activity log: ids, the UPN (`identity`, so "what happened to user X" works by UPN), the action and outcome, the
 * error code, a truncated reason, and the NAMES of modified properties — never their old or new values, never the
 * steps' details or the error message, and never a token (anything token-like is redacted).
 */
export function changeEventProperties(record: ActivityRecord): ChangeEventPayload {
  const properties: Record<string, string> = {
    jobId: record.jobId,
    cycleId: record.cycleId,
    changeId: record.changeId,
    objectType: record.objectType,
    objectId: record.objectId,
    action: record.action,
    status: record.status,
    reason: truncate(redactSecrets(record.reason), REASON_MAX_LENGTH),
    modifiedProperties: record.modifiedProperties.map((p) => p.name).join(","),
  };
  if (record.identity) properties.identity = record.identity;
  if (record.slackId) properties.slackId = record.slackId;
  if (record.errorCode) properties.errorCode = redactSecrets(record.errorCode);
  const measurements: Record<string, number> = {};
  if (record.durationMs !== undefined && Number.isFinite(record.durationMs))
    measurements.durationMs = record.durationMs;
  return { properties, measurements };
}
