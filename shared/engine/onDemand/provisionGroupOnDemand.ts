import { classifyFailure, isRetryable } from "../../errors";
import { GROUP_SELECT } from "../../graph/GraphGroup";
import type { ProvisionGroupMessage } from "../../queue/messages";
import { mapLimit } from "../../state/batches";
import type { GroupProvisionerPorts } from "../GroupProvisioner";
import { GroupProvisioner } from "../GroupProvisioner";
import type { UserProvisionerPorts } from "../UserProvisioner";
import { directReadSelect } from "../userSelectFor";
import { answerFromRecord } from "./answerFromRecord";
import { decideOnDemand } from "./decideOnDemand";
import { notRunAnswer } from "./notRunAnswer";
import type { OnDemandMemberResult, OnDemandMembers, OnDemandResult } from "./OnDemandResult";
import type { OnDemandOptions } from "./provisionUserOnDemand";
import { provisionReadUser } from "./provisionUserOnDemand";
import { runOnDemand } from "./runOnDemand";
import { scopeAsOf } from "./scopeAsOf";
import { ON_DEMAND_LEASE_WAIT } from "./waitForLease";

export type OnDemandPorts = UserProvisionerPorts & GroupProvisionerPorts;

export interface GroupOnDemandOptions extends OnDemandOptions {
  /** Members provisioned at once (default 4; Slack's pacing applies to them all the same). */
  memberConcurrency?: number;
}

const MEMBER_CONCURRENCY = 4;

/**
 * Provision a group on demand: its in-scope members first, each through the user's on-demand run (every member, no
 * cap, a few at a time; a member's removal is never applied here, it stays the deletion guard's), then the group itself
 * with the engine's GroupProvisioner (create or adopt, rename, member reconcile) under the group's lease. The group is
 * read from Graph now (it must exist: 404 otherwise); its assignment, name and members are those of the stored scope
 * and groups mirror, as a cycle uses them (a difference in name is pointed out in `notes`).
 */
export async function provisionGroupOnDemand(
  ctx: OnDemandPorts,
  groupId: string,
  options: GroupOnDemandOptions,
): Promise<OnDemandResult> {
  const group = groupId.trim() === "" ? undefined : await ctx.graph.getGroup(groupId, GROUP_SELECT);
  if (!group) {
    return {
      kind: "notFound",
      objectType: "Group",
      query: groupId,
      message:
        `No group "${groupId}" in Entra ID (looked up by object id). A deleted group cannot be provisioned on demand: ` +
        "if it has a Slack group, the next cycle deletes it (through the deletion guard, unless GROUP_DELETE_ON_UNASSIGN is false).",
    };
  }
  const [mirror, assignment, stored, state, removal] = await Promise.all([
    ctx.groups.get(ctx.jobId, groupId),
    ctx.scope.get(ctx.jobId, groupId),
    ctx.groupLinks.get(ctx.jobId, groupId),
    ctx.jobs.get(ctx.jobId),
    ctx.removals.get(ctx.jobId, "Group", groupId),
  ]);
  const identity = group.displayName ?? mirror?.displayName ?? groupId;
  const slackId = stored?.link.slackId;
  const notes: string[] = [];
  if (group.displayName && mirror?.displayName && group.displayName !== mirror.displayName) {
    notes.push(
      `Entra ID names the group "${group.displayName}" now; the groups mirror still says "${mirror.displayName}" ` +
        "(as of the last groups round): the Slack group takes the new name with the next cycle.",
    );
  }
  const context = { query: groupId, requestedBy: options.requestedBy, scopeAsOf: scopeAsOf(state) };
  const answerContext = { ...context, objectType: "Group" as const, objectId: groupId, identity, notes };
  const withSlack = slackId ? { slackId } : {};
  if (!ctx.groupProvisioning) {
    const reason = "Group provisioning is switched off (GROUP_PROVISIONING=false): Slack groups are left alone.";
    return {
      kind: "done",
      answer: notRunAnswer(
        { kind: "nothingToDo", reason: `${reason} Nothing was written.` },
        { ...answerContext, ...withSlack },
      ),
    };
  }
  const why =
    assignment?.principalType !== "Group"
      ? "the group is not assigned to the Slack application"
      : !mirror
        ? "the group has not been read by a groups round yet"
        : mirror.removed
          ? "the group was deleted in Entra ID"
          : undefined;
  const decision = decideOnDemand({
    wanted: why === undefined,
    ...(why ? { why } : {}),
    linked: slackId !== undefined,
    ...(removal ? { removal } : {}),
    asked: true,
  });
  if (decision.kind !== "run") {
    return { kind: "done", answer: notRunAnswer(decision, { ...answerContext, ...withSlack }) };
  }

  const memberIds = why === undefined ? [...(await ctx.groupMembers.list(ctx.jobId, groupId))].sort() : [];
  const results = await mapLimit(memberIds, options.memberConcurrency ?? MEMBER_CONCURRENCY, (id) =>
    provisionMember(ctx, id, options),
  );
  const members = summarize(results);

  const msg: ProvisionGroupMessage = {
    kind: "provisionGroup",
    jobId: ctx.jobId,
    cycleId: state.cycleId ?? ctx.newId(),
    groupId,
    reason: "onDemand",
    changeId: ctx.newId(),
    ...(decision.releaseRemoval ? { removal: "released" as const } : {}),
  };
  const ran = await runOnDemand(
    { objectType: "Group", objectId: groupId, identity, jobId: ctx.jobId, links: ctx.groupLinks },
    () => new GroupProvisioner(ctx).provision(msg, { requestedBy: options.requestedBy }),
    options.leaseWait ?? ON_DEMAND_LEASE_WAIT,
  );
  if (ran.kind !== "ran") {
    const first = `Its ${members.total} member(s) were provisioned first (their activity records say how).`;
    return { ...ran, message: `${ran.message} ${memberIds.length > 0 ? first : ""}`.trim() };
  }
  const answer = answerFromRecord(ran.record, { ...context, waitedForLeaseMs: ran.waitedMs, slack: ran.slack });
  return { kind: "done", answer: { ...answer, ...(notes.length ? { notes } : {}), members } };
}

