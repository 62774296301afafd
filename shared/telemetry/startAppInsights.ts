import type * as IdentitySdk from "@azure/identity";
import type * as AppInsightsSdk from "applicationinsights";
import type { AppInsightsBackend } from "./AppInsightsBackend";

export interface StartAppInsightsOptions {
  connectionString: string;
  /** Entra-authenticated ingestion (component with local auth disabled): the managed identity to use. */
  entraAuth?: { clientId?: string };
}

/** Environment switches read by the SDK at start-up: statsbeat and SDK self-telemetry off. */
const SDK_ENVIRONMENT: Record<string, string> = {
  APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
  APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: "true",
};

/**
 * Starts applicationinsights 3.x for our custom events and metrics only, and returns it as an AppInsightsBackend.
 * The SDK is required here, not imported at the top, so loading our modules never loads it (≈1 s and network
 * activity) unless a connection string is configured.
 *
 * Configuration: every auto-collector off (the Functions host already reports requests, dependencies, exceptions,
 * logs and performance), live metrics off, no disk retry cache, statsbeat and SDK-stats off. Global providers are
 * used because they register the OpenTelemetry context manager that carries the invocation's trace context.
 */
export function startAppInsights(options: StartAppInsightsOptions): AppInsightsBackend {
  for (const [name, value] of Object.entries(SDK_ENVIRONMENT)) process.env[name] = value;

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: see the doc comment.
  const sdk = require("applicationinsights") as typeof AppInsightsSdk;
  sdk
    .setup(options.connectionString)
    .setAutoCollectRequests(false)
    .setAutoCollectDependencies(false)
    .setAutoCollectPerformance(false, false)
    .setAutoCollectExceptions(false)
    .setAutoCollectConsole(false, false)
    .setAutoCollectPreAggregatedMetrics(false)
    .setAutoCollectHeartbeat(false)
    .setSendLiveMetrics(false)
    .setUseDiskRetryCaching(false);
  const client = sdk.defaultClient;
  client.config.azureMonitorOpenTelemetryOptions = {
    enableLiveMetrics: false,
    enableStandardMetrics: false,
    instrumentationOptions: {
      http: { enabled: false },
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  };
  if (options.entraAuth) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only needed (and loaded) for Entra auth.
    const identity = require("@azure/identity") as typeof IdentitySdk;
    client.config.aadTokenCredential = options.entraAuth.clientId
      ? new identity.ManagedIdentityCredential({ clientId: options.entraAuth.clientId })
      : new identity.ManagedIdentityCredential();
  }
  sdk.start();

  return {
    trackEvent: (name, properties, measurements) => client.trackEvent({ name, properties, measurements }),
    trackMetric: (name, value, properties) => client.trackMetric({ name, value, properties }),
    flush: () => client.flush(),
    runWithParent: (parent, fn) => {
      const correlation = sdk.startOperation({
        traceId: parent.traceId,
        spanId: parent.spanId,
        traceFlags: Number.parseInt(parent.flags, 16),
        isRemote: true,
      });
      return correlation ? sdk.wrapWithCorrelationContext(fn, correlation)() : fn();
    },
  };
}
