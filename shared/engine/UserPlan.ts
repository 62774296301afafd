import type { AttributeChange } from "../mapping/AttributeChange";
import type { LinkFailure } from "../state/IdentityLink";

/** The decision for one user, before any Slack call. */
export type UserPlan =
  /** Nothing to do and nothing in Slack to touch (e.g. out of scope and never provisioned). */
  | { kind: "skip"; reason: string }
  /** Slack already holds the desired state. */
  | { kind: "inSync"; reason: string }
  /** The same payload failed permanently before; wait until the user changes in Entra. */
  | { kind: "hold"; failure: LinkFailure }
  /** Not linked yet: look for an existing Slack user by the matching attributes, adopt it or create one. */
  | { kind: "matchOrCreate" }
  /** Linked: send only the changed attributes, and reactivate if the Slack user is inactive. */
  | { kind: "update"; changes: AttributeChange[]; reactivate: boolean }
  /**
   * Linked, with evidence that it must not be active, but the policy (OUT_OF_SCOPE_ACTION or DISABLED_USER_ACTION =
   * leave) says to leave the Slack user as it is: nothing is sent or staged; the link remembers why (leftAlone).
   */
  | { kind: "leave"; reason: string; cause: "disabled" | "outOfScope" }
  /** Linked and active, with evidence that it must not be: deactivate. */
  | { kind: "disable"; evidence: string };
