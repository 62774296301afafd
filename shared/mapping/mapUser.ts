import type { GraphUser } from "../graph/GraphUser";
import type { MappingFlow, UserMapping } from "./AttributeMapping";
import type { MappedUser } from "./MappedUser";
import { resolveSource } from "./resolveSource";

/**
 * Applies a user mapping to an Entra user. Keys keep the mapping's order; when a target is mapped twice (which
 * validateUserMapping rejects) the first mapping wins.
 */
export function mapUser(user: GraphUser, mapping: UserMapping): MappedUser {
  const values = new Map<string, string | null>();
  const flows = new Map<string, MappingFlow>();
  for (const attribute of mapping.attributes) {
    if (values.has(attribute.target)) continue;
    values.set(attribute.target, resolveSource(user, attribute.source));
    flows.set(attribute.target, attribute.flow);
  }
  // Object.fromEntries defines own properties, so even an odd target such as "__proto__" stays plain data.
  return { values: Object.fromEntries(values), flows: Object.fromEntries(flows) };
}
