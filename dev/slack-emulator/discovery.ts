import {
  SCIM_CORE_GROUP_SCHEMA,
  SCIM_CORE_USER_SCHEMA,
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_LIST_RESPONSE_SCHEMA,
  SCIM_RESOURCE_TYPE_SCHEMA,
  SCIM_SLACK_GUEST_SCHEMA,
  SCIM_SLACK_PROFILE_SCHEMA,
} from "./constants";

/**
 * Slack's ServiceProviderConfigs document as observed (reference §1.2). It claims patch and filter are unsupported;
 * both work. Served without a token under v1 and v2, in both spellings.
 */
export const SERVICE_PROVIDER_CONFIG = {
  authenticationSchemes: [
    {
      type: "oauthbearertoken",
      name: "OAuth Bearer Token",
      description: "Authentication Scheme using the OAuth Bearer Token Standard",
      specUrl: "http://tools.ietf.org/html/draft-ietf-oauth-v2-bearer-01",
      primary: true,
    },
  ],
  patch: { supported: false },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: false, maxResults: 0 },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  xmlDataFormat: { supported: false },
};

export function resourceTypes(scimBaseUrl: string): unknown {
  const resources = [
    {
      schemas: [SCIM_RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: SCIM_CORE_USER_SCHEMA,
      meta: { location: `${scimBaseUrl}/ResourceTypes/User`, resourceType: "ResourceType" },
      schemaExtensions: [SCIM_ENTERPRISE_USER_SCHEMA, SCIM_SLACK_GUEST_SCHEMA, SCIM_SLACK_PROFILE_SCHEMA].map(
        (schema) => ({ schema, required: false }),
      ),
    },
    {
      schemas: [SCIM_RESOURCE_TYPE_SCHEMA],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: SCIM_CORE_GROUP_SCHEMA,
      meta: { location: `${scimBaseUrl}/ResourceTypes/Group`, resourceType: "ResourceType" },
      schemaExtensions: [],
    },
  ];
  return {
    schemas: [SCIM_LIST_RESPONSE_SCHEMA],
    Resources: resources,
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
  };
}
