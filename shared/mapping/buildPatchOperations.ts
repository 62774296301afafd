import type { PatchOperation } from "../slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_SLACK_GUEST_SCHEMA } from "../slack/ScimUser";
import type { AttributeChange } from "./AttributeChange";
import { describeTarget, targetRank } from "./describeTarget";
import type { MappedUser } from "./MappedUser";
import { recordValue } from "./recordValue";
import { phoneList, workAddress } from "./scimFragments";
import { SCIM_USER_TARGETS, TARGET } from "./scimTargets";

/** Desired values of every supported target of one slot kind, keyed by the slot's sub-field. */
function desiredGroup<K extends string>(
  desired: MappedUser,
  kind: "phone" | "address",
  key: (slot: (typeof SCIM_USER_TARGETS)[number]["slot"]) => K | undefined,
): Partial<Record<K, string | null>> {
  const group: Partial<Record<K, string | null>> = {};
  for (const target of SCIM_USER_TARGETS) {
    const k = target.slot.kind === kind ? key(target.slot) : undefined;
    if (k !== undefined) group[k] = recordValue(desired.values, target.path) ?? null;
  }
  return group;
}

function replaceOrRemove(path: string, value: string | null): PatchOperation {
  return value === null ? { op: "remove", path } : { op: "replace", path, value };
}

/**
 * SCIM v2 PatchOp operations that apply `changes`, in the forms Slack handles reliably, in canonical target order:
 *
 * - simple attributes and `name.*`: replace with the value, or remove when it became empty;
 * - userName and the work email are never removed (Slack requires them): an empty new value is left out, and
 *   missingRequiredTargets/validation reports it;
 * - the work email: replace path "emails" with one primary work email;
 * - any phone change: replace "phoneNumbers" with the full desired list (both mapped slots; see phoneList), or
 *   remove "phoneNumbers" when both are empty;
 * - any address change: replace "addresses" with the single desired work address, or remove it when empty;
 * - enterprise attributes: replace/remove path "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:<attr>";
 * - the guest extension (Slack's documented forms): a member who becomes a guest, or a guest whose expiration is
 *   set or changed, gets `add` of the extension with `type` and any expiration; a guest who becomes a member gets
 *   `remove` of the extension; a guest whose expiration is cleared gets `remove` of `<extension>.expiration`;
 * - targets Slack cannot update (externalId) produce nothing.
 *
 * `desired` supplies the full phone and address values. Throws ConfigurationError for an unsupported target.
 */
export function buildPatchOperations(changes: readonly AttributeChange[], desired: MappedUser): PatchOperation[] {
  const byKey = new Map<string, { rank: number; operation: PatchOperation }>();
  const add = (key: string, target: string, make: () => PatchOperation | undefined): void => {
    const rank = targetRank(target);
    const existing = byKey.get(key);
    if (existing !== undefined) {
      existing.rank = Math.min(existing.rank, rank);
      return;
    }
    const operation = make();
    if (operation !== undefined) byKey.set(key, { rank, operation });
  };

  for (const change of changes) {
    const info = describeTarget(change.target);
    if (!info.updatable) continue;
    if (change.newValue === null && info.required) continue;
    const value = change.newValue;
    const slot = info.slot;
    switch (slot.kind) {
      case "simple":
        add(info.path, info.path, () => replaceOrRemove(slot.attribute, value));
        break;
      case "name":
        add(info.path, info.path, () => replaceOrRemove(`name.${slot.attribute}`, value));
        break;
      case "email":
        add("emails", info.path, () =>
          value === null
            ? undefined
            : { op: "replace", path: "emails", value: [{ value, type: "work", primary: true }] },
        );
        break;
      case "phone":
        add("phoneNumbers", info.path, () => {
          const list = phoneList(desiredGroup(desired, "phone", (s) => (s.kind === "phone" ? s.slot : undefined)));
          return list.length === 0
            ? { op: "remove", path: "phoneNumbers" }
            : { op: "replace", path: "phoneNumbers", value: list };
        });
        break;
      case "address":
        add("addresses", info.path, () => {
          const address = workAddress(
            desiredGroup(desired, "address", (s) => (s.kind === "address" ? s.field : undefined)),
          );
          return address === undefined
            ? { op: "remove", path: "addresses" }
            : { op: "replace", path: "addresses", value: [address] };
        });
        break;
      case "enterprise":
        add(info.path, info.path, () => replaceOrRemove(`${SCIM_ENTERPRISE_SCHEMA}:${slot.attribute}`, value));
        break;
      case "guest":
        add("guest", info.path, () => guestOperation(changes, desired));
        break;
      case "manager":
        add(info.path, info.path, () =>
          value === null
            ? { op: "remove", path: TARGET.manager }
            : { op: "replace", path: TARGET.manager, value: { managerId: value } },
        );
        break;
    }
  }
  return [...byKey.values()].sort((a, b) => a.rank - b.rank).map((e) => e.operation);
}

/** The one operation for a change of the guest extension (see buildPatchOperations). */
function guestOperation(changes: readonly AttributeChange[], desired: MappedUser): PatchOperation {
  const type = recordValue(desired.values, TARGET.guestType) ?? null;
  const expiration = recordValue(desired.values, TARGET.guestExpiration) ?? null;
  if (type === null) return { op: "remove", path: SCIM_SLACK_GUEST_SCHEMA };
  const typeChanged = changes.some((c) => c.target === TARGET.guestType);
  if (expiration === null && !typeChanged) return { op: "remove", path: `${SCIM_SLACK_GUEST_SCHEMA}.expiration` };
  return {
    op: "add",
    path: SCIM_SLACK_GUEST_SCHEMA,
    value: expiration === null ? { type } : { type, expiration },
  };
}
