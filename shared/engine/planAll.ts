import type { UserMapping } from "../mapping/AttributeMapping";
import type { IdentityLink } from "../state/IdentityLink";
import type { EngineContext } from "./EngineContext";
import { evaluateUser } from "./evaluateUser";

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

export type PlanAllPorts = Pick<EngineContext, "jobId" | "mapping" | "links" | "userScope" | "sources">;

/**
 * A dry run of the whole job: for every user in scope or already linked, what the next cycle would do with the mapping
 * in force or with a candidate mapping — creates, updates (attribute by attribute), reactivations, deactivations and
 * the users the pre-flight validation would refuse. It reads only Table Storage (the mirror of Entra, the scope and the
 * links as of the last cycle): no call to Graph or Slack, nothing written.
 */
export async function planAll(ctx: PlanAllPorts, candidate?: UserMapping): Promise<DryRunPlan> {
  const mapping = candidate ?? ctx.mapping;
  const [scope, links] = await Promise.all([ctx.userScope.list(ctx.jobId), collect(ctx.links.list(ctx.jobId))]);
  const linkOf = new Map(links.map((l) => [l.objectId, l]));
  const slackIdOf = new Map(
    links.filter((l) => l.slackId && l.slackActive).map((l) => [l.objectId, l.slackId as string]),
  );
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
  let evaluated = 0;
  for await (const record of ctx.sources.list(ctx.jobId)) {
    const link = linkOf.get(record.objectId);
    const entry = scope.get(record.objectId);
    if (!entry && !link?.slackId) continue;
    evaluated++;
    const snapshot = record.snapshot;
    const managerId = typeof snapshot?.managerId === "string" ? snapshot.managerId : undefined;
    const {
      plan,
      problems: all,
      mapped,
    } = evaluateUser({
      record,
      scopeEntry: entry,
      link,
      mapping,
      managerSlackId: (managerId && slackIdOf.get(managerId)) || null,
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
          changes.push({ ...base, action: "create" });
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
  return { mapping: candidate ? "candidate" : "current", evaluated, counts, changes, warnings, warningCount };
}

function identify(objectId: string, identity: string | null | undefined, link: IdentityLink | undefined) {
  return {
    objectId,
    ...(identity ? { identity } : {}),
    ...(link?.slackId ? { slackId: link.slackId } : {}),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
