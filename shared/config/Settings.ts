import type { RemovalLimits } from "../engine/removalLimits";
import { ConfigurationError } from "../errors";
import type { UserPolicies } from "../policies/UserPolicies";
import type { Env } from "./Env";
import { readSetting } from "./readSetting";
import { SETTINGS } from "./settingsCatalog";

export type { Env } from "./Env";

/**
 * Every setting the app reads, as the code uses them. Values come from the environment (app settings in Azure,
 * local.settings.json under `func start`, or the local stack); names, kinds, defaults and bounds are declared once in
 * SETTINGS (settingsCatalog.ts).
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
    /** Slack admin token (xoxp-…) as pasted. A Key Vault reference in Azure. A token Authorize stored takes over. */
    token: string;
    /** The Key Vault secret the app reads the token from at run time and Authorize writes to; unset locally. */
    tokenSecretUri: string | undefined;
    /** Our own ceiling for writes per minute, below Slack's org-wide limits (reference: 180/min per endpoint). */
    maxWritesPerMinute: number;
    /** Our own ceiling for reads per minute (Slack: 1000/min org-wide, 300/min for GET /Users/{id}). */
    maxReadsPerMinute: number;
    /** Whether every instance shares one rate governor in Table Storage (default) or each process paces alone. */
    sharedRateGovernor: boolean;
    /** Slack's Web API base for auth.test: https://slack.com/api, or the emulator's origin + /api. */
    apiBaseUrl: string;
    /** How long the token check reuses auth.test's answer for one token, in seconds (0: never). */
    tokenCheckCacheSeconds: number;
  };

  /**
   * Connecting Slack with Authorize (Slack's OAuth v2): the Slack app's credentials, where Slack's OAuth is, and the
   * callback URL registered in the Slack app (undefined: the local host's own, derived from the request).
   */
  slackAuthorize: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    /** https://slack.com, or the emulator's origin. */
    baseUrl: string;
    redirectUrl: string | undefined;
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
  /** The deletion guard's limits: above them a cycle's removals are held for an operator. */
  removalGuard: RemovalLimits;
  /** Provision assigned groups as Slack groups with their members. */
  groupProvisioning: boolean;
  /** Delete a Slack group when its Entra group is unassigned or deleted (false: leave it). */
  groupDeleteOnUnassign: boolean;
  /** Path of the mapping file (JSON or YAML); unset = the built-in Entra gallery defaults. */
  mappingFile: string | undefined;
  /** How long a worker's per-user lease lasts; a crashed worker's users are picked up after this. */
  userLeaseSeconds: number;
  /** A failing user's or group's budget in one cycle before it is escrowed: backoff re-queues, and minutes in all. */
  retryBudget: { attempts: number; minutes: number };
  /** The most provisioning messages a cycle keeps queued at once (BACKLOG_WINDOW); pages wait while it is full. */
  backlogWindow: number;
  /** Wall time a dry run or a preview may spend evaluating a mapping (in a worker thread stopped when it is spent). */
  dryRunBudgetMs: number;
  /** Graph change notifications: where Graph posts them and the secret it echoes; undefined when switched off. */
  notifications: { url: string; clientState: string } | undefined;
  /** Drift scans of the Slack users the job manages: how often (0: on demand only), and repair or report only. */
  drift: DriftSettings;
  /** OUT_OF_SCOPE_ACTION, DISABLED_USER_ACTION, GUEST_POLICY and GUEST_EXPIRATION_ATTRIBUTE. */
  policies: UserPolicies;
}

/** What a drift scan does with what it finds: set it back to the Entra value, or only record it. */
export type DriftMode = "repair" | "report";

export interface DriftSettings {
  /** Hours between scans started by the sync timer; 0 = only on demand. */
  intervalHours: number;
  mode: DriftMode;
}

