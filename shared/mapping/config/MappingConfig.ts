import type { GroupMapping, UserMapping } from "../AttributeMapping";

/** A loaded, validated mapping file. */
export interface MappingConfig {
  version: 1;
  users: UserMapping;
  groups: GroupMapping;
}

/** The formats a mapping file may use, chosen by its extension (.json, .yaml, .yml). */
export type MappingFileFormat = "json" | "yaml";
