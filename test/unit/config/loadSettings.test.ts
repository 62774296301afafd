/** loadSettings: defaults, bounds, flags, URLs, missing settings, storage, and that it reads exactly the catalog. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Env, Settings } from "../../../shared/config/Settings";
import { loadSettings } from "../../../shared/config/Settings";
import { SETTINGS } from "../../../shared/config/settingsCatalog";
import { ConfigurationError } from "../../../shared/errors";

/** The least a valid environment sets. */
const MINIMAL: Env = {
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  ENTRA_SERVICE_PRINCIPAL_ID: "sp-object-id",
  SLACK_TOKEN: "xoxp-test",
};

/** Where each catalog setting lands in Settings (a Record over the catalog's keys: a new setting must be added). */
const FIELD: Record<keyof typeof SETTINGS, (s: Settings) => unknown> = {
  storageConnectionString: (s) => s.storage.connectionString,
  storageQueueServiceUri: (s) => s.storage.queueServiceUri,
  storageTableServiceUri: (s) => s.storage.tableServiceUri,
  storageClientId: (s) => s.storage.clientId,
  jobId: (s) => s.jobId,
  syncSchedule: (s) => s.syncSchedule,
  graphBaseUrl: (s) => s.graph.baseUrl,
  graphAuthorityHost: (s) => s.graph.authorityHost,
  graphTenantId: (s) => s.graph.tenantId,
  graphClientId: (s) => s.graph.clientId,
  graphClientSecret: (s) => s.graph.clientSecret,
  servicePrincipalId: (s) => s.graph.servicePrincipalId,
  slackScimBaseUrl: (s) => s.slack.scimBaseUrl,
  slackToken: (s) => s.slack.token,
  slackTokenSecretUri: (s) => s.slack.tokenSecretUri,
  slackClientId: (s) => s.slackAuthorize.clientId,
  slackClientSecret: (s) => s.slackAuthorize.clientSecret,
  slackOAuthBaseUrl: (s) => s.slackAuthorize.baseUrl,
  slackOAuthRedirectUrl: (s) => s.slackAuthorize.redirectUrl,
  slackMaxWritesPerMinute: (s) => s.slack.maxWritesPerMinute,
  slackMaxReadsPerMinute: (s) => s.slack.maxReadsPerMinute,
  slackSharedRateGovernor: (s) => s.slack.sharedRateGovernor,
  slackApiBaseUrl: (s) => s.slack.apiBaseUrl,
  slackTokenCheckCacheSeconds: (s) => s.slack.tokenCheckCacheSeconds,
  activityRetentionDays: (s) => s.activityRetentionDays,
  deactivationThreshold: (s) => s.removalGuard.deactivationThreshold,
  deactivationThresholdPercent: (s) => s.removalGuard.deactivationThresholdPercent,
  groupDeleteThreshold: (s) => s.removalGuard.groupDeleteThreshold,
  groupProvisioning: (s) => s.groupProvisioning,
  groupDeleteOnUnassign: (s) => s.groupDeleteOnUnassign,
  mappingFile: (s) => s.mappingFile,
  userLeaseSeconds: (s) => s.userLeaseSeconds,
  backlogWindow: (s) => s.backlogWindow,
  retryBudgetAttempts: (s) => s.retryBudget.attempts,
  retryBudgetMinutes: (s) => s.retryBudget.minutes,
  dryRunBudgetMs: (s) => s.dryRunBudgetMs,
  driftScanIntervalHours: (s) => s.drift.intervalHours,
  driftMode: (s) => s.drift.mode,
  outOfScopeAction: (s) => s.policies.outOfScope,
  disabledUserAction: (s) => s.policies.disabled,
  guestPolicy: (s) => s.policies.guests,
  guestExpirationAttribute: (s) => s.policies.guestExpirationAttribute,
  graphNotifications: (s) => s.notifications !== undefined,
  graphNotificationUrl: (s) => s.notifications?.url,
  graphNotificationClientState: (s) => s.notifications?.clientState,
};

const KEYS = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];

