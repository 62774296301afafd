/**
 * How source attribute names used in mappings, expressions and scoping filters relate to Microsoft Graph user
 * properties. Names are matched case-insensitively. Entra's own (Azure AD Graph era) names are accepted as aliases so
 * expressions copied from the Entra portal keep working.
 */

/** Entra's source attribute names that differ from the Graph property, by lower-cased Entra name. */
export const ENTRA_ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  objectid: "id",
  mobile: "mobilePhone",
  telephonenumber: "businessPhones",
  physicaldeliveryofficename: "officeLocation",
  facsimiletelephonenumber: "faxNumber",
  othermails: "otherMails",
};

/** Pseudo-attributes supplied by the evaluation context, not read from Graph. */
export const CONTEXT_ATTRIBUTES: readonly string[] = ["IsSoftDeleted", "appRoleAssignments"];

const EXTENSION_ATTRIBUTE = /^extensionattribute([1-9]|1[0-5])$/i;
const DIRECTORY_EXTENSION = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;

/** Where a source attribute name points. */
export type SourceAttributeRef =
  | { kind: "property"; property: string }
  | { kind: "onPremisesExtension"; property: "onPremisesExtensionAttributes"; key: string }
  | { kind: "context"; name: "IsSoftDeleted" | "appRoleAssignments" };

/**
 * Classifies a source attribute name: a context pseudo-attribute (IsSoftDeleted, appRoleAssignments), one of
 * onPremisesExtensionAttributes.extensionAttribute1…15, an Entra alias (objectId → id, mobile → mobilePhone, …),
 * a directory schema extension (extension_<appId without dashes>_<name>), or any other Graph property (as written).
 */
export function sourceAttributeRef(name: string): SourceAttributeRef {
  const lower = name.toLowerCase();
  if (lower === "issoftdeleted") return { kind: "context", name: "IsSoftDeleted" };
  if (lower === "approleassignments") return { kind: "context", name: "appRoleAssignments" };
  const ext = EXTENSION_ATTRIBUTE.exec(name);
  if (ext !== null) {
    return {
      kind: "onPremisesExtension",
      property: "onPremisesExtensionAttributes",
      key: `extensionAttribute${ext[1]}`,
    };
  }
  const stripped = lower.startsWith("onpremisesextensionattributes.") ? name.slice(name.indexOf(".") + 1) : undefined;
  if (stripped !== undefined && EXTENSION_ATTRIBUTE.test(stripped)) return sourceAttributeRef(stripped);
  const alias = Object.prototype.hasOwnProperty.call(ENTRA_ATTRIBUTE_ALIASES, lower)
    ? ENTRA_ATTRIBUTE_ALIASES[lower]
    : undefined;
  if (alias !== undefined) return { kind: "property", property: alias };
  return { kind: "property", property: name };
}

/** Whether a name is a directory schema extension property (extension_<32 hex>_<name>). */
export function isDirectoryExtension(name: string): boolean {
  return DIRECTORY_EXTENSION.test(name);
}

/**
 * The Graph property to $select for a source attribute name, or undefined for context pseudo-attributes.
 * The casing is the one written in the mapping (Graph matches $select names case-insensitively).
 */
export function graphPropertyFor(name: string): string | undefined {
  const ref = sourceAttributeRef(name);
  return ref.kind === "context" ? undefined : ref.property;
}
