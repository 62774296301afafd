import type { InvocationContext, Timer } from "@azure/functions";
import { describeError } from "../shared/errors";
import { registerFunction } from "../shared/hosting/registerFunction";
import { maintainSubscriptions } from "../shared/notifications/maintainSubscriptions";
import { engine } from "../shared/runtime/engine";

/**
 * Timer (every 30 minutes, and when the app starts): keeps the Graph change-notification subscriptions for users and
 * groups alive — creates missing ones, renews them a week before expiry, reauthorizes and replaces as needed. Does
 * nothing when GRAPH_NOTIFICATIONS is off. Idempotent, so a run on every instance's start is harmless.
 */
export async function graphSubscriptions(_timer: Timer, context: InvocationContext): Promise<void> {
  try {
    const ctx = engine();
    if (!ctx.notificationSettings) return;
    const actions = await maintainSubscriptions(ctx);
    context.log(`Graph subscriptions: ${actions.map((a) => `${a.resource} ${a.kind}`).join(", ")}.`);
  } catch (e) {
    const { code, message } = describeError(e);
    context.error(`Graph subscriptions could not be maintained: ${code}: ${message}`);
  }
}

registerFunction({
  kind: "timer",
  name: "graphSubscriptions",
  schedule: "0 */30 * * * *",
  runOnStartup: true,
  handler: graphSubscriptions,
});