function configurationError(message: string) {
  return (e: unknown) => {
    assert.ok(e instanceof ConfigurationError, `a ConfigurationError, not ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  };
}

void describe("loadSettings", () => {
  void test("the minimal environment gives the documented defaults", () => {
    const s = loadSettings(MINIMAL);
    assert.deepEqual(s, {
      jobId: "slack",
      syncSchedule: "0 */5 * * * *",
      graph: {
        baseUrl: "https://graph.microsoft.com",
        authorityHost: "https://login.microsoftonline.com",
        tenantId: undefined,
        clientId: undefined,
        clientSecret: undefined,
        servicePrincipalId: "sp-object-id",
      },
      slack: {
        scimBaseUrl: "https://api.slack.com/scim/v2",
        token: "xoxp-test",
        tokenSecretUri: undefined,
        maxWritesPerMinute: 150,
        maxReadsPerMinute: 600,
        sharedRateGovernor: true,
        apiBaseUrl: "https://slack.com/api",
        tokenCheckCacheSeconds: 300,
      },
      slackAuthorize: {
        clientId: undefined,
        clientSecret: undefined,
        baseUrl: "https://slack.com",
        redirectUrl: undefined,
      },
      storage: {
        connectionString: "UseDevelopmentStorage=true",
        queueServiceUri: undefined,
        tableServiceUri: undefined,
        clientId: undefined,
      },
      activityRetentionDays: 30,
      removalGuard: { deactivationThreshold: 20, deactivationThresholdPercent: 10, groupDeleteThreshold: 2 },
      userLeaseSeconds: 300,
      backlogWindow: 500,
      retryBudget: { attempts: 6, minutes: 60 },
      dryRunBudgetMs: 10000,
      mappingFile: undefined,
      groupProvisioning: true,
      groupDeleteOnUnassign: true,
      notifications: undefined,
      drift: { intervalHours: 24, mode: "repair" },
      policies: {
        outOfScope: "deactivate",
        disabled: "deactivate",
        guests: "member",
        guestExpirationAttribute: undefined,
      },
    } satisfies Settings);
  });

  void test("SLACK_API_BASE_URL: as set, else Slack's Web API for Slack's SCIM host, else the SCIM server's origin", () => {
    assert.equal(loadSettings(MINIMAL).slack.apiBaseUrl, "https://slack.com/api");
    assert.equal(
      loadSettings({ ...MINIMAL, SLACK_SCIM_BASE_URL: "http://127.0.0.1:7200/scim/v2" }).slack.apiBaseUrl,
      "http://127.0.0.1:7200/api",
    );
    assert.equal(
      loadSettings({ ...MINIMAL, SLACK_API_BASE_URL: "https://slack.example/api/" }).slack.apiBaseUrl,
      "https://slack.example/api",
    );
    assert.throws(
      () => loadSettings({ ...MINIMAL, SLACK_API_BASE_URL: "http://slack.example/api" }),
      configurationError(
        'The setting SLACK_API_BASE_URL must use https (http only on loopback: localhost, 127.0.0.0/8, [::1]); it is "http://slack.example/api".',
      ),
    );
  });

  void test("DRIFT_MODE: repair or report, any case; anything else names the setting", () => {
    assert.equal(loadSettings({ ...MINIMAL, DRIFT_MODE: "Report" }).drift.mode, "report");
    assert.equal(loadSettings({ ...MINIMAL, DRIFT_MODE: "repair" }).drift.mode, "repair");
    assert.throws(
      () => loadSettings({ ...MINIMAL, DRIFT_MODE: "fix" }),
      configurationError('The setting DRIFT_MODE must be repair or report; it is "fix".'),
    );
  });

  void test("OUT_OF_SCOPE_ACTION, DISABLED_USER_ACTION, GUEST_POLICY: their choices, any case; anything else names the setting", () => {
    const set = loadSettings({
      ...MINIMAL,
      OUT_OF_SCOPE_ACTION: "Leave",
      DISABLED_USER_ACTION: "leave",
      GUEST_POLICY: "GUEST",
      GUEST_EXPIRATION_ATTRIBUTE: " extensionAttribute3 ",
    }).policies;
    assert.deepEqual(set, {
      outOfScope: "leave",
      disabled: "leave",
      guests: "guest",
      guestExpirationAttribute: "extensionAttribute3",
    });
    assert.equal(loadSettings({ ...MINIMAL, GUEST_POLICY: "skip" }).policies.guests, "skip");
    assert.throws(
      () => loadSettings({ ...MINIMAL, OUT_OF_SCOPE_ACTION: "delete" }),
      configurationError('The setting OUT_OF_SCOPE_ACTION must be deactivate or leave; it is "delete".'),
    );
    assert.throws(
      () => loadSettings({ ...MINIMAL, DISABLED_USER_ACTION: "skip" }),
      configurationError('The setting DISABLED_USER_ACTION must be deactivate or leave; it is "skip".'),
    );
    assert.throws(
      () => loadSettings({ ...MINIMAL, GUEST_POLICY: "single" }),
      configurationError('The setting GUEST_POLICY must be member or skip or guest; it is "single".'),
    );
  });

  void test("Slack Authorize: the callback URL from the setting, or App Service's host name once a client id is set", () => {
    const site = { ...MINIMAL, WEBSITE_HOSTNAME: "func-x.azurewebsites.net" };
    assert.equal(loadSettings(site).slackAuthorize.redirectUrl, undefined, "no client id: Authorize is off");
    assert.deepEqual(loadSettings({ ...site, SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "s" }).slackAuthorize, {
      clientId: "1.2",
      clientSecret: "s",
      baseUrl: "https://slack.com",
      redirectUrl: "https://func-x.azurewebsites.net/api/slack/oauth/callback",
    });
    assert.equal(
      loadSettings({
        ...site,
        SLACK_CLIENT_ID: "1.2",
        SLACK_OAUTH_REDIRECT_URL: "https://p.example/api/slack/oauth/callback",
      }).slackAuthorize.redirectUrl,
      "https://p.example/api/slack/oauth/callback",
    );
    assert.equal(loadSettings({ ...MINIMAL, SLACK_CLIENT_ID: "1.2" }).slackAuthorize.redirectUrl, undefined);
    assert.throws(
      () => loadSettings({ ...MINIMAL, SLACK_OAUTH_BASE_URL: "http://slack.example" }),
      configurationError(
        'The setting SLACK_OAUTH_BASE_URL must use https (http only on loopback: localhost, 127.0.0.0/8, [::1]); it is "http://slack.example".',
      ),
    );
    assert.equal(
      loadSettings({ ...MINIMAL, SLACK_OAUTH_BASE_URL: "http://127.0.0.1:7000/" }).slackAuthorize.baseUrl,
      "http://127.0.0.1:7000",
    );
  });

  void test("Graph notifications: the URL from the setting or App Service's host name, and a clientState of 32–128", () => {
    const secret = "s".repeat(40);
    const on = { ...MINIMAL, GRAPH_NOTIFICATIONS: "true", GRAPH_NOTIFICATION_CLIENT_STATE: secret };
    assert.deepEqual(loadSettings({ ...on, WEBSITE_HOSTNAME: "func-x.azurewebsites.net" }).notifications, {
      url: "https://func-x.azurewebsites.net/api/graph/notifications",
      clientState: secret,
    });
    assert.equal(
      loadSettings({ ...on, GRAPH_NOTIFICATION_URL: "http://127.0.0.1:7071/api/graph/notifications" }).notifications
        ?.url,
      "http://127.0.0.1:7071/api/graph/notifications",
    );
    assert.throws(() => loadSettings(on), /no URL for Graph to post to/);
    assert.throws(
      () => loadSettings({ ...on, WEBSITE_HOSTNAME: "h", GRAPH_NOTIFICATION_CLIENT_STATE: "short" }),
      /32 to 128 characters \(it is 5 characters\)/,
    );
    assert.throws(
      () => loadSettings({ ...on, GRAPH_NOTIFICATION_URL: "http://hooks.example/api/graph/notifications" }),
      /https/,
    );
  });

  void test("values are trimmed and an empty or blank value counts as unset", () => {
    const s = loadSettings({ ...MINIMAL, SYNC_JOB_ID: "  hr  ", MAPPING_FILE: "   ", GRAPH_TENANT_ID: "" });
    assert.equal(s.jobId, "hr");
    assert.equal(s.mappingFile, undefined);
    assert.equal(s.graph.tenantId, undefined);
  });

  const wholeNumbers: { name: string; value: string; want: number | string }[] = [
    { name: "SLACK_MAX_WRITES_PER_MINUTE", value: "1", want: 1 },
    { name: "SLACK_MAX_WRITES_PER_MINUTE", value: "100000", want: 100000 },
    { name: "SLACK_MAX_WRITES_PER_MINUTE", value: " 42 ", want: 42 },
    { name: "SLACK_MAX_WRITES_PER_MINUTE", value: "0", want: "from 1 to 100000" },
    { name: "SLACK_MAX_WRITES_PER_MINUTE", value: "100001", want: "from 1 to 100000" },
    { name: "SLACK_MAX_READS_PER_MINUTE", value: "1.5", want: "from 1 to 100000" },
    { name: "SLACK_MAX_READS_PER_MINUTE", value: "many", want: "from 1 to 100000" },
    { name: "ACTIVITY_RETENTION_DAYS", value: "3650", want: 3650 },
    { name: "ACTIVITY_RETENTION_DAYS", value: "3651", want: "from 1 to 3650" },
    { name: "DEACTIVATION_THRESHOLD", value: "0", want: 0 },
    { name: "DEACTIVATION_THRESHOLD", value: "-1", want: "from 0 to 1000000" },
    { name: "DEACTIVATION_THRESHOLD", value: "1000000", want: 1000000 },
    { name: "DEACTIVATION_THRESHOLD_PERCENT", value: "100", want: 100 },
    { name: "DEACTIVATION_THRESHOLD_PERCENT", value: "101", want: "from 0 to 100" },
    { name: "GROUP_DELETE_THRESHOLD", value: "0", want: 0 },
    { name: "USER_LEASE_SECONDS", value: "3600", want: 3600 },
    { name: "USER_LEASE_SECONDS", value: "3601", want: "from 1 to 3600" },
  ];
  for (const { name, value, want } of wholeNumbers) {
    void test(`whole number ${name}="${value}" → ${want}`, () => {
      const key = KEYS.find((k) => SETTINGS[k].name === name);
      assert.ok(key);
      const env = { ...MINIMAL, [name]: value };
      if (typeof want === "number") assert.equal(FIELD[key](loadSettings(env)), want);
      else {
        assert.throws(
          () => loadSettings(env),
          configurationError(`The setting ${name} must be a whole number ${want}; it is "${value.trim()}".`),
        );
      }
    });
  }

  const flags: { value: string; want: boolean | undefined }[] = [
    { value: "true", want: true },
    { value: "TRUE", want: true },
    { value: "1", want: true },
    { value: "yes", want: true },
    { value: "false", want: false },
    { value: "False", want: false },
    { value: "0", want: false },
    { value: "no", want: false },
    { value: "off", want: undefined },
    { value: "2", want: undefined },
  ];
  for (const name of ["GROUP_PROVISIONING", "GROUP_DELETE_ON_UNASSIGN"]) {
    for (const { value, want } of flags) {
      void test(`flag ${name}="${value}" → ${want ?? "error"}`, () => {
        const env = { ...MINIMAL, [name]: value };
        if (want === undefined) {
          assert.throws(
            () => loadSettings(env),
            configurationError(`The setting ${name} must be true or false; it is "${value}".`),
          );
        } else {
          const s = loadSettings(env);
          assert.equal(name === "GROUP_PROVISIONING" ? s.groupProvisioning : s.groupDeleteOnUnassign, want);
        }
      });
    }
  }

  const urls: { name: string; value: string; want: string | RegExp }[] = [
    { name: "GRAPH_BASE_URL", value: "https://graph.microsoft.us/", want: "https://graph.microsoft.us" },
    { name: "GRAPH_BASE_URL", value: "http://127.0.0.1:7101", want: "http://127.0.0.1:7101" },
    {
      name: "GRAPH_AUTHORITY_HOST",
      value: "https://login.microsoftonline.us///",
      want: "https://login.microsoftonline.us",
    },
    { name: "SLACK_SCIM_BASE_URL", value: "http://localhost:7102/scim/v2/", want: "http://localhost:7102/scim/v2" },
    { name: "SLACK_SCIM_BASE_URL", value: "api.slack.com/scim/v2", want: /must be an absolute http\(s\) URL/ },
    { name: "GRAPH_BASE_URL", value: "ftp://graph.example", want: /must use https \(http only on loopback/ },
    { name: "SLACK_SCIM_BASE_URL", value: "http://[::1]:7102/scim/v2", want: "http://[::1]:7102/scim/v2" },
    { name: "GRAPH_BASE_URL", value: "http://127.8.9.10:7101", want: "http://127.8.9.10:7101" },
    // A typo must not send the Slack token or the Graph bearer token in clear text.
    { name: "SLACK_SCIM_BASE_URL", value: "http://slack.example.com/scim/v2", want: /must use https \(http only/ },
    { name: "GRAPH_BASE_URL", value: "http://graph.microsoft.com", want: /must use https \(http only/ },
    { name: "GRAPH_AUTHORITY_HOST", value: "http://10.0.0.5", want: /must use https \(http only/ },
    { name: "GRAPH_BASE_URL", value: "http://127.evil.example", want: /must use https \(http only/ },
  ];
  for (const { name, value, want } of urls) {
    void test(`url ${name}="${value}"`, () => {
      const env = { ...MINIMAL, [name]: value };
      if (typeof want === "string") {
        const s = loadSettings(env);
        const got = { GRAPH_BASE_URL: s.graph.baseUrl, GRAPH_AUTHORITY_HOST: s.graph.authorityHost }[name];
        assert.equal(got ?? s.slack.scimBaseUrl, want);
      } else {
        assert.throws(
          () => loadSettings(env),
          (e: unknown) => e instanceof ConfigurationError && want.test(e.message),
        );
        assert.throws(() => loadSettings(env), new RegExp(`The setting ${name} must .*; it is "${value}"\\.$`));
      }
    });
  }

  const missing: { name: string; hint: RegExp }[] = [
    { name: "ENTRA_SERVICE_PRINCIPAL_ID", hint: /Enterprise applications → Slack → Overview → Object ID/ },
    { name: "SLACK_TOKEN", hint: /xoxp-…\); in Azure it is a Key Vault reference\.$/ },
  ];
  for (const { name, hint } of missing) {
    for (const value of [undefined, "", "   "]) {
      void test(`missing ${name} (${JSON.stringify(value)}) names the setting and how to fix it`, () => {
        assert.throws(
          () => loadSettings({ ...MINIMAL, [name]: value }),
          (e: unknown) =>
            e instanceof ConfigurationError &&
            e.message.startsWith(`The setting ${name} is missing. Set it to `) &&
            hint.test(e.message),
        );
      });
    }
  }

  const storage: { name: string; env: Env; ok: boolean }[] = [
    { name: "a connection string", env: { AzureWebJobsStorage: "UseDevelopmentStorage=true" }, ok: true },
    {
      name: "queue and table endpoints",
      env: {
        AzureWebJobsStorage__queueServiceUri: "https://acct.queue.core.windows.net",
        AzureWebJobsStorage__tableServiceUri: "https://acct.table.core.windows.net",
      },
      ok: true,
    },
    {
      name: "only the queue endpoint",
      env: { AzureWebJobsStorage__queueServiceUri: "https://acct.queue.core.windows.net" },
      ok: false,
    },
    { name: "nothing", env: {}, ok: false },
  ];
  for (const c of storage) {
    void test(`storage: ${c.name} → ${c.ok ? "accepted" : "No storage is configured"}`, () => {
      const env = { ...MINIMAL, AzureWebJobsStorage: undefined, ...c.env };
      if (c.ok) assert.ok(loadSettings(env));
      else {
        assert.throws(
          () => loadSettings(env),
          configurationError(
            "No storage is configured. Set AzureWebJobsStorage to a connection string, or set " +
              "AzureWebJobsStorage__queueServiceUri and AzureWebJobsStorage__tableServiceUri for identity-based access.",
          ),
        );
      }
    });
  }

  void test("the storage check comes before every other setting", () => {
    assert.throws(() => loadSettings({ SLACK_MAX_WRITES_PER_MINUTE: "x" }), /No storage is configured/);
  });
});

void describe("loadSettings against SETTINGS", () => {
  void test("reads exactly the catalog's settings", () => {
    const read = new Set<string>();
    const env = new Proxy<Env>(
      { ...MINIMAL },
      {
        get(target, prop) {
          if (typeof prop === "string") read.add(prop);
          return Reflect.get(target, prop) as string | undefined;
        },
      },
    );
    loadSettings(env);
    assert.deepEqual([...read].sort(), KEYS.map((k) => SETTINGS[k].name).sort());
  });

  // The notification settings only mean something together: their own test above covers them.
  const together = new Set<string>([
    // Unset, it is derived from SLACK_SCIM_BASE_URL (its own test above).
    "SLACK_API_BASE_URL",
    "GRAPH_NOTIFICATIONS",
    "GRAPH_NOTIFICATION_URL",
    "GRAPH_NOTIFICATION_CLIENT_STATE",
  ]);
  for (const key of KEYS.filter((k) => !together.has(SETTINGS[k].name))) {
    const setting = SETTINGS[key];
    void test(`${setting.name}: unset gives the catalog's default, set gives the value`, () => {
      if (!(setting.name in MINIMAL)) {
        assert.equal(FIELD[key](loadSettings(MINIMAL)), "default" in setting ? setting.default : undefined);
      }
      const [text, want] =
        setting.kind === "wholeNumber"
          ? [String(setting.max), setting.max]
          : setting.kind === "flag"
            ? [String(!setting.default), !setting.default]
            : setting.kind === "url"
              ? ["https://example.test/base/", "https://example.test/base"]
              : setting.kind === "choice"
                ? [setting.values.at(-1)?.toUpperCase() ?? "", setting.values.at(-1)]
                : [`value of ${setting.name}`, `value of ${setting.name}`];
      assert.equal(FIELD[key](loadSettings({ ...MINIMAL, [setting.name]: text })), want);
    });
  }
});
