import { createHash } from "node:crypto";

/**
 * Pure: what a pending authorization is bound to: a hash of the signed-in operator's stable id (Entra object id), so
 * the state table never holds who it is, and a state only completes for the operator who started it.
 */
export function operatorKey(operatorId: string): string {
  return createHash("sha256").update(`slack-authorize\n${operatorId}`).digest("hex");
}

/** Pure: the key a state is kept under: a hash of its value, so the table holds no usable state. */
export function stateKey(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}
