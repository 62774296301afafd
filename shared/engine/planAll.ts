import { evaluateInWorker } from "../dryRun/evaluateInWorker";
import type { UserMapping } from "../mapping/AttributeMapping";
import type { EngineContext } from "./EngineContext";
import type { DryRunPlan, PlanInput, PlanUserInput } from "./planUsers";

export type { DryRunPlan, PlannedChange } from "./planUsers";
export { MAX_WARNINGS } from "./planUsers";

export type PlanAllPorts = Pick<
  EngineContext,
  "jobId" | "mapping" | "links" | "userScope" | "sources" | "dryRunBudgetMs" | "policies" | "clock"
>;

/**
 * A dry run of the whole job: for every user in scope or already linked, what the next cycle would do with the mapping
 * in force or with a candidate mapping — creates, updates (attribute by attribute), reactivations, deactivations and
 * the users the pre-flight validation would refuse. It reads only Table Storage (the mirror of Entra, the scope and the
 * links as of the last cycle): no call to Graph or Slack, nothing written.
 *
 * The reads happen here; the evaluation (planUsers) runs in a worker thread stopped after `ctx.dryRunBudgetMs`
 * (DRY_RUN_BUDGET_MS), so however costly the mapping's expressions are over however many users, the host's event loop
 * stays free and nothing runs on after the answer. Throws DryRunBudgetExceeded when the budget is spent.
 */
export async function planAll(ctx: PlanAllPorts, candidate?: UserMapping): Promise<DryRunPlan> {
  const input = await loadPlanInput(ctx, candidate);
  return evaluateInWorker("plan", input, {
    budgetMs: ctx.dryRunBudgetMs,
    candidate: candidate !== undefined,
    what: `the dry run over ${input.users.length} user(s)`,
  });
}

/** The I/O of a dry run: the users in scope or already linked, with their scope entry, link and manager's Slack id. */
async function loadPlanInput(ctx: PlanAllPorts, candidate: UserMapping | undefined): Promise<PlanInput> {
  const [scope, links] = await Promise.all([ctx.userScope.list(ctx.jobId), collect(ctx.links.list(ctx.jobId))]);
  const linkOf = new Map(links.map((l) => [l.objectId, l]));
  const slackIdOf = new Map(
    links.filter((l) => l.slackId && l.slackActive).map((l) => [l.objectId, l.slackId as string]),
  );
  const users: PlanUserInput[] = [];
  for await (const record of ctx.sources.list(ctx.jobId)) {
    const link = linkOf.get(record.objectId);
    const scopeEntry = scope.get(record.objectId);
    if (!scopeEntry && !link?.slackId) continue;
    const managerId = typeof record.snapshot?.managerId === "string" ? record.snapshot.managerId : undefined;
    users.push({ record, scopeEntry, link, managerSlackId: (managerId && slackIdOf.get(managerId)) || null });
  }
  return {
    mapping: candidate ?? ctx.mapping,
    candidate: candidate !== undefined,
    users,
    policies: ctx.policies,
    now: ctx.clock().toISOString(),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
