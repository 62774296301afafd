/**
 * What a direct read of Graph says of the Entra user that owns a Slack account another Entra user matches:
 * - `live`: GET /users/{id} found it;
 * - `softDeleted`: 404 there, but it is in deleted items (GET /directory/deletedItems/{id}): it may be restored;
 * - `purged`: 404 on both: permanently deleted, it can never come back.
 */
export type OwnerPresence = "live" | "softDeleted" | "purged";

export type RelinkDecision =
  | { relink: true; detail: string }
  | { relink: false; refused: OwnerPresence | "unconfirmed"; why: string; whatToDo: string };

/**
 * Pure: may `claimant` take over the Slack account linked to `owner`? Only with positive evidence that the owner can
 * never use it again (both reads answered 404), so a person re-hired as a new Entra object gets the account back (as
 * Entra's connector, which matches by attribute, would) while two Entra users who exist never share one account, and
 * a soft-deleted user, who may be restored, keeps it.
 */
export function decideRelink(input: {
  owner: string;
  claimant: string;
  presence: OwnerPresence;
  /** Whether our mirror of Entra saw the owner leave (delta's @removed, or a full read without it confirmed). */
  mirrorRemoved: boolean;
}): RelinkDecision {
  const { owner, claimant, presence } = input;
  if (owner === claimant) return { relink: true, detail: "already its own" };
  switch (presence) {
    case "purged":
      // Both reads say gone, but delta has not told us yet (a page still to come, or Graph's replicas lagging):
      // wait for the two to agree rather than act on one read.
      if (!input.mirrorRemoved) {
        return {
          relink: false,
          refused: "unconfirmed",
          why: `its owner ${owner} is not found in Entra ID, but Entra's changes have not reported it removed yet`,
          whatToDo: "It is retried shortly; it takes the account over once the removal is seen.",
        };
      }
      return {
        relink: true,
        detail: `re-linked from purged object ${owner} (GET /users/${owner} and /directory/deletedItems/${owner} answer 404)`,
      };
    case "softDeleted":
      return {
        relink: false,
        refused: "softDeleted",
        why: `its owner ${owner} is in Entra's deleted items (soft-deleted; it may be restored)`,
        whatToDo:
          "Restore that user if it is the same person, or delete it permanently (Entra does after 30 days); then " +
          "restart with resetScope Escrows (or change this user) and it takes the account over.",
      };
    case "live":
      return {
        relink: false,
        refused: "live",
        why: `it is linked to the Entra user ${owner}, who exists`,
        whatToDo: "Two Entra users cannot share one Slack account: give each a unique value.",
      };
  }
}
