import { describeError } from "../errors";
import type { GraphUser } from "../graph/GraphUser";
import type { UserMapping } from "../mapping/AttributeMapping";
import { buildCreateResource, buildPatchOperations, diffMapped } from "../mapping";
import { matchingAttributes } from "../mapping/matchingAttributes";
import type { MappedUser } from "../mapping/MappedUser";
import type { UserScopeDecision } from "../scope/UserScope";
import type { PatchOperation, ScimUser } from "../slack/ScimUser";
import type { IdentityLink } from "../state/IdentityLink";
import type { SlackUserProblem } from "../validation";
import type { DesiredUserState } from "./decideUserState";
import type { EngineContext } from "./EngineContext";
import { evaluateUser } from "./evaluateUser";
import { resolveManager } from "./resolveManager";
import { directReadSelect } from "./userSelectFor";
import type { UserPlan } from "./UserPlan";

/** What the engine would do for one user, computed without writing anything anywhere. */
export interface UserPreview {
  query: string;
  found: boolean;
  objectId?: string;
  /** The user as read from Graph now, with the mapping's $select. */
  source?: GraphUser;
  scope?: UserScopeDecision & { assignedAsOfLastCycle: boolean };
  desired?: DesiredUserState;
  mapped?: MappedUser;
  /** Pre-flight validation against Slack's rules (errors stop the user before any API call). */
  validation: SlackUserProblem[];
  link?: Pick<IdentityLink, "slackId" | "matchedBy" | "slackActive" | "exported" | "failure">;
  plan?: UserPlan;
  /** For a new user: the lookups that come first, and the POST /Users body. */
  match?: { target: string; value: string }[];
  createBody?: ScimUser;
  /** For a linked user: the PATCH operations. */
  patch?: PatchOperation[];
  error?: { code: string; message: string };
}

export type PreviewUserPorts = Pick<
  EngineContext,
  "jobId" | "mapping" | "graph" | "userSelect" | "userScope" | "links" | "sources"
>;

/**
 * Evaluates the mapping (the one in force, or a candidate) for one Entra user, by object id or UPN: the SCIM payload,
 * the scope decision and the validation result. Reads Graph and Table Storage; writes nothing and calls no Slack API.
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
  try {
    const evaluation = evaluateUser({
      record: { objectId: user.id, snapshot, seq: "", managed: false },
      scopeEntry,
      link,
      mapping,
      managerSlackId: typeof managerSlackId === "string" ? managerSlackId : null,
    });
    const { mapped, plan } = evaluation;
    preview.scope = { ...evaluation.scope, assignedAsOfLastCycle: scopeEntry !== undefined };
    preview.desired = evaluation.desired;
    preview.validation = evaluation.problems;
    preview.plan = plan;
    if (mapped) {
      preview.mapped = mapped;
      if (plan.kind === "matchOrCreate") {
        preview.match = matchingAttributes(mapped, mapping);
        preview.createBody = buildCreateResource(mapped);
      } else if (plan.kind === "update") {
        preview.patch = buildPatchOperations(plan.changes, mapped);
        if (plan.reactivate) preview.patch.push({ op: "replace", path: "active", value: true });
      } else if (plan.kind === "inSync" && link?.exported) {
        // Show that nothing would be sent, for the record.
        preview.patch = buildPatchOperations(diffMapped(mapped, link.exported, "update"), mapped);
      }
    }
    if (plan.kind === "disable") preview.patch = [{ op: "replace", path: "active", value: false }];
  } catch (e) {
    preview.error = describeError(e);
  }
  return preview;
}
