import type { GroupMapping } from "./AttributeMapping";
import { MAPPING_FLOWS } from "./AttributeMapping";
import { ExpressionSyntaxError } from "./expressions/ExpressionSyntaxError";
import { parseExpression } from "./expressions/parseExpression";
import { referencedAttributes } from "./expressions/referencedAttributes";
import { scopingFilterProblems } from "../scope/filters/scopingFilterProblems";

/** Group targets this connector writes to Slack (Slack groups have a display name and members). */
export const GROUP_TARGETS: readonly string[] = ["displayName", "members"];

/** The group properties a group mapping's sources and scoping filters can read (the groups mirror keeps these). */
export const GROUP_SOURCE_ATTRIBUTES: readonly string[] = ["displayName", "id", "objectId"];

function readable(name: string): boolean {
  return GROUP_SOURCE_ATTRIBUTES.some((a) => a.toLowerCase() === name.toLowerCase());
}

/**
 * Every problem with a group mapping, as admin-readable sentences (empty when usable): supported targets, no
 * duplicates, known flows, members from "members", a displayName source that reads only displayName/id (attribute,
 * constant or an expression that parses; no SelectUniqueValue), and scoping filters on those attributes.
 */
export function groupMappingProblems(mapping: GroupMapping): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const attributes = `Group sources can read ${GROUP_SOURCE_ATTRIBUTES.map((a) => `[${a}]`).join(", ")}`;
  for (const [i, a] of mapping.attributes.entries()) {
    const where = `Group mapping ${i + 1} (${JSON.stringify(a.target)})`;
    if (!GROUP_TARGETS.includes(a.target)) {
      problems.push(`${where} targets an attribute Slack groups do not have. Supported: ${GROUP_TARGETS.join(", ")}.`);
    }
    if (seen.has(a.target)) problems.push(`${where} maps a target that an earlier mapping already maps.`);
    seen.add(a.target);
    if (!MAPPING_FLOWS.includes(a.flow))
      problems.push(`${where} has flow ${JSON.stringify(a.flow)}; use "always" or "createOnly".`);
    if (a.target === "members") {
      if (a.source.kind !== "attribute" || a.source.name !== "members") {
        problems.push(`${where} must come from the attribute "members".`);
      }
      continue;
    }
    const source = a.source;
    if (source.kind === "itemOf") problems.push(`${where}: groups have no multi-valued source to take an item of.`);
    if (source.kind === "attribute" && !readable(source.name)) {
      problems.push(`${where} reads ${JSON.stringify(source.name)}. ${attributes}.`);
    }
    if (source.kind === "expression") {
      try {
        const node = parseExpression(source.expression);
        const unknown = referencedAttributes(node).filter((n) => !readable(n));
        if (unknown.length > 0) {
          problems.push(`${where} reads ${unknown.map((n) => `[${n}]`).join(", ")}. ${attributes}.`);
        }
        if (source.expression.includes("SelectUniqueValue")) {
          problems.push(`${where} uses SelectUniqueValue, which applies to users only.`);
        }
      } catch (e) {
        if (!(e instanceof ExpressionSyntaxError)) throw e;
        problems.push(`${where} has an invalid expression. ${e.message}`);
      }
    }
  }
  for (const [i, filter] of (mapping.scopingFilters ?? []).entries()) {
    for (const clause of filter.clauses) {
      if (!readable(clause.attribute)) {
        problems.push(`Group scoping filter ${i + 1} reads ${JSON.stringify(clause.attribute)}. ${attributes}.`);
      }
    }
  }
  problems.push(...scopingFilterProblems(mapping.scopingFilters ?? []).map((p) => `Group ${p}`));
  return problems;
}
