import type { OAuthState } from "../../state/StatePorts";

/** Why a callback's state is refused. */
export type OAuthStateRefusal = "unknown" | "otherOperator" | "used" | "expired";

/**
 * Pure: whether the callback may complete the authorization its state names: one that was issued here (known), to
 * this operator, not used yet, and not expired. The first problem in that order is the answer.
 */
export function checkOAuthState(
  state: OAuthState | undefined,
  operator: string,
  now: Date,
): { ok: true } | { ok: false; refusal: OAuthStateRefusal } {
  if (!state) return { ok: false, refusal: "unknown" };
  if (state.operator !== operator) return { ok: false, refusal: "otherOperator" };
  if (state.usedAt !== undefined) return { ok: false, refusal: "used" };
  if (Date.parse(state.expiresAt) <= now.getTime()) return { ok: false, refusal: "expired" };
  return { ok: true };
}
