import type { Settings } from "../config/Settings";
import type { ScimSlackTargetOptions } from "./ScimSlackTarget";
import { ScimSlackTarget } from "./ScimSlackTarget";

/** Builds the Slack target from the app's settings (settings.slack). */
export function createSlackTarget(
  settings: Settings["slack"],
  overrides: Partial<ScimSlackTargetOptions> = {},
): ScimSlackTarget {
  return new ScimSlackTarget({
    scimBaseUrl: settings.scimBaseUrl,
    token: settings.token,
    maxWritesPerMinute: settings.maxWritesPerMinute,
    maxReadsPerMinute: settings.maxReadsPerMinute,
    ...overrides,
  });
}
