/** Public surface of the Slack SCIM emulator (see README.md in this folder). */
export { startSlackEmulator } from "./startSlackEmulator";
export type { SlackEmulator, SlackEmulatorOptions } from "./startSlackEmulator";
export { SlackEmulatorAdminClient } from "./SlackEmulatorAdminClient";
export { SlackEmulatorStore } from "./SlackEmulatorStore";
export type { EmulatorUser, SeedGroup, SeedUser } from "./SlackEmulatorStore";
export type { EmulatorGroup, ListResponse } from "./SlackDirectory";
export type { FaultSpec } from "./FaultInjector";
export { RANDOM_FAULT_KINDS } from "./RandomFaults";
export type { RandomFaultCounts, RandomFaultKind, RandomFaultSettings } from "./RandomFaults";
export type { RequestLogEntry } from "./RequestLog";
export type { BucketLimit, RateLimitSetting, SlackRateLimitNumbers } from "./rateLimits";
export { SLACK_RATE_LIMITS } from "./rateLimits";
export type { SlackRole } from "./model";
export {
  DEFAULT_SLACK_EMULATOR_CLIENT_ID,
  DEFAULT_SLACK_EMULATOR_CLIENT_SECRET,
  DEFAULT_SLACK_EMULATOR_TOKEN,
} from "./constants";
export type { ConsentDecision, OAuthAppCredentials } from "./SlackOAuth";
export { CODE_LIFETIME_MS, EMULATOR_INSTALLER_ID } from "./SlackOAuth";
export type { IssuedToken } from "./SlackTokens";
