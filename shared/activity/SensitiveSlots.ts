import { findTarget } from "../mapping/describeTarget";
import type { AttributeMapping } from "../mapping/AttributeMapping";

/**
 * Where the values of the attributes a user mapping marks `sensitive: true` sit in a SCIM user (RFC 7643 §4.1 and the
 * enterprise extension §4.3), so that they can be found in any body sent to or answered by Slack, whatever form the
 * body has (a resource, a PatchOp, a ListResponse).
 */
export interface SensitiveSlots {
  /** Top-level single-valued attributes (userName, title, externalId, …). */
  simple: ReadonlySet<string>;
  /** Sub-attributes of `name`. */
  name: ReadonlySet<string>;
  /** Every email's value (the mapping writes one work email; any email could carry the same value). */
  email: boolean;
  /** Phone number types whose value is sensitive (an untyped phone number counts as every type). */
  phone: ReadonlySet<string>;
  /** Sub-attributes of every address. */
  address: ReadonlySet<string>;
  /** Enterprise extension attributes (department, employeeNumber, …). */
  enterprise: ReadonlySet<string>;
  /** The enterprise extension's manager reference. */
  manager: boolean;
  /** Whether any attribute is sensitive (a body that cannot be parsed is then not kept). */
  any: boolean;
}

/** Pure: the slots of the mapping's sensitive attributes (unknown targets were refused when the mapping loaded). */
export function sensitiveSlots(attributes: readonly Pick<AttributeMapping, "target" | "sensitive">[]): SensitiveSlots {
  const simple = new Set<string>();
  const name = new Set<string>();
  const phone = new Set<string>();
  const address = new Set<string>();
  const enterprise = new Set<string>();
  let email = false;
  let manager = false;
  for (const a of attributes) {
    if (a.sensitive !== true) continue;
    const slot = findTarget(a.target)?.slot;
    if (slot === undefined) continue;
    switch (slot.kind) {
      case "simple":
        simple.add(slot.attribute);
        break;
      case "name":
        name.add(slot.attribute);
        break;
      case "email":
        email = true;
        break;
      case "phone":
        phone.add(slot.slot);
        break;
      case "address":
        address.add(slot.field);
        break;
      case "enterprise":
        enterprise.add(slot.attribute);
        break;
      case "manager":
        manager = true;
        break;
    }
  }
  const any = email || manager || [simple, name, phone, address, enterprise].some((s) => s.size > 0);
  return { simple, name, email, phone, address, enterprise, manager, any };
}

/** No attribute is sensitive. */
export const NO_SENSITIVE_SLOTS: SensitiveSlots = sensitiveSlots([]);
