import { isRetryable, SlackRejectedError, TransientError } from "../errors";
import type { ProvisionGroupMessage } from "../queue/messages";
import type { IdentityLink } from "../state/IdentityLink";
import { readMany } from "../state/readMany";
import type { EngineContext } from "./EngineContext";
import type { ProvisionOutcome, ProvisionRun } from "./ObjectProvisioner";
import { planMemberChanges } from "./planMemberChanges";
import type { QueueGroupWorkPorts } from "./queueWork";
import { queueGroupWork } from "./queueWork";
import { WHOLE_GROUP_CHANGE } from "./WholeGroupCoverage";

export type MemberChangePorts = QueueGroupWorkPorts &
  Pick<
    EngineContext,
    "links" | "groups" | "scope" | "groupMembers" | "memberChanges" | "slackGroups" | "groupProvisioning"
  >;

/**
 * Changes one run reads at most; more are left to a run it queues (a Slack group holds at most 15,000 members, so
 * this is a whole round's worth).
 */
export const MEMBER_CHANGES_PER_RUN = 20_000;

/**
 * A group's member-change run (`reason: "member"`): applies the member changes recorded since the group was last
 * reconciled, at a cost that follows the changes, not the group. It reads the recorded changes, then the link and the
 * membership of each user they name (never the Slack group, never the other members), sends PATCH add and remove for
 * just them (planMemberChanges), and deletes the rows it applied; a change recorded meanwhile is a new row and stays.
 *
 * Answers "reconcile" when the full reconcile must run instead: the Slack group is not linked yet (it must be created
 * or adopted), the group is escrowed, the whole group's members were left to this run (WHOLE_GROUP_CHANGE), or Slack refused one of the PATCHes for a reason of its own (the reconcile reads
 * the group and sends the exact difference). A group no longer wanted in Slack has its changes cleared and nothing else: removing the Slack
 * group is the reconcile's, which the scope step queues.
 */
export async function applyMemberChanges(
  ctx: MemberChangePorts,
  msg: ProvisionGroupMessage,
  link: IdentityLink,
  run: ProvisionRun,
): Promise<ProvisionOutcome | "reconcile"> {
  const { groupId } = msg;
  const [group, assignment, pending] = await Promise.all([
    ctx.groups.get(ctx.jobId, groupId),
    ctx.scope.get(ctx.jobId, groupId),
    // Read before the users' links: a change recorded after this read was made after its link was written.
    ctx.memberChanges.list(ctx.jobId, groupId, MEMBER_CHANGES_PER_RUN),
  ]);
  const wanted =
    ctx.groupProvisioning && assignment?.principalType === "Group" && group !== undefined && !group.removed;
  if (!wanted) {
    await ctx.memberChanges.remove(ctx.jobId, groupId, pending.changes);
    return quiet(link);
  }
  // Not linked yet: the reconcile creates or adopts it. Escrowed: only a reconcile that goes through ends the escrow.
  if (!link.slackId || link.escrow) return "reconcile";
  if (pending.changes.length === 0) return quiet(link);
  // A scope-step reconcile left the whole group's members to the end of the full users round: reconcile them all now.
  if (pending.changes.some((c) => c.userId === WHOLE_GROUP_CHANGE)) return "reconcile";

  const userIds = [...new Set(pending.changes.map((c) => c.userId))];
  const [links, members] = await Promise.all([
    readMany(
      userIds,
      (id) => ctx.links.get(ctx.jobId, id),
      (l) => l.link.objectId,
    ),
    ctx.groupMembers.contains(ctx.jobId, groupId, userIds),
  ]);
  const plan = planMemberChanges(
    userIds.map((userId) => {
      const l = links.get(userId)?.link;
      return {
        userId,
        member: members.has(userId),
        ...(l?.slackId ? { slackId: l.slackId } : {}),
        ...(l?.slackActive !== undefined ? { slackActive: l.slackActive } : {}),
        ...(l?.userPrincipalName ? { identity: l.userPrincipalName } : {}),
      };
    }),
  );
  const name = group.displayName ?? link.displayName ?? groupId;
  try {
    await ctx.slackGroups.addGroupMembers(
      link.slackId,
      plan.add.map((m) => m.slackId),
    );
    await ctx.slackGroups.removeGroupMembers(
      link.slackId,
      plan.remove.map((m) => m.slackId),
    );
  } catch (e) {
    // A member deactivated a moment ago whose link is not updated yet: its own run records a change; retry shortly.
    if (e instanceof SlackRejectedError && e.slackCode === "unable_to_add_deleted_or_guest_to_group") {
      throw new TransientError("GroupMemberNotActive", `A member of "${name}" is not active in Slack yet; retrying.`, {
        cause: e,
      });
    }
    if (isRetryable(e)) throw e;
    run.steps.push({
      name: "action",
      status: "Skipped",
      detail: `Slack refused a member-change PATCH (${e instanceof Error ? e.message : String(e)}); reconciling the whole group instead.`,
    });
    return "reconcile";
  }
  await ctx.memberChanges.remove(ctx.jobId, groupId, pending.changes);
  if (pending.more) await queueGroupWork(ctx, msg.cycleId, [groupId], "member", msg.changeId, { delayMs: 0 });

  const changed = plan.add.length + plan.remove.length;
  run.steps.push(
    {
      name: "scope",
      status: "Success",
      detail:
        `${pending.changes.length} member change(s) recorded for ${userIds.length} user(s): ` +
        `${plan.add.length} to add, ${plan.remove.length} to remove${pending.more ? " (more follow in the next run)" : ""}.`,
    },
    { name: "match", status: "Success", detail: `Linked to Slack group ${link.slackId}.` },
  );
  if (changed === 0) return quiet(link);
  run.steps.push({
    name: "action",
    status: "Success",
    detail: `PATCH add ${plan.add.length}, remove ${plan.remove.length} (the changed members only; the group was not read).`,
  });
  const parts = [
    `Updated Slack group ${link.slackId} "${name}"`,
    plan.add.length ? `added ${plan.add.length} member(s)` : "",
    plan.remove.length ? `removed ${plan.remove.length} member(s)` : "",
  ].filter(Boolean);
  return {
    action: "Update",
    status: "Success",
    reason: `${parts.join(", ")}.`,
    modified: [],
    membersAdded: plan.add.map((m) => m.identity),
    membersRemoved: plan.remove.map((m) => m.identity),
    link,
  };
}

function quiet(link: IdentityLink): ProvisionOutcome {
  return { action: "Skip", status: "Skipped", reason: "In sync.", modified: [], link, quiet: true };
}
