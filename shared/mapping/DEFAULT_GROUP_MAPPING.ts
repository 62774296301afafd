import type { GroupMapping } from "./AttributeMapping";

/** The Slack gallery app's group mapping: displayName (matched on) and members. */
export const DEFAULT_GROUP_MAPPING: GroupMapping = {
  attributes: [
    { target: "displayName", source: { kind: "attribute", name: "displayName" }, flow: "always", matching: 1 },
    { target: "members", source: { kind: "attribute", name: "members" }, flow: "always" },
  ],
};
