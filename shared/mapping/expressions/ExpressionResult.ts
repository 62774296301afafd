/**
 * The outcome of evaluating an expression for one user. A null never hides a failure:
 *
 * - `value`: the expression produced a value (a string, or a list for multi-valued results such as Split).
 *   An empty string is a value; the mapping layer treats "" like an empty source. `redacted`: the expression used
 *   Redact(), so logs and activity records show "[Redact]" instead of the value.
 * - `null`: the expression produced no value because the source data is empty. `emptyAttributes` names the source
 *   attributes that were empty while evaluating (possibly none, for example Switch with no matching key and no
 *   default). Only this outcome may clear a target attribute.
 * - `ignore`: IgnoreFlowIfNullOrEmpty found its expression null or empty: the target is dropped from the flow (neither
 *   sent nor cleared).
 * - `unique`: a top-level SelectUniqueValue: the candidates, in order, without empty or repeated ones. Which one is
 *   used is decided where Slack can be asked whether a value is taken (on create only).
 * - `error`: evaluation failed (a bad date, an invalid regular expression, a non-numeric index, several app roles
 *   for SingleAppRoleAssignment, …). The engine must not change the target attribute and should report the message.
 */
export type ExpressionResult =
  | { kind: "value"; value: string | readonly string[]; redacted?: true }
  | { kind: "null"; emptyAttributes: readonly string[] }
  | { kind: "ignore" }
  | { kind: "unique"; candidates: readonly string[]; redacted?: true }
  | { kind: "error"; message: string };
