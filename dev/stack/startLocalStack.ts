import type { AzuriteInstance } from "../azurite/startAzurite";
import { startAzurite } from "../azurite/startAzurite";
import type { GraphEmulator } from "../graph-emulator/startGraphEmulator";
import { startGraphEmulator } from "../graph-emulator/startGraphEmulator";
import type { RateLimitSetting } from "../slack-emulator/rateLimits";
import type { SlackEmulator } from "../slack-emulator/startSlackEmulator";
import { startSlackEmulator } from "../slack-emulator/startSlackEmulator";
import { randomBytes } from "node:crypto";
import { HostProcess } from "./HostProcess";
import { freeLoopbackPort } from "./freeLoopbackPort";

export interface LocalStackOptions {
  /** Fills the emulators before the host starts (e.g. the demo directory). */
  seed?: (graph: GraphEmulator, slack: SlackEmulator) => void | Promise<void>;
  /** Slack's rate limits in the emulator: "slack" (faithful, default) or "off" for fast tests. */
  slackRateLimits?: RateLimitSetting;
  /** Slack is an Enterprise Grid org (W… ids; multi-channel guests through SCIM); default false. */
  slackGrid?: boolean;
  /** Users per users/delta page in the Graph emulator. */
  deltaPageSize?: number;
  /** NCRONTAB schedule of the sync timer (default every 30 seconds). */
  syncSchedule?: string;
  /** Run timers (default true). Tests start cycles through the HTTP API instead. */
  enableTimers?: boolean;
  /** Extra app settings for the host. */
  settings?: Record<string, string>;
  /**
   * Graph change notifications (default off): the host subscribes at start (its subscription timer runs even with
   * `enableTimers: false`) and the Graph emulator posts to it after each directory change.
   */
  notifications?: boolean;
  /** Receives every line the host prints. */
  onHostLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Azurite's heap limit in MB (see StartAzuriteOptions.maxHeapMb). */
  azuriteHeapMb?: number;
}

/** Azurite, the Graph and Slack emulators and the local Functions host, wired together on loopback. */
export interface LocalStack {
  azurite: AzuriteInstance;
  graph: GraphEmulator;
  slack: SlackEmulator;
  host: HostProcess;
  /** The app settings the host runs with (the same names as in Azure). */
  settings: Record<string, string>;
  /** http://127.0.0.1:PORT/api */
  apiUrl(): string;
  /** Kills the host abruptly and starts a new one (state in Azurite and the emulators survives). */
  restartHost(options?: { kill?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The host's settings for Graph change notifications: a fixed free port (the notification URL must be known before the
 * host starts, and stay the same across restarts) and a random clientState.
 */
async function notificationSettings(): Promise<Record<string, string>> {
  const port = await freeLoopbackPort();
  return {
    LOCAL_HOST_HTTP_PORT: String(port),
    GRAPH_NOTIFICATIONS: "true",
    GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${port}/api/graph/notifications`,
    GRAPH_NOTIFICATION_CLIENT_STATE: randomBytes(32).toString("base64url"),
  };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const azurite = await startAzurite(options.azuriteHeapMb !== undefined ? { maxHeapMb: options.azuriteHeapMb } : {});
  const started: { graph?: GraphEmulator; slack?: SlackEmulator } = {};
  try {
    const graph = await startGraphEmulator({ deltaPageSize: options.deltaPageSize ?? 100 });
    started.graph = graph;
    const slack = await startSlackEmulator({
      rateLimits: options.slackRateLimits ?? "slack",
      grid: options.slackGrid ?? false,
    });
    started.slack = slack;
    await options.seed?.(graph, slack);
    const settings: Record<string, string> = {
      FUNCTIONS_WORKER_RUNTIME: "node",
      AzureWebJobsStorage: azurite.connectionString,
      SYNC_SCHEDULE: options.syncSchedule ?? "*/30 * * * * *",
      GRAPH_BASE_URL: graph.url,
      GRAPH_AUTHORITY_HOST: graph.authorityHost,
      GRAPH_TENANT_ID: graph.tenantId,
      GRAPH_CLIENT_ID: graph.clientId,
      GRAPH_CLIENT_SECRET: graph.clientSecret,
      ENTRA_SERVICE_PRINCIPAL_ID: graph.servicePrincipalId,
      SLACK_SCIM_BASE_URL: slack.url,
      SLACK_TOKEN: slack.token,
      // Authorize against the emulator's OAuth (its callback is the local host's own URL).
      SLACK_CLIENT_ID: slack.oauth.clientId,
      SLACK_CLIENT_SECRET: slack.oauth.clientSecret,
      SLACK_OAUTH_BASE_URL: slack.origin,
      LOCAL_HOST_ENABLE_TIMERS:
        options.enableTimers === false ? (options.notifications ? "graphSubscriptions" : "false") : "true",
      ...(options.notifications ? await notificationSettings() : {}),
      ...options.settings,
    };
    const newHost = () =>
      new HostProcess({ env: settings, ...(options.onHostLine ? { onLine: options.onHostLine } : {}) });
    let host = newHost();
    await host.start();
    const stack: LocalStack = {
      azurite,
      graph,
      slack,
      get host() {
        return host;
      },
      settings,
      apiUrl: () => `${host.url}/api`,
      async restartHost(o = {}) {
        if (o.kill === false) await host.stop();
        else await host.kill();
        host = newHost();
        await host.start();
      },
      async stop() {
        await host.stop();
        await Promise.allSettled([graph.close(), slack.close()]);
        await azurite.stop();
      },
    };
    return stack;
  } catch (e) {
    await Promise.allSettled([started.graph?.close(), started.slack?.close()]);
    await azurite.stop();
    throw e;
  }
}
