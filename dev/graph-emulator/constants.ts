/** Fixed identities the Graph emulator accepts by default. They are test values, not secrets of any real tenant. */
export const DEFAULT_TENANT_ID = "8c1f7a1e-5d4b-4c3a-9e2f-1a2b3c4d5e6f";
export const DEFAULT_CLIENT_ID = "0d5b7e2a-3c41-4f8e-9a6b-7c8d9e0f1a2b";
export const DEFAULT_CLIENT_SECRET = "emulator-client-secret";
/** Object id of the Slack enterprise application's service principal in the emulated tenant. */
export const DEFAULT_SERVICE_PRINCIPAL_ID = "5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b";
/** Object id of the provisioning app's own service principal: the creatorId of the subscriptions it creates. */
export const DEFAULT_APP_SERVICE_PRINCIPAL_ID = "3e6a1b2c-7d8e-4f90-a1b2-c3d4e5f6a7b8";
/** appId of the Slack application (the service principal's appId). */
export const DEFAULT_SLACK_APP_ID = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
/** appRoleId of "Default Access" (used when the application declares no roles). */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/** Properties users/delta and GET /users/{id} return when the request has no $select. */
export const DEFAULT_USER_PROPERTIES: readonly string[] = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];

/** Delta token lifetime for directory objects (7 days). */
export const DEFAULT_DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** Access token lifetime in seconds, as Entra issues them. */
export const ACCESS_TOKEN_LIFETIME_S = 3599;

/** Properties groups/delta and GET /groups/{id} return when the request has no $select (members@delta comes too). */
export const DEFAULT_GROUP_PROPERTIES: readonly string[] = [
  "createdDateTime",
  "description",
  "displayName",
  "groupTypes",
  "mail",
  "mailEnabled",
  "mailNickname",
  "securityEnabled",
  "id",
];

/** Default cap on members@delta entries per groups/delta page (a Microsoft answer gives 500 for directory links). */
export const DEFAULT_DELTA_LINKS_PER_PAGE = 500;
