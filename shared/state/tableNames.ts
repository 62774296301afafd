/** Every Table Storage table the app uses. Created at start-up if missing (see TableProvider). */
export const TABLES = {
  jobState: "JobState",
  sourceUsers: "SourceUsers",
  scope: "Scope",
  identityLinks: "IdentityLinks",
  slackIndex: "SlackIndex",
  userNameIndex: "UserNameIndex",
  activity: "Activity",
  activityByObject: "ActivityByObject",
  /** Each cycle's running tally of its activity records (state/CycleTallyLedger), one partition per cycle. */
  cycleTally: "CycleTally",
  pendingWork: "PendingWork",
  groups: "Groups",
  userScope: "UserScope",
  groupScopeMembers: "GroupScopeMembers",
  groupMemberChanges: "GroupMemberChanges",
  groupLinks: "GroupLinks",
  reports: "Reports",
  escrows: "Escrows",
  removals: "HeldRemovals",
  rateGovernor: "RateGovernor",
  slackSnapshot: "SlackSnapshot",
  notifications: "Notifications",
  scopeTouches: "ScopeTouches",
  userGroups: "UserGroups",
  /** Slack Authorize: the pending OAuth states (one per authorize request, single use, ten minutes). */
  slackOAuthStates: "SlackOAuthStates",
  /** Slack Authorize: the token it stored, where no Key Vault holds it (SLACK_TOKEN_SECRET_URI unset: locally). */
  slackTokens: "SlackTokens",
  /** The dashboard's standing list of users and groups not as they should be in Slack (attention/AttentionIndex). */
  attention: "Attention",
  /** The people search's prefix index of names (people/PeopleIndex). */
  peopleIndex: "PeopleIndex",
  /** One summary per converged cycle (cycles/CycleHistory). */
  cycleHistory: "CycleHistory",
} as const;
export type TableName = (typeof TABLES)[keyof typeof TABLES];
