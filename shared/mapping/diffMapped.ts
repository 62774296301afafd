import type { ScimUser } from "../slack/ScimUser";
import type { AttributeChange } from "./AttributeChange";
import { findTarget } from "./describeTarget";
import type { MappedUser } from "./MappedUser";
import { readScimValue } from "./readScimValue";
import { recordValue } from "./recordValue";
import { sameTargetValue } from "./sameTargetValue";

/** "update": a user we created or adopted before. "adopt": an existing Slack user matched for the first time. */
export type DiffMode = "update" | "adopt";

/**
 * The changes that bring Slack to the desired values, in mapping order.
 *
 * - update: compares desired values with the values we last exported (a target absent there counts as empty);
 *   createOnly targets are skipped.
 * - adopt: compares desired values with the Slack user's current values (readScimValue); createOnly targets are
 *   included only when Slack's value is empty. `lastExported` is not used. Without `current`, Slack is taken as empty.
 *
 * Targets Slack cannot update (externalId) are never included. userName and the work email compare
 * case-insensitively, everything else exactly. Throws ConfigurationError (via readScimValue) for an unsupported
 * target when adopting.
 */
export function diffMapped(
  desired: MappedUser,
  lastExported: Readonly<Record<string, string | null>> | undefined,
  mode: DiffMode,
  current?: ScimUser,
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const [target, newValue] of Object.entries(desired.values)) {
    if (findTarget(target)?.updatable === false) continue;
    const createOnly = (recordValue(desired.flows, target) ?? "always") === "createOnly";
    let oldValue: string | null;
    if (mode === "update") {
      if (createOnly) continue;
      oldValue = lastExported === undefined ? null : (recordValue(lastExported, target) ?? null);
    } else {
      oldValue = current === undefined ? null : readScimValue(current, target);
      if (createOnly && oldValue !== null) continue;
    }
    if (!sameTargetValue(target, oldValue, newValue)) changes.push({ target, oldValue, newValue });
  }
  return changes;
}
