import type { ScopingFilter } from "../scope/filters/ScopingFilter";

/**
 * Attribute mappings as data. Every type here is plain JSON (no functions, no classes) so that a later configuration
 * file (JSON/YAML) can describe the same mappings, and so a mapping can be logged, hashed and compared.
 */

/** When a mapping flows: on create and every update ("always"), or only when the Slack user is created. */
export type MappingFlow = "always" | "createOnly";

/** Every flow, in the order the engine stores them. */
export const MAPPING_FLOWS: readonly MappingFlow[] = ["always", "createOnly"];

/** Where a target value comes from. */
export type MappingSource =
  /** A Graph user property, by its Graph name (for example `userPrincipalName`). */
  | { kind: "attribute"; name: string }
  /** A fixed value. */
  | { kind: "constant"; value: string }
  /** The `index`-th item (1-based, like Entra's `Item()`) of a multi-valued property such as `businessPhones`. */
  | { kind: "itemOf"; name: string; index: number }
  /** An Entra-style expression, for example `Join(" ", [givenName], [surname])` (see shared/mapping/expressions). */
  | { kind: "expression"; expression: string };

/** One target attribute of the Slack user and where its value comes from. */
export interface AttributeMapping {
  /** A SCIM v2 path, for example `userName` or `emails[type eq "work"].value` (see `SCIM_USER_TARGETS`). */
  target: string;
  source: MappingSource;
  flow: MappingFlow;
  /** Matching precedence when this attribute is used to find an existing Slack user: 1 is tried first. */
  matching?: number;
  /**
   * Entra's "default value if null": sent when the source is empty, on create only (updates never send it, and it
   * never overwrites a value in Slack).
   */
  defaultValue?: string;
  /**
   * The value is personal or confidential (e.g. a phone number or an employee number): it is replaced by
   * "[redacted]" in what the activity log keeps — the SCIM requests and answers of a change and its modified
   * properties. It is still sent to Slack. User mappings only; default false (no attribute is sensitive by default).
   */
  sensitive?: boolean;
}

/** The user object mapping: an ordered list of attribute mappings (order is kept in every output). */
export interface UserMapping {
  attributes: AttributeMapping[];
  /** Attribute-based scoping (filters ORed, clauses ANDed); absent or empty = no attribute-based scoping. */
  scopingFilters?: ScopingFilter[];
}

/**
 * The group object mapping (targets `displayName` and `members`). Sources and scoping filters read the group's
 * `displayName` and `id` (objectId).
 */
export interface GroupMapping {
  attributes: AttributeMapping[];
  /** Which assigned groups become Slack groups (filters ORed, clauses ANDed); absent or empty = every one. */
  scopingFilters?: ScopingFilter[];
}
