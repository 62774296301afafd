import type { Settings } from "../config/Settings";
import { fetchHttpClient } from "../http/fetchHttpClient";
import type { ScimSlackTargetOptions } from "./ScimSlackTarget";
import { ScimSlackTarget } from "./ScimSlackTarget";
import { SLACK_RETRY_DEFAULTS } from "./slackRetryDefaults";

/**
 * Builds the Slack target from the app's settings (settings.slack): Node's fetch and SLACK_RETRY_DEFAULTS, each
 * retry field overridable (tests make backoff fast). The app passes its SlackTokenSource as `token`, so a token
 * stored by Authorize is used without a restart; without it, SLACK_TOKEN as set.
 */
export function createSlackTarget(
  settings: Pick<Settings["slack"], "scimBaseUrl" | "token" | "maxWritesPerMinute" | "maxReadsPerMinute"> &
    Partial<Settings["slack"]>,
  overrides: Partial<ScimSlackTargetOptions> = {},
): ScimSlackTarget {
  return new ScimSlackTarget({
    scimBaseUrl: settings.scimBaseUrl,
    token: settings.token,
    maxWritesPerMinute: settings.maxWritesPerMinute,
    maxReadsPerMinute: settings.maxReadsPerMinute,
    http: fetchHttpClient,
    ...overrides,
    retry: { ...SLACK_RETRY_DEFAULTS, ...overrides.retry },
  });
}
