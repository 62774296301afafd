import type { GraphUser } from "../../graph/GraphUser";
import type { ProvisionUserMessage } from "../../queue/messages";
import type { UserScopeDecision } from "../../scope/UserScope";
import { decideUserScope } from "../../scope/UserScope";
import { applyScopingFilters } from "../applyScopingFilters";
import type { DesiredUserState } from "../decideUserState";
import { decideUserState } from "../decideUserState";
import { keepManager } from "../keepManager";
import type { UserProvisionerPorts } from "../UserProvisioner";
import { UserProvisioner } from "../UserProvisioner";
import { directReadSelect } from "../userSelectFor";
import { answerFromRecord } from "./answerFromRecord";
import type { OnDemandDecision } from "./decideOnDemand";
import { decideOnDemand } from "./decideOnDemand";
import { mirrorFreshRead } from "./mirrorFreshRead";
import { notRunAnswer } from "./notRunAnswer";
import type { OnDemandResult } from "./OnDemandResult";
import { runOnDemand } from "./runOnDemand";
import { scopeAsOf } from "./scopeAsOf";
import type { LeaseWait } from "./waitForLease";
import { ON_DEMAND_LEASE_WAIT } from "./waitForLease";

export interface OnDemandOptions {
  /** Who asked (the signed-in operator, automation, the command line), for the activity record. */
  requestedBy: string;
  /** How long to wait for a lease another run holds (default ON_DEMAND_LEASE_WAIT: 10 s). */
  leaseWait?: LeaseWait;
}

/** One user's on-demand run: the caller's query, and whether the user was asked for by name (not as a member). */
export interface UserOnDemandRun extends OnDemandOptions {
  query: string;
  asked: boolean;
}

/**
 * Provision on demand (Entra's "Provision on demand"): runs one Entra user, by object id or UPN, through import,
 * scope, match and action now, outside the cycle, with the engine's own provisioner: the same per-user lease (it waits
 * a little for a cycle's run of the user, see waitForLease), the same decisions and the same activity record (marked
 * `trigger: "onDemand"`). Import is a fresh read from Graph, filed in the mirror; the scope is the stored one (see
 * scopeAsOf). A user out of scope and never provisioned gets the reason and nothing is written; a linked user no
 * longer wanted is deactivated now, unless the deletion guard holds that deactivation (decideOnDemand).
 */
export async function provisionUserOnDemand(
  ctx: UserProvisionerPorts,
  query: string,
  options: OnDemandOptions,
): Promise<OnDemandResult> {
  const user = query.trim() === "" ? undefined : await ctx.graph.getUser(query, directReadSelect(ctx.userSelect));
  if (!user) {
    return {
      kind: "notFound",
      objectType: "User",
      query,
      message:
        `No user "${query}" in Entra ID (looked up by object id or userPrincipalName). A deleted user cannot be ` +
        "provisioned on demand: if it was provisioned, the next cycle deactivates it in Slack (through the deletion guard).",
    };
  }
  return provisionReadUser(ctx, user, { ...options, query, asked: true });
}

/** The on-demand run of a user just read from Graph (the operator's user, or one member of a group on demand). */
export async function provisionReadUser(
  ctx: UserProvisionerPorts,
  user: GraphUser,
  run: UserOnDemandRun,
): Promise<OnDemandResult> {
  const objectId = user.id;
  const identity = user.userPrincipalName ?? objectId;
  const [scopeEntry, stored, mirrored, state, removal] = await Promise.all([
    ctx.userScope.get(ctx.jobId, objectId),
    ctx.links.get(ctx.jobId, objectId),
    ctx.sources.get(ctx.jobId, objectId),
    ctx.jobs.get(ctx.jobId),
    ctx.removals.get(ctx.jobId, "User", objectId),
  ]);
  const snapshot = keepManager(user, mirrored?.snapshot);
  const asOf = scopeAsOf(state);
  const desired = desiredNow(snapshot, decideUserScope(scopeEntry), ctx);
  const decision: OnDemandDecision = desired
    ? decideOnDemand({
        wanted: desired.state.kind === "provision",
        ...(desired.state.kind === "deprovision" || desired.state.kind === "leave" ? { why: desired.why } : {}),
        linked: stored?.link.slackId !== undefined,
        ...(removal ? { removal } : {}),
        asked: run.asked,
      })
    : { kind: "run", releaseRemoval: false }; // the run records why the scope could not be decided
  const context = { query: run.query, requestedBy: run.requestedBy, scopeAsOf: asOf };
  if (decision.kind !== "run") {
    const slackId = stored?.link.slackId;
    return {
      kind: "done",
      answer: notRunAnswer(decision, {
        ...context,
        objectType: "User",
        objectId,
        identity,
        ...(slackId ? { slackId } : {}),
      }),
    };
  }

  await mirrorFreshRead(ctx, state, snapshot, mirrored);
  const msg: ProvisionUserMessage = {
    kind: "provisionUser",
    jobId: ctx.jobId,
    // The current cycle's: work the run queues (the user's groups, its reports) and a removal it stages join it.
    cycleId: state.cycleId ?? ctx.newId(),
    objectId,
    reason: "onDemand",
    changeId: ctx.newId(),
    ...(decision.releaseRemoval ? { removal: "released" as const } : {}),
  };
  const ran = await runOnDemand(
    { objectType: "User", objectId, identity, jobId: ctx.jobId, links: ctx.links },
    () => new UserProvisioner(ctx).provision(msg, { requestedBy: run.requestedBy }),
    run.leaseWait ?? ON_DEMAND_LEASE_WAIT,
  );
  if (ran.kind !== "ran") return ran;
  return {
    kind: "done",
    answer: answerFromRecord(ran.record, { ...context, waitedForLeaseMs: ran.waitedMs, slack: ran.slack }),
  };
}

/**
 * The state Slack should hold for the user as read now, and in the operator's words why not; undefined when a scoping
 * filter could not be evaluated (its expression overran its budget): the run then records that Failure.
 */
function desiredNow(
  snapshot: GraphUser,
  assigned: UserScopeDecision,
  ctx: Pick<UserProvisionerPorts, "mapping" | "policies">,
): { state: DesiredUserState; why: string } | undefined {
  let scope: UserScopeDecision;
  try {
    scope = applyScopingFilters(assigned, ctx.mapping, snapshot);
  } catch {
    return undefined;
  }
  const state = decideUserState({ objectId: snapshot.id, snapshot, seq: "", managed: false }, scope, ctx.policies);
  if (state.kind === "leave") return { state, why: `${state.evidence}, and ${state.setting} is leave` };
  if (state.kind !== "deprovision") return { state, why: "" };
  const unassigned = snapshot.accountEnabled !== false && !assigned.inScope;
  return {
    state,
    why: unassigned
      ? "the user is not assigned to the Slack application, directly or through an assigned group"
      : state.evidence,
  };
}
