import type { UserMapping } from "../mapping/AttributeMapping";
import type { IdentityLink } from "../state/IdentityLink";
import type { SourceUserRecord } from "../state/SourceUserRepository";
import type { UserScopeEntry } from "../state/UserScopeRepository";
import { evaluateUser } from "./evaluateUser";
import type { UserPolicies } from "../policies/UserPolicies";

/** One user's planned change in a dry run. */
export interface PlannedChange {
  objectId: string;
  identity?: string;
  slackId?: string;
  /** create (after matching by userName/email), update, reactivate, disable, or reject (pre-flight would refuse it). */
  action: "create" | "update" | "reactivate" | "disable" | "reject";
  /** What would change (update/reactivate), or why (disable, reject). */
  changes?: { target: string; oldValue: string | null; newValue: string | null }[];
  reason?: string;
}

export interface DryRunPlan {
  /** The mapping the plan was computed with: the one in force, or a candidate. */
  mapping: "current" | "candidate";
  /** Users evaluated: every user in scope or already linked, from the mirror as of the last cycle. */
  evaluated: number;
  counts: Record<PlannedChange["action"] | "unchanged" | "held", number>;
  changes: PlannedChange[];
  /**
   * Expression failures (the target would be left untouched for that user): the first MAX_WARNINGS, and how many
   * there are in all. A regular expression that blew its time budget shows here.
   */
  warnings: { objectId: string; identity?: string; target: string; message: string }[];
  warningCount: number;
}

/** The most expression failures a plan lists (a broken candidate mapping can fail for every user). */
export const MAX_WARNINGS = 200;

/** What a dry run evaluates for one user, as read from the state of the last cycle (plain data). */
export interface PlanUserInput {
  record: SourceUserRecord;
  scopeEntry: UserScopeEntry | undefined;
  link: IdentityLink | undefined;
  /** The Slack id of the user's manager, when the manager is linked and active. */
  managerSlackId: string | null;
}

/**
 * Everything a dry run needs, as plain data (structured-cloneable: it crosses into a worker thread): the mapping, whether
 * it is a candidate, and the users in scope or already linked, in the mirror's order.
 */
export interface PlanInput {
  mapping: UserMapping;
  candidate: boolean;
  users: PlanUserInput[];
  /** The user policies in force (default: deactivate, deactivate, member). */
  policies?: UserPolicies;
  /** Now, as an ISO string (the input crosses to a worker thread): a guest expiration already past is a rejection. */
  now?: string;
}

/**
 * Pure: the dry run's decisions over already loaded users — creates, updates (attribute by attribute), reactivations,
 * deactivations, the users the pre-flight validation would refuse, and the expression failures. CPU-bound and driven
 * by the mapping (possibly a caller's candidate), so planAll runs it in a worker thread under a time budget.
 */
export function planUsers(input: PlanInput): DryRunPlan {
  const counts: DryRunPlan["counts"] = {
    create: 0,
    update: 0,
    reactivate: 0,
    disable: 0,
    reject: 0,
    unchanged: 0,
    held: 0,
  };
  const changes: PlannedChange[] = [];
  const warnings: DryRunPlan["warnings"] = [];
  let warningCount = 0;
  for (const { record, scopeEntry, link, managerSlackId } of input.users) {
    const snapshot = record.snapshot;
    const {
      plan,
      problems: all,
      mapped,
    } = evaluateUser({
      record,
      scopeEntry,
      link,
      mapping: input.mapping,
      managerSlackId,
      ...(input.policies ? { policies: input.policies } : {}),
      ...(input.now ? { now: new Date(input.now) } : {}),
    });
    const problems = all.filter((p) => p.severity === "error");
    const base = identify(record.objectId, snapshot?.userPrincipalName ?? link?.userPrincipalName, link);
    for (const [target, message] of Object.entries(mapped?.errors ?? {})) {
      warningCount++;
      if (warnings.length < MAX_WARNINGS) {
        warnings.push({
          objectId: base.objectId,
          ...(base.identity ? { identity: base.identity } : {}),
          target,
          message,
        });
      }
    }
    switch (plan.kind) {
      case "skip":
      case "inSync":
      case "leave":
        counts.unchanged++;
        break;
      case "hold":
        counts.held++;
        break;
      case "disable":
        counts.disable++;
        changes.push({ ...base, action: "disable", reason: plan.evidence });
        break;
      case "matchOrCreate":
        if (problems.length > 0) {
          counts.reject++;
          changes.push({
            ...base,
            action: "reject",
            reason: problems.map((p) => `${p.attribute}: ${p.rule}`).join("; "),
          });
        } else {
          counts.create++;
          // SelectUniqueValue is decided by asking Slack at create time; the dry run says so and asks nothing.
          const unique = Object.entries(mapped?.unique ?? {}).map(
            ([target, candidates]) =>
              `${target}: the first of ${candidates.map((c) => JSON.stringify(c)).join(", ")} that Slack does not have (SelectUniqueValue, asked on create)`,
          );
          changes.push({ ...base, action: "create", ...(unique.length > 0 ? { reason: unique.join("; ") } : {}) });
        }
        break;
      case "update": {
        const action = plan.reactivate ? "reactivate" : "update";
        counts[action]++;
        changes.push({ ...base, action, changes: plan.changes });
        break;
      }
    }
  }
  return {
    mapping: input.candidate ? "candidate" : "current",
    evaluated: input.users.length,
    counts,
    changes,
    warnings,
    warningCount,
  };
}

function identify(objectId: string, identity: string | null | undefined, link: IdentityLink | undefined) {
  return {
    objectId,
    ...(identity ? { identity } : {}),
    ...(link?.slackId ? { slackId: link.slackId } : {}),
  };
}
