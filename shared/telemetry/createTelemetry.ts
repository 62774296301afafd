import type { Env } from "../config/Settings";
import type { Logger } from "../engine/Logger";
import { AppInsightsTelemetry } from "./AppInsightsTelemetry";
import { parseAuthenticationString } from "./authenticationString";
import { startAppInsights } from "./startAppInsights";
import type { Telemetry } from "./Telemetry";
import { noopTelemetry } from "./Telemetry";

let started: { connectionString: string; telemetry: Telemetry } | undefined;

/**
 * The app's Telemetry: the no-op unless APPLICATIONINSIGHTS_CONNECTION_STRING is set; then Application Insights
 * (applicationinsights 3.x, loaded only now), authenticated with the managed identity named in
 * APPLICATIONINSIGHTS_AUTHENTICATION_STRING when that is set. The SDK is process-wide, so repeated calls with the same
 * connection string return the same instance. If the SDK cannot start, logs a warning and returns the no-op:
 * provisioning never depends on telemetry.
 */
export function createTelemetry(env: Env = process.env, logger?: Logger): Telemetry {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return noopTelemetry;
  if (started?.connectionString === connectionString) return started.telemetry;
  try {
    const entraAuth = parseAuthenticationString(env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING);
    const backend = startAppInsights({ connectionString, ...(entraAuth ? { entraAuth } : {}) });
    const telemetry = new AppInsightsTelemetry(backend, logger);
    started = { connectionString, telemetry };
    logger?.info(
      `Application Insights telemetry is on (${entraAuth ? "Entra ID authentication" : "connection string only"}).`,
    );
    return telemetry;
  } catch (e) {
    const name = e instanceof Error ? e.name : typeof e;
    logger?.warn(`Application Insights telemetry could not start (${name}); continuing without custom telemetry.`);
    return noopTelemetry;
  }
}
