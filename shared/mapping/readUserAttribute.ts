import type { GraphUser } from "../graph/GraphUser";
import { sourceAttributeRef } from "./sourceAttributeNames";

/** What the evaluation context supplies beyond the Graph user (pure data; the engine fills it in). */
export interface SourceContext {
  /** Entra's [IsSoftDeleted]: true when the user is soft-deleted, disabled or out of scope. Default false. */
  isSoftDeleted?: boolean;
  /** The user's app role assignments to the Slack app, for [appRoleAssignments] / SingleAppRoleAssignment. */
  appRoleAssignments?: readonly { value?: string | null; displayName?: string | null }[];
}

function ownKeyIgnoringCase(object: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

/**
 * The raw value of a source attribute for this user, by name, case-insensitively: Graph properties (own properties
 * only, never inherited ones), Entra aliases, extensionAttribute1…15 (from onPremisesExtensionAttributes),
 * directory extensions, and the context pseudo-attributes ([IsSoftDeleted] → boolean, [appRoleAssignments] → the
 * role values). Undefined when absent.
 */
export function readUserAttribute(user: GraphUser, name: string, context: SourceContext = {}): unknown {
  const ref = sourceAttributeRef(name);
  switch (ref.kind) {
    case "context":
      if (ref.name === "IsSoftDeleted") return context.isSoftDeleted ?? false;
      return (context.appRoleAssignments ?? [])
        .map((a) => a.value ?? a.displayName ?? null)
        .filter((v): v is string => typeof v === "string" && v !== "");
    case "onPremisesExtension": {
      const bag = ownKeyIgnoringCase(user, ref.property);
      if (bag === null || typeof bag !== "object" || Array.isArray(bag)) return undefined;
      return ownKeyIgnoringCase(bag as Record<string, unknown>, ref.key);
    }
    case "property":
      return ownKeyIgnoringCase(user, ref.property);
  }
}
