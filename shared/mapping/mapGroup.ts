import type { GraphUser } from "../graph/GraphUser";
import { evaluateScopingFilters } from "../scope/filters/evaluateScopingFilters";
import type { GroupMapping } from "./AttributeMapping";
import { evaluateSource } from "./evaluateSource";

/** What a group mapping gives for one Entra group. */
export type MappedGroup =
  /** The group becomes (or stays) a Slack group with this display name. */
  | { kind: "group"; displayName: string }
  /** The group's scoping filters leave it out: it must not be (or stay) a Slack group. */
  | { kind: "outOfScope"; reason: string }
  /** The displayName mapping failed or gave nothing: the Slack group must be left as it is. */
  | { kind: "error"; message: string };

/**
 * Applies the groups section of the mapping to an Entra group (its displayName and objectId, as the groups mirror
 * keeps them): the scoping filters first, then the displayName target (attribute, constant or expression; when the
 * mapping has no displayName target, the Entra name). Pure.
 */
export function mapGroup(group: { groupId: string; displayName?: string }, mapping: GroupMapping): MappedGroup {
  const source: GraphUser = { id: group.groupId, objectId: group.groupId, displayName: group.displayName ?? null };
  const scope = evaluateScopingFilters(mapping.scopingFilters ?? [], source);
  if (!scope.inScope) {
    const c = scope.failing.clause;
    const value = c.value === undefined ? "" : ` ${JSON.stringify(c.value)}`;
    return {
      kind: "outOfScope",
      reason: `the group scoping filters leave it out (${c.attribute} ${c.operator}${value} is false)`,
    };
  }
  const target = mapping.attributes.find((a) => a.target === "displayName");
  if (target === undefined) {
    return group.displayName ? { kind: "group", displayName: group.displayName } : noName(group.groupId);
  }
  const outcome = evaluateSource(source, target.source);
  switch (outcome.kind) {
    case "value":
      return { kind: "group", displayName: outcome.value };
    case "error":
      return { kind: "error", message: `The group displayName mapping failed: ${outcome.message}` };
    default:
      return noName(group.groupId);
  }
}

function noName(groupId: string): MappedGroup {
  return {
    kind: "error",
    message: `The group displayName mapping gives no value for group ${groupId}; Slack groups need a name. Give the expression a fallback (Coalesce).`,
  };
}
