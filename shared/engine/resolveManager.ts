import type { GraphUser } from "../graph/GraphUser";
import type { EngineContext } from "./EngineContext";

/**
 * The user as the mapping sees it, with its manager reference resolved: `manager` is the Slack id of the Entra manager
 * (from users/delta's manager@delta, kept in the mirror as `managerId`) when that manager is provisioned and active in
 * Slack, else null. When the manager arrives later, its provisioning queues its reports and this resolves then.
 */
export async function resolveManager(ctx: Pick<EngineContext, "jobId" | "links">, user: GraphUser): Promise<GraphUser> {
  const managerId = typeof user.managerId === "string" ? user.managerId : undefined;
  let manager: string | null = null;
  if (managerId) {
    const link = (await ctx.links.get(ctx.jobId, managerId))?.link;
    if (link?.slackId && link.slackActive) manager = link.slackId;
  }
  return { ...user, manager };
}
