import type { ActivityRecord } from "../../../shared/state/ActivityRecord";

/** A user's successful Create record of cycle "c" of job "j", with any field replaced. */
export const activityRecord = (over: Partial<ActivityRecord> = {}): ActivityRecord => ({
  jobId: "j",
  cycleId: "c",
  changeId: "ch-1",
  at: "2025-01-15T10:00:01.000Z",
  objectType: "User",
  objectId: "u1",
  identity: "ann@contoso.example",
  action: "Create",
  status: "Success",
  reason: "Created.",
  steps: [],
  modifiedProperties: [],
  ...over,
});
