import type { GraphUser } from "../graph/GraphUser";
import type { MappingSource } from "./AttributeMapping";
import { normaliseValue } from "./normaliseValue";

/** A property of the user itself (never one inherited from Object.prototype). */
function ownProperty(user: GraphUser, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(user, name) ? user[name] : undefined;
}

/**
 * The value a direct, constant or item source yields for this user (see normaliseValue), or null when the source is
 * empty. Expression sources are evaluated by evaluateSource (which distinguishes empty from failed); here they are null.
 */
export function resolveSource(user: GraphUser, source: MappingSource): string | null {
  switch (source.kind) {
    case "constant":
      return normaliseValue(source.value);
    case "attribute": {
      const value = ownProperty(user, source.name);
      // A multi-valued property mapped directly flows its first item, as Entra does.
      return Array.isArray(value) ? normaliseValue(value[0]) : normaliseValue(value);
    }
    case "itemOf": {
      const value = ownProperty(user, source.name);
      if (!Array.isArray(value) || !Number.isInteger(source.index) || source.index < 1) return null;
      return normaliseValue(value[source.index - 1]);
    }
    case "expression":
      // Expressions need the tagged outcome (value / empty / error): use evaluateSource. Here a failure is null.
      return null;
    default:
      // Unreachable for well-typed mappings; a configuration file could still carry an unknown kind.
      return null;
  }
}
