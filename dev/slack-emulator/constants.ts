/** Bearer token the emulator accepts unless `startSlackEmulator({ token })` says otherwise. */
export const DEFAULT_SLACK_EMULATOR_TOKEN = "xoxp-slack-emulator-token";
/** The Slack app's Client ID and Client Secret the emulator's OAuth accepts unless `startSlackEmulator({ oauth })` says otherwise. */
export const DEFAULT_SLACK_EMULATOR_CLIENT_ID = "1000000001.2000000002";
export const DEFAULT_SLACK_EMULATOR_CLIENT_SECRET = "emulator0client0secret0000000000";

export const SCIM_CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_CORE_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM_ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const SCIM_SLACK_PROFILE_SCHEMA = "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User";
export const SCIM_SLACK_GUEST_SCHEMA = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
export const SCIM_LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

/** Slack limits (reference §2.1, §3). */
export const MAX_USERNAME_LENGTH = 21;
export const MAX_DISPLAY_NAME_LENGTH = 80;
export const MAX_GROUP_MEMBERS = 15000;
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 10;
export const DEFAULT_TIMEZONE = "America/Los_Angeles";