/** Reads and validates settings. Throws ConfigurationError naming the first bad setting and how to fix it. */
export function loadSettings(env: Env = process.env): Settings {
  const connectionString = readSetting(env, SETTINGS.storageConnectionString);
  const queueServiceUri = readSetting(env, SETTINGS.storageQueueServiceUri);
  const tableServiceUri = readSetting(env, SETTINGS.storageTableServiceUri);
  if (!connectionString && !(queueServiceUri && tableServiceUri)) {
    throw new ConfigurationError(
      `No storage is configured. Set ${SETTINGS.storageConnectionString.name} to a connection string, or set ` +
        `${SETTINGS.storageQueueServiceUri.name} and ${SETTINGS.storageTableServiceUri.name} for identity-based access.`,
    );
  }
  // Object literal order is evaluation order: the first bad setting in this order is the one reported.
  return {
    jobId: readSetting(env, SETTINGS.jobId),
    syncSchedule: readSetting(env, SETTINGS.syncSchedule),
    graph: {
      baseUrl: readSetting(env, SETTINGS.graphBaseUrl),
      authorityHost: readSetting(env, SETTINGS.graphAuthorityHost),
      tenantId: readSetting(env, SETTINGS.graphTenantId),
      clientId: readSetting(env, SETTINGS.graphClientId),
      clientSecret: readSetting(env, SETTINGS.graphClientSecret),
      servicePrincipalId: readSetting(env, SETTINGS.servicePrincipalId),
    },
    slack: {
      scimBaseUrl: readSetting(env, SETTINGS.slackScimBaseUrl),
      token: readSetting(env, SETTINGS.slackToken),
      tokenSecretUri: readSetting(env, SETTINGS.slackTokenSecretUri),
      maxWritesPerMinute: readSetting(env, SETTINGS.slackMaxWritesPerMinute),
      maxReadsPerMinute: readSetting(env, SETTINGS.slackMaxReadsPerMinute),
      sharedRateGovernor: readSetting(env, SETTINGS.slackSharedRateGovernor),
      apiBaseUrl: slackApiBaseUrl(env),
      tokenCheckCacheSeconds: readSetting(env, SETTINGS.slackTokenCheckCacheSeconds),
    },
    slackAuthorize: readSlackAuthorizeSettings(env),
    storage: {
      connectionString,
      queueServiceUri,
      tableServiceUri,
      clientId: readSetting(env, SETTINGS.storageClientId),
    },
    activityRetentionDays: readSetting(env, SETTINGS.activityRetentionDays),
    removalGuard: {
      deactivationThreshold: readSetting(env, SETTINGS.deactivationThreshold),
      deactivationThresholdPercent: readSetting(env, SETTINGS.deactivationThresholdPercent),
      groupDeleteThreshold: readSetting(env, SETTINGS.groupDeleteThreshold),
    },
    userLeaseSeconds: readSetting(env, SETTINGS.userLeaseSeconds),
    backlogWindow: readSetting(env, SETTINGS.backlogWindow),
    retryBudget: {
      attempts: readSetting(env, SETTINGS.retryBudgetAttempts),
      minutes: readSetting(env, SETTINGS.retryBudgetMinutes),
    },
    mappingFile: readSetting(env, SETTINGS.mappingFile),
    groupProvisioning: readSetting(env, SETTINGS.groupProvisioning),
    groupDeleteOnUnassign: readSetting(env, SETTINGS.groupDeleteOnUnassign),
    dryRunBudgetMs: readSetting(env, SETTINGS.dryRunBudgetMs),
    notifications: readNotificationSettings(env),
    drift: {
      intervalHours: readSetting(env, SETTINGS.driftScanIntervalHours),
      mode: readSetting(env, SETTINGS.driftMode),
    },
    policies: {
      outOfScope: readSetting(env, SETTINGS.outOfScopeAction),
      disabled: readSetting(env, SETTINGS.disabledUserAction),
      guests: readSetting(env, SETTINGS.guestPolicy),
      guestExpirationAttribute: readSetting(env, SETTINGS.guestExpirationAttribute),
    },
  };
}

/**
 * SLACK_API_BASE_URL, or derived from SLACK_SCIM_BASE_URL: Slack's own Web API for Slack's SCIM host, otherwise the
 * SCIM server's origin + /api (the local emulator serves auth.test there; a SCIM server that is not Slack answers 404,
 * which the token check takes as "not checked").
 */
function slackApiBaseUrl(env: Env): string {
  const configured = readSetting(env, SETTINGS.slackApiBaseUrl);
  if (configured !== undefined) return configured;
  const scim = new URL(readSetting(env, SETTINGS.slackScimBaseUrl));
  return scim.hostname.toLowerCase() === "api.slack.com" ? "https://slack.com/api" : `${scim.origin}/api`;
}

/**
 * The Slack app behind Authorize. The callback URL is SLACK_OAUTH_REDIRECT_URL, or this app's own from App Service's
 * WEBSITE_HOSTNAME (read only when a client id is set). A missing secret is not an error here: provisioning goes on
 * with SLACK_TOKEN, and Authorize itself says what is missing.
 */
function readSlackAuthorizeSettings(env: Env): Settings["slackAuthorize"] {
  const clientId = readSetting(env, SETTINGS.slackClientId);
  const clientSecret = readSetting(env, SETTINGS.slackClientSecret);
  const baseUrl = readSetting(env, SETTINGS.slackOAuthBaseUrl);
  const configured = readSetting(env, SETTINGS.slackOAuthRedirectUrl);
  const host = clientId === undefined ? undefined : env.WEBSITE_HOSTNAME?.trim();
  const redirectUrl = configured ?? (host ? `https://${host}/api/slack/oauth/callback` : undefined);
  return { clientId, clientSecret, baseUrl, redirectUrl };
}

/**
 * GRAPH_NOTIFICATIONS with its URL (GRAPH_NOTIFICATION_URL, or this app's own from App Service's WEBSITE_HOSTNAME)
 * and its clientState (32 to 128 characters: Graph's limit is 128, and a short one could be guessed).
 */
function readNotificationSettings(env: Env): Settings["notifications"] {
  const enabled = readSetting(env, SETTINGS.graphNotifications);
  const configuredUrl = readSetting(env, SETTINGS.graphNotificationUrl);
  const clientState = readSetting(env, SETTINGS.graphNotificationClientState);
  if (!enabled) return undefined;
  const host = env.WEBSITE_HOSTNAME?.trim();
  const url = configuredUrl ?? (host ? `https://${host}/api/graph/notifications` : undefined);
  if (!url) {
    throw new ConfigurationError(
      "GRAPH_NOTIFICATIONS is on, but there is no URL for Graph to post to: set GRAPH_NOTIFICATION_URL to this app's " +
        "https://<host>/api/graph/notifications (in Azure it comes from WEBSITE_HOSTNAME).",
    );
  }
  if (!clientState || clientState.length < 32 || clientState.length > 128) {
    throw new ConfigurationError(
      "GRAPH_NOTIFICATIONS is on: set GRAPH_NOTIFICATION_CLIENT_STATE to a random secret of 32 to 128 characters " +
        `(it is ${clientState ? `${clientState.length} characters` : "missing"}).`,
    );
  }
  return { url, clientState };
}
