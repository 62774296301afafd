import { GraphProblem } from "./GraphProblem";
import { checkNotificationEndpoint } from "./notificationEndpointUrl";
import { checkExpiration } from "./subscriptionExpiration";
import type { NotificationChangeType, SubscribableResource } from "./subscriptionTypes";

/** A valid POST /subscriptions body, normalized. */
export interface SubscriptionCreate {
  resource: string;
  target: SubscribableResource;
  changeType: string;
  changeTypes: NotificationChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  clientState: string | null;
  latestSupportedTlsVersion: string;
}

/** A valid PATCH /subscriptions/{id} body: a renewal and/or a new notification URL. */
export interface SubscriptionUpdate {
  expirationDateTime?: string;
  notificationUrl?: string;
}

export const MAX_CLIENT_STATE_LENGTH = 128;
const CHANGE_TYPES = new Set<NotificationChangeType>(["created", "updated", "deleted"]);
const TLS_VERSIONS = new Set(["v1_0", "v1_1", "v1_2", "v1_3"]);
/** Properties of the subscription resource; read-only ones are accepted and ignored, as Graph does. */
const KNOWN = new Set([
  "@odata.type",
  "id",
  "applicationId",
  "creatorId",
  "changeType",
  "notificationUrl",
  "lifecycleNotificationUrl",
  "resource",
  "expirationDateTime",
  "clientState",
  "latestSupportedTlsVersion",
  "includeResourceData",
  "encryptionCertificate",
  "encryptionCertificateId",
  "notificationQueryOptions",
  "notificationUrlAppId",
]);

/** Validates a create body the way Graph does before it sends the validation requests. */
export function parseSubscriptionCreate(body: unknown, now: number): SubscriptionCreate {
  const b = asObject(body, "creation");
  for (const p of ["changeType", "notificationUrl", "resource", "expirationDateTime"]) {
    if (b[p] === undefined || b[p] === null || b[p] === "") {
      throw new GraphProblem(400, "InvalidRequest", `${p} is a required property for subscription creation.`);
    }
  }
  const resource = str(b.resource, "resource");
  const normalized = resource.replace(/^\/+/, "").replace(/\/+$/, "").toLowerCase();
  if (normalized !== "users" && normalized !== "groups") {
    throw new GraphProblem(
      400,
      "InvalidRequest",
      `Resource '${resource}' is not supported for subscriptions by the emulator (supported: 'users', 'groups').`,
    );
  }
  const changeType = str(b.changeType, "changeType");
  const changeTypes: NotificationChangeType[] = [];
  for (const part of changeType.split(",").map((s) => s.trim())) {
    if (!CHANGE_TYPES.has(part as NotificationChangeType)) {
      throw new GraphProblem(400, "InvalidRequest", `'${part}' is not a valid change type.`);
    }
    if (!changeTypes.includes(part as NotificationChangeType)) changeTypes.push(part as NotificationChangeType);
  }
  const clientState = b.clientState === undefined || b.clientState === null ? null : str(b.clientState, "clientState");
  if (clientState !== null && clientState.length > MAX_CLIENT_STATE_LENGTH) {
    throw new GraphProblem(
      400,
      "InvalidRequest",
      `clientState cannot be longer than ${MAX_CLIENT_STATE_LENGTH} characters.`,
    );
  }
  const tls =
    b.latestSupportedTlsVersion === undefined ? "v1_2" : str(b.latestSupportedTlsVersion, "latestSupportedTlsVersion");
  if (!TLS_VERSIONS.has(tls)) {
    throw new GraphProblem(400, "InvalidRequest", `'${tls}' is not a valid latestSupportedTlsVersion.`);
  }
  if (b.includeResourceData === true) {
    throw new GraphProblem(
      400,
      "InvalidRequest",
      `Change notifications with resource data are not supported for resource '${resource}'.`,
    );
  }
  const lifecycle = b.lifecycleNotificationUrl;
  return {
    resource,
    target: normalized,
    changeType,
    changeTypes,
    notificationUrl: checkNotificationEndpoint("notificationUrl", str(b.notificationUrl, "notificationUrl")),
    lifecycleNotificationUrl:
      lifecycle === undefined || lifecycle === null
        ? null
        : checkNotificationEndpoint("lifecycleNotificationUrl", str(lifecycle, "lifecycleNotificationUrl")),
    expirationDateTime: checkExpiration(b.expirationDateTime, now),
    clientState,
    latestSupportedTlsVersion: tls,
  };
}

/** Validates a PATCH body: expirationDateTime (same bound as creation) and/or notificationUrl. */
export function parseSubscriptionUpdate(body: unknown, now: number): SubscriptionUpdate {
  const b = asObject(body, "update");
  const update: SubscriptionUpdate = {};
  if (b.expirationDateTime !== undefined && b.expirationDateTime !== null) {
    update.expirationDateTime = checkExpiration(b.expirationDateTime, now);
  }
  if (b.notificationUrl !== undefined && b.notificationUrl !== null) {
    update.notificationUrl = checkNotificationEndpoint("notificationUrl", str(b.notificationUrl, "notificationUrl"));
  }
  if (update.expirationDateTime === undefined && update.notificationUrl === undefined) {
    throw new GraphProblem(
      400,
      "InvalidRequest",
      "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.",
    );
  }
  return update;
}

function asObject(body: unknown, operation: "creation" | "update"): Record<string, unknown> {
  const unreadable = new GraphProblem(
    400,
    "InvalidRequest",
    `Could not process subscription ${operation} payload. Are all property names spelled and camelCased properly?`,
  );
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw unreadable;
  const b = body as Record<string, unknown>;
  if (Object.keys(b).some((k) => !KNOWN.has(k))) throw unreadable;
  return b;
}

function str(v: unknown, property: string): string {
  if (typeof v !== "string") {
    throw new GraphProblem(400, "BadRequest", `The value of property '${property}' must be a string.`);
  }
  return v;
}
