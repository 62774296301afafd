import { evaluateInWorker } from "../dryRun/evaluateInWorker";
import type { GraphUser } from "../graph/GraphUser";
import type { UserMapping } from "../mapping/AttributeMapping";
import type { IdentityLink } from "../state/IdentityLink";
import type { EngineContext } from "./EngineContext";
import type { PreviewEvaluation } from "./evaluatePreview";
import { resolveManager } from "./resolveManager";
import { directReadSelect } from "./userSelectFor";

/** What the engine would do for one user, computed without writing anything anywhere. */
export interface UserPreview extends PreviewEvaluation {
  query: string;
  found: boolean;
  objectId?: string;
  /** The user as read from Graph now, with the mapping's $select. */
  source?: GraphUser;
  link?: Pick<IdentityLink, "slackId" | "matchedBy" | "slackActive" | "exported" | "failure">;
}

export type PreviewUserPorts = Pick<
  EngineContext,
  "jobId" | "mapping" | "graph" | "userSelect" | "userScope" | "links" | "sources" | "dryRunBudgetMs" | "policies"
>;

/**
 * Evaluates the mapping (the one in force, or a candidate) for one Entra user, by object id or UPN: the SCIM payload,
 * the scope decision and the validation result. Reads Graph and Table Storage; writes nothing and calls no Slack API.
 * The reads happen here; the evaluation (evaluatePreview) runs in a worker thread stopped after `ctx.dryRunBudgetMs`
 * (DRY_RUN_BUDGET_MS). Throws DryRunBudgetExceeded when the budget is spent.
 */
export async function previewUser(ctx: PreviewUserPorts, query: string, candidate?: UserMapping): Promise<UserPreview> {
  const mapping = candidate ?? ctx.mapping;
  const user = await ctx.graph.getUser(query, directReadSelect(ctx.userSelect));
  if (!user) return { query, found: false, validation: [] };
  const [scopeEntry, stored, mirrored] = await Promise.all([
    ctx.userScope.get(ctx.jobId, user.id),
    ctx.links.get(ctx.jobId, user.id),
    ctx.sources.get(ctx.jobId, user.id),
  ]);
  const link = stored?.link;
  // The mirror knows the manager (from delta); a direct read does not carry it.
  const snapshot =
    mirrored?.snapshot?.managerId !== undefined ? { ...user, managerId: mirrored.snapshot.managerId } : user;
  const managerSlackId = (await resolveManager(ctx, snapshot)).manager;
  const preview: UserPreview = {
    query,
    found: true,
    objectId: user.id,
    source: user,
    validation: [],
    ...(link
      ? {
          link: {
            ...(link.slackId ? { slackId: link.slackId } : {}),
            ...(link.matchedBy ? { matchedBy: link.matchedBy } : {}),
            ...(link.slackActive !== undefined ? { slackActive: link.slackActive } : {}),
            ...(link.exported ? { exported: link.exported } : {}),
            ...(link.failure ? { failure: link.failure } : {}),
          },
        }
      : {}),
  };
  const evaluation = await evaluateInWorker(
    "preview",
    {
      objectId: user.id,
      snapshot,
      scopeEntry,
      link,
      mapping,
      managerSlackId: typeof managerSlackId === "string" ? managerSlackId : null,
      policies: ctx.policies,
    },
    { budgetMs: ctx.dryRunBudgetMs, candidate: candidate !== undefined, what: `the preview of user ${user.id}` },
  );
  // Assigned over the placeholder fields, so the answer keeps its order: query, found, …, validation, link, scope, …
  Object.assign(preview, evaluation);
  return preview;
}
