import type { MappingSource, UserMapping } from "./AttributeMapping";
import { ExpressionSyntaxError } from "./expressions/ExpressionSyntaxError";
import { compileExpression } from "./expressions/compileExpression";
import { referencedAttributes } from "./expressions/referencedAttributes";
import { graphPropertyFor } from "./sourceAttributeNames";

function sourceNames(source: MappingSource): string[] {
  switch (source.kind) {
    case "attribute":
    case "itemOf":
      return [source.name];
    case "expression":
      try {
        return referencedAttributes(compileExpression(source.expression));
      } catch (e) {
        // An unparsable expression reads nothing; validateUserMapping reports it.
        if (e instanceof ExpressionSyntaxError) return [];
        throw e;
      }
    default:
      return [];
  }
}

/**
 * The Graph user properties a mapping reads — direct and item sources, every attribute referenced in expressions,
 * and scoping filter attributes — as names for `$select`, in first-seen order without duplicates (case-insensitive).
 * extensionAttribute1…15 become "onPremisesExtensionAttributes"; Entra aliases their Graph names (objectId → id,
 * mobile → mobilePhone, telephoneNumber → businessPhones); context pseudo-attributes ([IsSoftDeleted],
 * [appRoleAssignments]) are left out. The engine adds what it always needs (id, accountEnabled, …) itself.
 */
export function requiredSourceAttributes(mapping: UserMapping): string[] {
  const seen = new Map<string, string>();
  const add = (name: string): void => {
    const property = graphPropertyFor(name);
    if (property !== undefined && property.trim() !== "" && !seen.has(property.toLowerCase())) {
      seen.set(property.toLowerCase(), property);
    }
  };
  for (const a of mapping.attributes) sourceNames(a.source).forEach(add);
  for (const f of mapping.scopingFilters ?? []) for (const c of f.clauses) add(c.attribute);
  return [...seen.values()];
}
