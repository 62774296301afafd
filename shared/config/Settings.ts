import { ConfigurationError } from "../errors";

/**
 * Every setting the app reads. Values come from the environment (app settings in Azure, local.settings.json under
 * `func start`, or the local stack). See the README's settings table; keep both in step.
 */
export interface Settings {
  /** Identifies this provisioning job in Table Storage (one app can run several jobs with different ids). */
  jobId: string;
  /** NCRONTAB schedule of the sync timer (6 fields, seconds first). */
  syncSchedule: string;

  graph: {
    /** Graph root without version, e.g. https://graph.microsoft.com or http://127.0.0.1:7101 for the emulator. */
    baseUrl: string;
    /** Token authority, e.g. https://login.microsoftonline.com. */
    authorityHost: string;
    tenantId: string | undefined;
    /** App registration client id (with clientSecret) or user-assigned managed identity client id (without). */
    clientId: string | undefined;
    clientSecret: string | undefined;
    /** Object id of the Slack enterprise application's service principal (whose assignments define scope). */
    servicePrincipalId: string;
  };

  slack: {
    /** SCIM v2 base URL, e.g. https://api.slack.com/scim/v2. */
    scimBaseUrl: string;
    /** Slack admin token (xoxp-…). A Key Vault reference in Azure. */
    token: string;
    /** Our own ceiling for writes per minute, below Slack's org-wide limits (reference: 180/min per endpoint). */
    maxWritesPerMinute: number;
    /** Our own ceiling for reads per minute (Slack: 1000/min org-wide, 300/min for GET /Users/{id}). */
    maxReadsPerMinute: number;
  };

  storage: {
    /** Connection string (Azurite or a key-based account), if used. */
    connectionString: string | undefined;
    /** Identity-based endpoints (AzureWebJobsStorage__queueServiceUri / __tableServiceUri). */
    queueServiceUri: string | undefined;
    tableServiceUri: string | undefined;
    /** Client id of the user-assigned managed identity for storage (AzureWebJobsStorage__clientId). */
    clientId: string | undefined;
  };

  /** Days to keep activity records. */
  activityRetentionDays: number;
  /** Largest number of deactivations one cycle may apply before it stops and asks an admin (0 = no limit). */
  deactivationThreshold: number;
  /** Provision assigned groups as Slack groups with their members. */
  groupProvisioning: boolean;
  /** Delete a Slack group when its Entra group is unassigned or deleted (false: leave it). */
  groupDeleteOnUnassign: boolean;
  /** Path of the mapping file (JSON or YAML); unset = the built-in Entra gallery defaults. */
  mappingFile: string | undefined;
  /** How long a worker's per-user lease lasts; a crashed worker's users are picked up after this. */
  userLeaseSeconds: number;
}

export type Env = Record<string, string | undefined>;

function required(env: Env, name: string, hint: string): string {
  const v = env[name]?.trim();
  if (!v) throw new ConfigurationError(`The setting ${name} is missing. ${hint}`);
  return v;
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigurationError(`The setting ${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
  }
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigurationError(`The setting ${name} must be true or false; it is "${raw}".`);
}

function url(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigurationError(`The setting ${name} must be an absolute http(s) URL; it is "${raw}".`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigurationError(`The setting ${name} must use https (or http on loopback); it is "${raw}".`);
  }
  return raw.replace(/\/+$/, "");
}

/** Reads and validates settings. Throws ConfigurationError naming the first bad setting and how to fix it. */
export function loadSettings(env: Env = process.env): Settings {
  const connectionString = optional(env, "AzureWebJobsStorage");
  const queueServiceUri = optional(env, "AzureWebJobsStorage__queueServiceUri");
  const tableServiceUri = optional(env, "AzureWebJobsStorage__tableServiceUri");
  if (!connectionString && !(queueServiceUri && tableServiceUri)) {
    throw new ConfigurationError(
      "No storage is configured. Set AzureWebJobsStorage to a connection string, or set " +
        "AzureWebJobsStorage__queueServiceUri and AzureWebJobsStorage__tableServiceUri for identity-based access.",
    );
  }
  return {
    jobId: optional(env, "SYNC_JOB_ID") ?? "slack",
    syncSchedule: optional(env, "SYNC_SCHEDULE") ?? "0 */5 * * * *",
    graph: {
      baseUrl: url(env, "GRAPH_BASE_URL", "https://graph.microsoft.com"),
      authorityHost: url(env, "GRAPH_AUTHORITY_HOST", "https://login.microsoftonline.com"),
      tenantId: optional(env, "GRAPH_TENANT_ID"),
      clientId: optional(env, "GRAPH_CLIENT_ID"),
      clientSecret: optional(env, "GRAPH_CLIENT_SECRET"),
      servicePrincipalId: required(
        env,
        "ENTRA_SERVICE_PRINCIPAL_ID",
        "Set it to the object id of the Slack enterprise application's service principal (Entra admin center → " +
          "Enterprise applications → Slack → Overview → Object ID).",
      ),
    },
    slack: {
      scimBaseUrl: url(env, "SLACK_SCIM_BASE_URL", "https://api.slack.com/scim/v2"),
      token: required(
        env,
        "SLACK_TOKEN",
        "Set it to a Slack admin user token with the admin scope (xoxp-…); in Azure it is a Key Vault reference.",
      ),
      maxWritesPerMinute: integer(env, "SLACK_MAX_WRITES_PER_MINUTE", 150, 1, 100000),
      maxReadsPerMinute: integer(env, "SLACK_MAX_READS_PER_MINUTE", 600, 1, 100000),
    },
    storage: {
      connectionString,
      queueServiceUri,
      tableServiceUri,
      clientId: optional(env, "AzureWebJobsStorage__clientId"),
    },
    activityRetentionDays: integer(env, "ACTIVITY_RETENTION_DAYS", 30, 1, 3650),
    deactivationThreshold: integer(env, "DEACTIVATION_THRESHOLD", 500, 0, 1000000),
    userLeaseSeconds: integer(env, "USER_LEASE_SECONDS", 300, 1, 3600),
    mappingFile: optional(env, "MAPPING_FILE"),
    groupProvisioning: flag(env, "GROUP_PROVISIONING", true),
    groupDeleteOnUnassign: flag(env, "GROUP_DELETE_ON_UNASSIGN", true),
  };
}
