/** One reason Slack would reject (error) or silently alter (warning) a user, found before any API call. */
export interface SlackUserProblem {
  /** The SCIM attribute, e.g. "userName", "displayName", "emails", "name", "nickName". */
  attribute: string;
  /** The Slack error code the request would cause (e.g. "long_username"), or our own code for warnings. */
  rule: string;
  severity: "error" | "warning";
  /** What is wrong and how the admin fixes it (never contains tokens; contains the offending value's length, not secrets). */
  message: string;
}
