import type { Reply } from "./http";
import { SCIM_ENTERPRISE_SCHEMA } from "../../shared/slack/ScimUser";

/**
 * How the emulator shapes successful answers, so the engine can be run against other conforming SCIM servers than
 * Slack: `writes: "noContent"` answers PATCH and PUT with 204 and no body (RFC 7644 §3.5.1, §3.5.2 allow it); `minimal`
 * returns user resources with only what RFC 7643 always returns or requires (schemas, id, userName, emails) and group
 * resources without `meta`, and without `members` unless the request asks for them (`attributes=members`, RFC 7644
 * §3.4.2.5), as servers that leave large member lists out do; it also reads a PATCH `remove` of `members` without a
 * filter as RFC 7644 §3.5.2.2 says (every member goes, whatever value list it carries). Slack's own style is the default.
 */
export interface ResponseStyle {
  writes: "resource" | "noContent";
  minimal: boolean;
}

export const SLACK_RESPONSE_STYLE: ResponseStyle = { writes: "resource", minimal: false };

/** The user attributes a minimal server still returns (everything else is optional: `active` included). */
const MINIMAL_USER_KEYS = new Set(["schemas", "id", "userName", "emails"]);

/** A successful answer as a server of this style would give it. */
export function styleReply(
  style: ResponseStyle,
  method: string,
  reply: Reply,
  requested: readonly string[] = [],
): Reply {
  if (reply.status < 200 || reply.status >= 300) return reply;
  if (style.writes === "noContent" && (method === "PATCH" || method === "PUT")) return { status: 204 };
  if (!style.minimal || reply.body === undefined) return reply;
  const withMembers = requested.some((a) => a.toLowerCase() === "members");
  return { ...reply, body: minimalBody(reply.body, withMembers) };
}

function minimalBody(body: unknown, withMembers: boolean): unknown {
  if (!isRecord(body)) return body;
  if (Array.isArray(body.Resources)) {
    return { ...body, Resources: body.Resources.map((r) => minimalResource(r, withMembers)) };
  }
  return minimalResource(body, withMembers);
}

function minimalResource(resource: unknown, withMembers: boolean): unknown {
  if (!isRecord(resource) || typeof resource.id !== "string") return resource;
  const isUser = typeof resource.userName === "string";
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) =>
      isUser
        ? MINIMAL_USER_KEYS.has(key)
        : key !== "meta" && key !== SCIM_ENTERPRISE_SCHEMA && (withMembers || key !== "members"),
    ),
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
