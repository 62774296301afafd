/**
 * Every app setting the code reads, with whether it must be set and what it means. The README's settings table, the
 * Bicep app settings and the consistency tests are checked against this list; loadSettings reads exactly these.
 */
export interface SettingInfo {
  name: string;
  /** required: must be set; optional: has a default or is only needed in some setups. */
  required: boolean;
  default?: string;
  description: string;
}

export const SETTINGS_CATALOG: readonly SettingInfo[] = [
  {
    name: "AzureWebJobsStorage",
    required: false,
    description:
      "Storage connection string (Azurite locally). In Azure use the identity-based AzureWebJobsStorage__* settings instead.",
  },
  {
    name: "AzureWebJobsStorage__queueServiceUri",
    required: false,
    description:
      "Queue endpoint for identity-based storage access (with __tableServiceUri, instead of a connection string).",
  },
  {
    name: "AzureWebJobsStorage__tableServiceUri",
    required: false,
    description: "Table endpoint for identity-based storage access.",
  },
  {
    name: "AzureWebJobsStorage__clientId",
    required: false,
    description: "Client id of the user-assigned managed identity used for storage.",
  },
  {
    name: "SYNC_JOB_ID",
    required: false,
    default: "slack",
    description: "Names this provisioning job in Table Storage.",
  },
  {
    name: "SYNC_SCHEDULE",
    required: true,
    description:
      "NCRONTAB schedule of the sync timer (6 fields, seconds first; UTC), e.g. 0 */5 * * * * for every 5 minutes. " +
      "The timer binding reads it, so it must be set.",
  },
  {
    name: "GRAPH_BASE_URL",
    required: false,
    default: "https://graph.microsoft.com",
    description: "Microsoft Graph root (national clouds, or the local emulator).",
  },
  {
    name: "GRAPH_AUTHORITY_HOST",
    required: false,
    default: "https://login.microsoftonline.com",
    description: "Token authority for the Graph credential.",
  },
  { name: "GRAPH_TENANT_ID", required: false, description: "Entra tenant id (needed with GRAPH_CLIENT_SECRET)." },
  {
    name: "GRAPH_CLIENT_ID",
    required: false,
    description:
      "App registration client id (with GRAPH_CLIENT_SECRET), or the managed identity's client id (without).",
  },
  {
    name: "GRAPH_CLIENT_SECRET",
    required: false,
    description: "App registration secret. Leave unset in Azure: the managed identity is used.",
  },
  {
    name: "ENTRA_SERVICE_PRINCIPAL_ID",
    required: true,
    description: "Object id of the Slack enterprise application's service principal; its assignments define the scope.",
  },
  {
    name: "SLACK_SCIM_BASE_URL",
    required: false,
    default: "https://api.slack.com/scim/v2",
    description: "Slack SCIM v2 base URL (or any SCIM 2.0 server, or the local emulator).",
  },
  {
    name: "SLACK_TOKEN",
    required: true,
    description: "Slack org-level admin token (xoxp-…). A Key Vault reference in Azure.",
  },
  {
    name: "SLACK_MAX_WRITES_PER_MINUTE",
    required: false,
    default: "150",
    description: "Our ceiling on SCIM writes per minute, below Slack's org-wide limits.",
  },
  {
    name: "SLACK_MAX_READS_PER_MINUTE",
    required: false,
    default: "600",
    description: "Our ceiling on SCIM reads per minute.",
  },
  {
    name: "ACTIVITY_RETENTION_DAYS",
    required: false,
    default: "30",
    description: "Days to keep activity records.",
  },
  {
    name: "DEACTIVATION_THRESHOLD",
    required: false,
    default: "500",
    description:
      "Most users one cycle may deactivate for lost assignments before it holds them for an admin (0 = off).",
  },
  {
    name: "GROUP_PROVISIONING",
    required: false,
    default: "true",
    description: "Provision each assigned group as a Slack group with its in-scope, provisioned, active members.",
  },
  {
    name: "GROUP_DELETE_ON_UNASSIGN",
    required: false,
    default: "true",
    description: "Delete the Slack group when its Entra group is unassigned or deleted; false leaves it in Slack.",
  },
  {
    name: "MAPPING_FILE",
    required: false,
    description:
      "Path of the attribute-mapping file (JSON or YAML, see config/mapping.default.yaml), relative to the app root or " +
      "absolute. Unset: the built-in Entra Slack gallery defaults. Edits are picked up at the next cycle.",
  },
  {
    name: "USER_LEASE_SECONDS",
    required: false,
    default: "300",
    description: "Per-user lease; a crashed worker's user is picked up after this. Keep below the queue visibility.",
  },
];