/** One member: read now, then the user's on-demand run (a removal it would need is left to the cycle). */
async function provisionMember(
  ctx: OnDemandPorts,
  objectId: string,
  options: OnDemandOptions,
): Promise<OnDemandMemberResult> {
  try {
    const user = await ctx.graph.getUser(objectId, directReadSelect(ctx.userSelect));
    if (!user) {
      return {
        objectId,
        outcome: "notFound",
        reason: "Not found in Entra ID now (deleted since the last cycle?): the next cycle handles it.",
        slackRequests: 0,
      };
    }
    const r = await provisionReadUser(ctx, user, { ...options, query: objectId, asked: false });
    switch (r.kind) {
      case "done": {
        const a = r.answer;
        return {
          objectId,
          ...(a.identity ? { identity: a.identity } : {}),
          outcome: "done",
          action: a.action,
          status: a.status,
          reason: a.reason,
          slackRequests: a.slack.length,
        };
      }
      case "busy":
        return { objectId, ...identityOf(r), outcome: "busy", reason: r.message, slackRequests: 0 };
      case "unavailable":
        return { objectId, ...identityOf(r), outcome: "unavailable", reason: r.message, slackRequests: r.slack.length };
      case "notFound":
        return { objectId, outcome: "notFound", reason: r.message, slackRequests: 0 };
    }
  } catch (e) {
    // Graph throttling or an outage while reading one member: that member is not done; the others go on.
    if (!isRetryable(e) || classifyFailure(e).kind === "credentials") throw e;
    return { objectId, outcome: "unavailable", reason: classifyFailure(e).message, slackRequests: 0 };
  }
}

function identityOf(r: { identity?: string }): { identity?: string } {
  return r.identity ? { identity: r.identity } : {};
}

/** Pure: the members' counts by action and status, and those not done by why. */
export function summarize(results: readonly OnDemandMemberResult[]): OnDemandMembers {
  const byAction: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const notDone = { notFound: 0, busy: 0, unavailable: 0 };
  for (const r of results) {
    if (r.outcome !== "done") {
      notDone[r.outcome] += 1;
      continue;
    }
    if (r.action) byAction[r.action] = (byAction[r.action] ?? 0) + 1;
    if (r.status) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  }
  return { total: results.length, byAction, byStatus, notDone, results: [...results] };
}
