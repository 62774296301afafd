import type { GraphUser } from "../graph/GraphUser";
import type { MappingFlow, UserMapping } from "./AttributeMapping";
import type { EvaluationContext } from "./evaluateSource";
import { evaluateSource } from "./evaluateSource";
import type { MappedUser } from "./MappedUser";

/**
 * Applies a user mapping to an Entra user. Keys keep the mapping's order; when a target is mapped twice (which
 * validateUserMapping rejects) the first mapping wins.
 *
 * Null rule: a target is null only when its source is empty. When an expression fails (see evaluateSource), the
 * target is left out of `values` and its reason is put in `errors`, so a failure never clears a value in Slack.
 * A null target with a `defaultValue` gets an entry in `defaults` (used on create only, by buildCreateResource).
 * A target whose expression is IgnoreFlowIfNullOrEmpty of an empty value is left out of `values` (dropped from the
 * flow). A SelectUniqueValue target holds its first candidate in `values` and all of them in `unique`; the create path
 * (chooseUniqueValues) picks the first one Slack does not have. Targets whose expression used Redact are listed in
 * `redacted`. `context` supplies [IsSoftDeleted], [appRoleAssignments], the clock and the random sources.
 */
export function mapUser(user: GraphUser, mapping: UserMapping, context: EvaluationContext = {}): MappedUser {
  const values = new Map<string, string | null>();
  const flows = new Map<string, MappingFlow>();
  const errors = new Map<string, string>();
  const defaults = new Map<string, string>();
  const unique = new Map<string, readonly string[]>();
  const redacted: string[] = [];
  for (const attribute of mapping.attributes) {
    if (flows.has(attribute.target)) continue;
    flows.set(attribute.target, attribute.flow);
    const outcome = evaluateSource(user, attribute.source, context);
    if (outcome.kind === "error") {
      errors.set(attribute.target, outcome.message);
      continue;
    }
    if (outcome.kind === "ignore") continue;
    if ((outcome.kind === "value" || outcome.kind === "unique") && outcome.redacted) redacted.push(attribute.target);
    if (outcome.kind === "unique") unique.set(attribute.target, outcome.candidates);
    const value =
      outcome.kind === "value" ? outcome.value : outcome.kind === "unique" ? (outcome.candidates[0] ?? null) : null;
    values.set(attribute.target, value);
    if (value === null && attribute.defaultValue !== undefined && attribute.defaultValue.trim() !== "") {
      defaults.set(attribute.target, attribute.defaultValue.trim());
    }
  }
  // Object.fromEntries defines own properties, so even an odd target such as "__proto__" stays plain data.
  const mapped: MappedUser = { values: Object.fromEntries(values), flows: Object.fromEntries(flows) };
  if (errors.size > 0) mapped.errors = Object.fromEntries(errors);
  if (defaults.size > 0) mapped.defaults = Object.fromEntries(defaults);
  if (unique.size > 0) mapped.unique = Object.fromEntries(unique);
  if (redacted.length > 0) mapped.redacted = redacted;
  return mapped;
}
