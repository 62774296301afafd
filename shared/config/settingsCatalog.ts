import type { SettingDeclaration } from "./SettingDeclaration";

/**
 * Every app setting the code reads, declared once: name, kind, default or missing-hint, and meaning. loadSettings
 * reads each value through its entry here; the README's settings table, the Bicep app settings, main.parameters.json
 * and local.settings.example.json are checked against it by tests (test/unit/config, test/unit/docs, test/unit/infra).
 * Adding a setting: an entry here, a field in Settings and its line in loadSettings, a row in the README table, and
 * its field in test/unit/config/loadSettings.test.ts (FIELD, checked by the compiler); if Azure should set it, the
 * Bicep app setting (and a main.parameters.json default, which must equal the one here).
 */
export const SETTINGS = {
  storageConnectionString: {
    name: "AzureWebJobsStorage",
    kind: "string",
    required: false,
    description:
      "Storage connection string (Azurite locally). In Azure use the identity-based AzureWebJobsStorage__* settings instead.",
  },
  storageQueueServiceUri: {
    name: "AzureWebJobsStorage__queueServiceUri",
    kind: "string",
    required: false,
    description:
      "Queue endpoint for identity-based storage access (with __tableServiceUri, instead of a connection string).",
  },
  storageTableServiceUri: {
    name: "AzureWebJobsStorage__tableServiceUri",
    kind: "string",
    required: false,
    description: "Table endpoint for identity-based storage access.",
  },
  storageClientId: {
    name: "AzureWebJobsStorage__clientId",
    kind: "string",
    required: false,
    description: "Client id of the user-assigned managed identity used for storage.",
  },
  jobId: {
    name: "SYNC_JOB_ID",
    kind: "string",
    required: false,
    default: "slack",
    description: "Names this provisioning job in Table Storage.",
  },
  syncSchedule: {
    name: "SYNC_SCHEDULE",
    kind: "string",
    required: false,
    default: "0 */5 * * * *",
    description:
      "NCRONTAB schedule of the sync timer (6 fields, seconds first; UTC), e.g. 0 */5 * * * * for every 5 minutes.",
    hostRequires:
      "The timer binding is %SYNC_SCHEDULE%, which the Functions host resolves itself (dev/host/resolveSchedule.ts " +
      "locally): the timer is not loaded when the setting is unset, so the Bicep and local.settings.json set it (the " +
      "local stack sets */30 * * * * *). The engine does not schedule by it; the default here is the deployment's " +
      "default (main.bicep, main.parameters.json) and only fills Settings.syncSchedule.",
  },
  graphBaseUrl: {
    name: "GRAPH_BASE_URL",
    kind: "url",
    required: false,
    default: "https://graph.microsoft.com",
    description: "Microsoft Graph root (national clouds, or the local emulator).",
  },
  graphAuthorityHost: {
    name: "GRAPH_AUTHORITY_HOST",
    kind: "url",
    required: false,
    default: "https://login.microsoftonline.com",
    description: "Token authority for the Graph credential.",
  },
  graphTenantId: {
    name: "GRAPH_TENANT_ID",
    kind: "string",
    required: false,
    description: "Entra tenant id (needed with GRAPH_CLIENT_SECRET).",
  },
  graphClientId: {
    name: "GRAPH_CLIENT_ID",
    kind: "string",
    required: false,
    description:
      "App registration client id (with GRAPH_CLIENT_SECRET), or the managed identity's client id (without).",
  },
  graphClientSecret: {
    name: "GRAPH_CLIENT_SECRET",
    kind: "string",
    required: false,
    description: "App registration secret. Leave unset in Azure: the managed identity is used.",
  },
  servicePrincipalId: {
    name: "ENTRA_SERVICE_PRINCIPAL_ID",
    kind: "string",
    required: true,
    missingHint:
      "Set it to the object id of the Slack enterprise application's service principal (Entra admin center → " +
      "Enterprise applications → Slack → Overview → Object ID).",
    description: "Object id of the Slack enterprise application's service principal; its assignments define the scope.",
  },
  slackScimBaseUrl: {
    name: "SLACK_SCIM_BASE_URL",
    kind: "url",
    required: false,
    default: "https://api.slack.com/scim/v2",
    description: "Slack SCIM v2 base URL (or any SCIM 2.0 server, or the local emulator).",
  },
  slackToken: {
    name: "SLACK_TOKEN",
    kind: "string",
    required: true,
    missingHint:
      "Set it to a Slack admin user token with the admin scope (xoxp-…); in Azure it is a Key Vault reference.",
    description:
      "Slack org-level admin token (xoxp-…), pasted; a Key Vault reference in Azure. A token stored by Authorize " +
      "(GET /api/slack/authorize) takes over from it.",
  },
  slackTokenSecretUri: {
    name: "SLACK_TOKEN_SECRET_URI",
    kind: "url",
    required: false,
    description:
      "Key Vault secret holding the Slack token (https://<vault>.vault.azure.net/secrets/SLACK-TOKEN): the app reads " +
      "it at run time with its managed identity (again every minute, and at once after Slack refuses a token) and " +
      "Authorize stores a new version there. Unset: Authorize keeps its token in Table Storage (locally). The Bicep sets it.",
  },
  slackClientId: {
    name: "SLACK_CLIENT_ID",
    kind: "string",
    required: false,
    description:
      "Client ID of the Slack app used to connect Slack with Authorize (GET /api/slack/authorize); unset: Authorize is " +
      "off and SLACK_TOKEN is used as pasted.",
  },
  slackClientSecret: {
    name: "SLACK_CLIENT_SECRET",
    kind: "string",
    required: false,
    description: "Client Secret of that Slack app; a Key Vault reference in Azure.",
  },
  slackOAuthBaseUrl: {
    name: "SLACK_OAUTH_BASE_URL",
    kind: "url",
    required: false,
    default: "https://slack.com",
    description:
      "Where Slack's OAuth lives: the authorize page <base>/oauth/v2/authorize and <base>/api/oauth.v2.access (or the " +
      "local emulator).",
  },
  slackOAuthRedirectUrl: {
    name: "SLACK_OAUTH_REDIRECT_URL",
    kind: "url",
    required: false,
    description:
      "The Redirect URL registered in the Slack app: this app's /api/slack/oauth/callback. Default in Azure: from " +
      "WEBSITE_HOSTNAME; locally the local host's own URL.",
  },
  slackApiBaseUrl: {
    name: "SLACK_API_BASE_URL",
    kind: "url",
    required: false,
    description:
      "Slack's Web API base, where the token check calls auth.test (<base>/auth.test). Unset: https://slack.com/api " +
      "when SLACK_SCIM_BASE_URL is Slack's (api.slack.com), otherwise the SCIM base URL's origin + /api (the local " +
      "emulator serves both).",
  },
  slackTokenCheckCacheSeconds: {
    name: "SLACK_TOKEN_CHECK_CACHE_SECONDS",
    kind: "wholeNumber",
    min: 0,
    max: 86400,
    required: false,
    default: 300,
    description:
      "How long the token check reuses auth.test's answer for the same token (the owner's SCIM record is read at every " +
      "cycle start regardless); 0 calls auth.test every time.",
  },
  slackMaxWritesPerMinute: {
    name: "SLACK_MAX_WRITES_PER_MINUTE",
    kind: "wholeNumber",
    min: 1,
    max: 100000,
    required: false,
    default: 150,
    description:
      "Our ceiling on SCIM writes per minute, shared by every instance (Slack's org-wide limit, 600, also covers other SCIM apps).",
  },
  slackMaxReadsPerMinute: {
    name: "SLACK_MAX_READS_PER_MINUTE",
    kind: "wholeNumber",
    min: 1,
    max: 100000,
    required: false,
    default: 600,
    description: "Our ceiling on SCIM reads per minute, shared by every instance (Slack's org-wide limit: 1,000).",
  },
  slackSharedRateGovernor: {
    name: "SLACK_SHARED_RATE_GOVERNOR",
    kind: "flag",
    required: false,
    default: true,
    description:
      "Pace every instance together below Slack's limits through Table Storage (false: each process paces itself alone).",
  },
  activityRetentionDays: {
    name: "ACTIVITY_RETENTION_DAYS",
    kind: "wholeNumber",
    min: 1,
    max: 3650,
    required: false,
    default: 30,
    description: "Days to keep activity records.",
  },
  deactivationThreshold: {
    name: "DEACTIVATION_THRESHOLD",
    kind: "wholeNumber",
    min: 0,
    max: 1000000,
    required: false,
    default: 20,
    description:
      "Deletion guard: a cycle that would deactivate more Slack users than this (or than DEACTIVATION_THRESHOLD_PERCENT " +
      "of the managed users, whichever is smaller) holds every one of those deactivations for an operator (0 = hold any).",
  },
  deactivationThresholdPercent: {
    name: "DEACTIVATION_THRESHOLD_PERCENT",
    kind: "wholeNumber",
    min: 0,
    max: 100,
    required: false,
    default: 10,
    description:
      "Deletion guard: the relative limit, in percent of the Slack users the job manages (100 = only the absolute limit).",
  },
  groupDeleteThreshold: {
    name: "GROUP_DELETE_THRESHOLD",
    kind: "wholeNumber",
    min: 0,
    max: 1000000,
    required: false,
    default: 2,
    description:
      "Deletion guard: a cycle that would delete more Slack groups than this holds every one of those deletions.",
  },
  groupProvisioning: {
    name: "GROUP_PROVISIONING",
    kind: "flag",
    required: false,
    default: true,
    description: "Provision each assigned group as a Slack group with its in-scope, provisioned, active members.",
  },
  groupDeleteOnUnassign: {
    name: "GROUP_DELETE_ON_UNASSIGN",
    kind: "flag",
    required: false,
    default: true,
    description: "Delete the Slack group when its Entra group is unassigned or deleted; false leaves it in Slack.",
  },
  mappingFile: {
    name: "MAPPING_FILE",
    kind: "string",
    required: false,
    description:
      "Path of the attribute-mapping file (JSON or YAML, see config/mapping.default.yaml), relative to the app root or " +
      "absolute. Unset: the built-in Entra Slack gallery defaults. Edits are picked up at the next cycle.",
  },
  userLeaseSeconds: {
    name: "USER_LEASE_SECONDS",
    kind: "wholeNumber",
    min: 1,
    max: 3600,
    required: false,
    default: 300,
    description: "Per-user lease; a crashed worker's user is picked up after this. Keep below the queue visibility.",
  },
  backlogWindow: {
    name: "BACKLOG_WINDOW",
    kind: "wholeNumber",
    min: 100,
    max: 100000,
    required: false,
    default: 500,
    description:
      "The most provisioning messages a cycle keeps queued at once: a users or groups page is read only while fewer " +
      "are waiting, so the queue and the backlog's rows stay this size however large the tenant (500 is about a " +
      "minute of work at Slack's default limits).",
  },
  retryBudgetAttempts: {
    name: "RETRY_BUDGET_ATTEMPTS",
    kind: "wholeNumber",
    min: 1,
    max: 30,
    required: false,
    default: 6,
    description:
      "Re-queues with backoff a failing user or group gets in one cycle before it is escrowed (retried in later cycles).",
  },
  retryBudgetMinutes: {
    name: "RETRY_BUDGET_MINUTES",
    kind: "wholeNumber",
    min: 1,
    max: 1440,
    required: false,
    default: 60,
    description:
      "Minutes a user or group may keep failing in one cycle (throttling and refused credentials included) before it is escrowed.",
  },
  dryRunBudgetMs: {
    name: "DRY_RUN_BUDGET_MS",
    kind: "wholeNumber",
    min: 100,
    max: 120000,
    required: false,
    default: 10000,
    description:
      "Milliseconds a dry run (/api/plan, npm run plan) or a preview may spend evaluating a mapping, in a worker thread " +
      "that is stopped when they are spent (422 for a candidate mapping). Each regular expression also has 100 ms.",
  },
  driftScanIntervalHours: {
    name: "DRIFT_SCAN_INTERVAL_HOURS",
    kind: "wholeNumber",
    min: 0,
    max: 8760,
    required: false,
    default: 24,
    description:
      "Hours between drift scans (the sync timer starts one when the last started this long ago); 0: only on demand " +
      "(POST /api/drift/scan).",
  },
  driftMode: {
    name: "DRIFT_MODE",
    kind: "choice",
    values: ["repair", "report"],
    required: false,
    default: "repair",
    description:
      "What a drift scan does with a managed Slack user that differs from what was last exported: repair (set it back " +
      "to the Entra value; a reactivated user out of scope is deactivated again through the deletion guard) or report " +
      "(activity records only).",
  },
  outOfScopeAction: {
    name: "OUT_OF_SCOPE_ACTION",
    kind: "choice",
    values: ["deactivate", "leave"],
    required: false,
    default: "deactivate",
    description:
      "What happens to a provisioned Slack user whose Entra user leaves scope (unassigned, out of every assigned " +
      "group, excluded by a scoping filter, a guest under GUEST_POLICY=skip): deactivate (through the deletion guard) " +
      "or leave (Entra's SkipOutOfScopeDeletions: the Slack user is left as it is, a Skip is recorded with the reason, " +
      "and it is updated again when it comes back in scope). A deletion in Entra always deactivates.",
  },
  disabledUserAction: {
    name: "DISABLED_USER_ACTION",
    kind: "choice",
    values: ["deactivate", "leave"],
    required: false,
    default: "deactivate",
    description:
      "What happens to a provisioned Slack user whose Entra sign-in is blocked (accountEnabled = false): deactivate " +
      "(through the deletion guard) or leave (left as it is, a Skip recorded). A blocked user is never created.",
  },
  guestPolicy: {
    name: "GUEST_POLICY",
    kind: "choice",
    values: ["member", "skip", "guest"],
    required: false,
    default: "member",
    description:
      "Entra guests (userType Guest, or #EXT# in the userPrincipalName): member (provisioned as full members), skip " +
      "(not provisioned, a Skip recorded; a provisioned one leaves scope, see OUT_OF_SCOPE_ACTION) or guest " +
      "(Slack multi-channel guests through Slack's guest extension, Enterprise Grid only; a member who becomes a guest " +
      "in Entra, or the reverse, is converted).",
  },
  guestExpirationAttribute: {
    name: "GUEST_EXPIRATION_ATTRIBUTE",
    kind: "string",
    required: false,
    description:
      "With GUEST_POLICY=guest: the Entra user attribute (a Graph property, extensionAttribute1…15 or a directory " +
      "extension) holding the guest's expiration as an ISO 8601 date or date-time; empty on a user: no expiration.",
  },
  graphNotifications: {
    name: "GRAPH_NOTIFICATIONS",
    kind: "flag",
    required: false,
    default: false,
    description:
      "Subscribe to Microsoft Graph change notifications for users and groups, so a change starts an incremental cycle " +
      "within seconds (the schedule stays as the safety net). The Bicep turns it on.",
  },
  graphNotificationUrl: {
    name: "GRAPH_NOTIFICATION_URL",
    kind: "url",
    required: false,
    description:
      "Where Graph posts notifications: this app's /api/graph/notifications (https). Default in Azure: from " +
      "WEBSITE_HOSTNAME; the local stack sets its own.",
  },
  graphNotificationClientState: {
    name: "GRAPH_NOTIFICATION_CLIENT_STATE",
    kind: "string",
    required: false,
    description:
      "Secret of 32 to 128 characters Graph echoes in every notification (clientState), which tells Graph's " +
      "notifications from forged ones; required with GRAPH_NOTIFICATIONS; a Key Vault reference in Azure.",
  },
} as const satisfies Record<string, SettingDeclaration>;

/** The same declarations as a list, in the order above. */
export const SETTINGS_CATALOG: readonly SettingDeclaration[] = Object.values(SETTINGS);
