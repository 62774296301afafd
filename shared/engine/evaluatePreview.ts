import { describeError } from "../errors";
import type { GraphUser } from "../graph/GraphUser";
import type { UserMapping } from "../mapping/AttributeMapping";
import { buildCreateResource, buildPatchOperations, diffMapped } from "../mapping";
import { matchingAttributes } from "../mapping/matchingAttributes";
import type { MappedUser } from "../mapping/MappedUser";
import type { UserScopeDecision } from "../scope/UserScope";
import type { PatchOperation, ScimUser } from "../slack/ScimUser";
import type { IdentityLink } from "../state/IdentityLink";
import type { UserScopeEntry } from "../state/UserScopeRepository";
import type { SlackUserProblem } from "../validation";
import type { DesiredUserState } from "./decideUserState";
import { evaluateUser } from "./evaluateUser";
import type { UserPlan } from "./UserPlan";
import type { UserPolicies } from "../policies/UserPolicies";

/** What a preview evaluates for one user, already read from Graph and the state (plain data, structured-cloneable). */
export interface PreviewInput {
  objectId: string;
  /** The user as read from Graph, with the manager the mirror knows. */
  snapshot: GraphUser;
  scopeEntry: UserScopeEntry | undefined;
  link: IdentityLink | undefined;
  mapping: UserMapping;
  managerSlackId: string | null;
  /** The user policies in force (default: deactivate, deactivate, member). */
  policies?: UserPolicies;
}

/** The evaluated part of a user preview (the fields are those of UserPreview, in its order). */
export interface PreviewEvaluation {
  scope?: UserScopeDecision & { assignedAsOfLastCycle: boolean };
  desired?: DesiredUserState;
  /** Pre-flight validation against Slack's rules (errors stop the user before any API call). */
  validation: SlackUserProblem[];
  plan?: UserPlan;
  mapped?: MappedUser;
  /** For a new user: the lookups that come first, and the POST /Users body. */
  match?: { target: string; value: string }[];
  createBody?: ScimUser;
  /** For a linked user: the PATCH operations. */
  patch?: PatchOperation[];
  error?: { code: string; message: string };
}

/**
 * Pure: the scope decision, the mapped values, the validation and the SCIM create body or PATCH operations for one
 * user. A failure (a scoping filter's regular expression over its budget, say) is reported in `error`, not thrown.
 * Driven by the mapping (possibly a caller's candidate), so previewUser runs it in a worker thread under a time budget.
 */
export function evaluatePreview(input: PreviewInput): PreviewEvaluation {
  const { link, mapping, scopeEntry } = input;
  const out: PreviewEvaluation = { validation: [] };
  try {
    const evaluation = evaluateUser({
      record: { objectId: input.objectId, snapshot: input.snapshot, seq: "", managed: false },
      scopeEntry,
      link,
      mapping,
      managerSlackId: input.managerSlackId,
      ...(input.policies ? { policies: input.policies } : {}),
    });
    const { mapped, plan } = evaluation;
    out.scope = { ...evaluation.scope, assignedAsOfLastCycle: scopeEntry !== undefined };
    out.desired = evaluation.desired;
    out.validation = evaluation.problems;
    out.plan = plan;
    if (mapped) {
      out.mapped = mapped;
      if (plan.kind === "matchOrCreate") {
        out.match = matchingAttributes(mapped, mapping);
        out.createBody = buildCreateResource(mapped);
      } else if (plan.kind === "update") {
        out.patch = buildPatchOperations(plan.changes, mapped);
        if (plan.reactivate) out.patch.push({ op: "replace", path: "active", value: true });
      } else if (plan.kind === "inSync" && link?.exported) {
        // Show that nothing would be sent, for the record.
        out.patch = buildPatchOperations(diffMapped(mapped, link.exported, "update"), mapped);
      }
    }
    if (plan.kind === "disable") out.patch = [{ op: "replace", path: "active", value: false }];
  } catch (e) {
    out.error = describeError(e);
  }
  return out;
}
