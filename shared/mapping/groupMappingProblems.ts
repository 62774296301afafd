import type { GroupMapping } from "./AttributeMapping";
import { MAPPING_FLOWS } from "./AttributeMapping";

/** Group targets this connector writes to Slack (Slack groups have a display name and members). */
export const GROUP_TARGETS: readonly string[] = ["displayName", "members"];

/** Every problem with a group mapping, as admin-readable sentences (empty when usable). */
export function groupMappingProblems(mapping: GroupMapping): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, a] of mapping.attributes.entries()) {
    const where = `Group mapping ${i + 1} (${JSON.stringify(a.target)})`;
    if (!GROUP_TARGETS.includes(a.target)) {
      problems.push(`${where} targets an attribute Slack groups do not have. Supported: ${GROUP_TARGETS.join(", ")}.`);
    }
    if (seen.has(a.target)) problems.push(`${where} maps a target that an earlier mapping already maps.`);
    seen.add(a.target);
    if (!MAPPING_FLOWS.includes(a.flow))
      problems.push(`${where} has flow ${JSON.stringify(a.flow)}; use "always" or "createOnly".`);
    if (a.target === "members" && (a.source.kind !== "attribute" || a.source.name !== "members")) {
      problems.push(`${where} must come from the attribute "members".`);
    }
  }
  return problems;
}
