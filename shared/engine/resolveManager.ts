import type { GraphUser } from "../graph/GraphUser";
import type { EngineContext } from "./EngineContext";

/**
 * The user as the mapping sees it, with its manager reference resolved: `manager` is the Slack id of the Entra manager
 * (from users/delta's manager@delta, kept in the mirror as `managerId`) when that manager is provisioned and active in
 * Slack, else null. With `waitAs` (a provisioning run of that report), an unresolved manager gets the report on its
 * waiting list, and the manager's arrival queues it then; the link is read again after the list is written, so a
 * manager linked in between is seen here (its arrival read the list before this report was on it).
 */
export async function resolveManager(
  ctx: Pick<EngineContext, "jobId" | "links"> & Partial<Pick<EngineContext, "reports">>,
  user: GraphUser,
  options: { waitAs?: string } = {},
): Promise<GraphUser> {
  const managerId = typeof user.managerId === "string" ? user.managerId : undefined;
  if (!managerId) return { ...user, manager: null };
  let manager = await activeSlackId(ctx, managerId);
  if (manager === null && options.waitAs !== undefined && ctx.reports) {
    await ctx.reports.waitFor(ctx.jobId, managerId, options.waitAs);
    manager = await activeSlackId(ctx, managerId);
  }
  return { ...user, manager };
}

async function activeSlackId(ctx: Pick<EngineContext, "jobId" | "links">, managerId: string): Promise<string | null> {
  const link = (await ctx.links.get(ctx.jobId, managerId))?.link;
  return link?.slackId && link.slackActive ? link.slackId : null;
}
