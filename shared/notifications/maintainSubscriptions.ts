import { createHash } from "node:crypto";
import { describeError } from "../errors";
import type { EngineContext } from "../engine/EngineContext";
import type { SubscribedResource } from "./GraphSubscriptions";
import type { SubscriptionAction, SubscriptionRecord } from "./planSubscriptions";
import { planSubscriptions, SUBSCRIPTION_LIFETIME_MS } from "./planSubscriptions";
import { requestCatchUp } from "./requestCatchUp";

export type MaintainSubscriptionsPorts = Pick<
  EngineContext,
  "jobId" | "graphSubscriptions" | "notifications" | "notificationSettings" | "queue" | "clock" | "log"
>;

/** A hash of the clientState, so the stored record can tell a rotated secret without holding it. */
export function clientStateHash(clientState: string): string {
  return createHash("sha256").update(clientState, "utf8").digest("base64url").slice(0, 16);
}

/**
 * Keeps one subscription per resource (users, groups) alive: creates what is missing (Graph no longer has it: expired
 * or removed, which it does not announce for users and groups), replaces one
 * whose URL or secret changed, reauthorizes on Graph's request and renews well before expiry. A subscription that had
 * to be created again means notifications may have been lost meanwhile, so a catch-up cycle is requested. Failures are
 * recorded on the subscription's row and logged; the scheduled cycle remains the safety net.
 */
export async function maintainSubscriptions(ctx: MaintainSubscriptionsPorts): Promise<SubscriptionAction[]> {
  const settings = ctx.notificationSettings;
  if (!settings) return [];
  // Graph does not tell when a users or groups subscription expires or is removed: ask it (one GET each).
  const records = await Promise.all(
    (await ctx.notifications.subscriptions(ctx.jobId)).map(async (r) =>
      r.id && !r.removed && !(await ctx.graphSubscriptions.getSubscription(r.id)) ? { ...r, removed: true } : r,
    ),
  );
  const hash = clientStateHash(settings.clientState);
  const actions = planSubscriptions(records, ctx.clock(), { url: settings.url, clientStateHash: hash });
  let lost = false;
  for (const action of actions) {
    if (action.kind === "keep") continue;
    const record = records.find((r) => r.resource === action.resource) ?? { resource: action.resource };
    try {
      const next = await apply(ctx, action, record, hash);
      await ctx.notifications.saveSubscription(ctx.jobId, next);
      if (action.kind === "create" && record.id !== undefined) lost = true;
      ctx.log.info(
        `Graph ${action.resource} subscription: ${describe(action)} (${next.id ?? "?"}, until ${next.expiresAt ?? "?"}).`,
      );
    } catch (e) {
      const { code, message } = describeError(e);
      await ctx.notifications.saveSubscription(ctx.jobId, {
        ...record,
        lastError: { code, message, at: ctx.clock().toISOString() },
      });
      ctx.log.warn(
        `Graph ${action.resource} subscription: could not ${describe(action)}: ${code}: ${message} ` +
          "Changes still arrive with the scheduled cycle.",
      );
    }
  }
  if (lost) await requestCatchUp(ctx, { force: true });
  return actions;
}

async function apply(
  ctx: MaintainSubscriptionsPorts,
  action: Exclude<SubscriptionAction, { kind: "keep" }>,
  record: SubscriptionRecord,
  hash: string,
): Promise<SubscriptionRecord> {
  const now = ctx.clock();
  const expirationDateTime = new Date(now.getTime() + SUBSCRIPTION_LIFETIME_MS).toISOString();
  switch (action.kind) {
    case "renew": {
      const renewed = await ctx.graphSubscriptions.renewSubscription(action.id, expirationDateTime);
      if (renewed)
        return { ...withoutFlags(record), expiresAt: renewed.expirationDateTime, renewedAt: now.toISOString() };
      return create(ctx, action.resource, record, hash, expirationDateTime);
    }
    case "reauthorize": {
      if (await ctx.graphSubscriptions.reauthorizeSubscription(action.id)) {
        const renewed = await ctx.graphSubscriptions.renewSubscription(action.id, expirationDateTime);
        if (renewed)
          return { ...withoutFlags(record), expiresAt: renewed.expirationDateTime, renewedAt: now.toISOString() };
      }
      return create(ctx, action.resource, record, hash, expirationDateTime);
    }
    case "replace":
      await ctx.graphSubscriptions.deleteSubscription(action.id);
      return create(ctx, action.resource, record, hash, expirationDateTime);
    case "create":
      return create(ctx, action.resource, record, hash, expirationDateTime);
  }
}

async function create(
  ctx: MaintainSubscriptionsPorts,
  resource: SubscribedResource,
  record: SubscriptionRecord,
  hash: string,
  expirationDateTime: string,
): Promise<SubscriptionRecord> {
  const settings = ctx.notificationSettings;
  if (!settings) throw new Error("unreachable: notifications are off");
  const created = await ctx.graphSubscriptions.createSubscription({
    resource,
    notificationUrl: settings.url,
    lifecycleNotificationUrl: settings.url,
    clientState: settings.clientState,
    expirationDateTime,
  });
  const { lastNotificationAt } = record;
  return {
    resource,
    id: created.id,
    expiresAt: created.expirationDateTime,
    url: settings.url,
    clientStateHash: hash,
    createdAt: ctx.clock().toISOString(),
    ...(lastNotificationAt ? { lastNotificationAt } : {}),
  };
}

function withoutFlags(record: SubscriptionRecord): SubscriptionRecord {
  const copy = { ...record };
  delete copy.reauthorize;
  delete copy.removed;
  delete copy.lastError;
  return copy;
}

function describe(action: Exclude<SubscriptionAction, { kind: "keep" }>): string {
  switch (action.kind) {
    case "create":
      return `create it (${action.why})`;
    case "replace":
      return `replace it (${action.why})`;
    case "renew":
      return "renew it";
    case "reauthorize":
      return "reauthorize it";
  }
}
