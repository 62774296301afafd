import type { UserMapping } from "./AttributeMapping";
import type { MappedUser } from "./MappedUser";
import { recordValue } from "./recordValue";

/** One attribute to look an existing Slack user up by. */
export interface MatchingAttribute {
  target: string;
  value: string;
}

/**
 * The attributes to match an existing Slack user on, in matching precedence (1 first; ties keep mapping order),
 * leaving out those with no value. With the default mapping: userName, then the work email.
 */
export function matchingAttributes(mapped: MappedUser, mapping: UserMapping): MatchingAttribute[] {
  const result: { precedence: number; target: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const attribute of mapping.attributes) {
    if (attribute.matching === undefined || seen.has(attribute.target)) continue;
    seen.add(attribute.target);
    const value = recordValue(mapped.values, attribute.target) ?? null;
    if (value !== null) result.push({ precedence: attribute.matching, target: attribute.target, value });
  }
  return result.sort((a, b) => a.precedence - b.precedence).map(({ target, value }) => ({ target, value }));
}
