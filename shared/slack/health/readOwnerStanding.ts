import type { ScimUser } from "../ScimUser";

/** What the token owner's SCIM record says about the owner's right to use SCIM. */
export interface OwnerStanding {
  /**
   * admin: an active Org Admin, Owner or Primary Owner; notAdmin: the record names another account type (Member,
   * guest, bot); unknown: the record names no account type this check recognises.
   */
  standing: "admin" | "notAdmin" | "unknown";
  /** The account type as the record names it (for the message), when it names one. */
  role?: string;
  /** False when the record says the owner is deactivated. */
  active?: boolean;
}

const ADMIN_ROLES = new Set([
  "primaryowner",
  "owner",
  "orgowner",
  "workspaceowner",
  "orgprimaryowner",
  "admin",
  "orgadmin",
  "workspaceadmin",
]);

/** "Org Admin", "org_admin", "org-admin" → "orgadmin". */
function normalise(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * Reads the token owner's account type from its SCIM record. Slack does not document how (or whether) SCIM shows an
 * account type; the check reads it from `roles`:
 *
 * - an entry typed `account` (how the local Slack emulator shows it, `{"value": "Admin", "type": "account"}`) is the
 *   account type: an owner or admin value is `admin`, any other value `notAdmin`;
 * - without such an entry, an untyped value naming an owner or admin counts as `admin` (a custom "Role" profile value
 *   such as "Tech Lead" is not an account type), and nothing else is evidence: `unknown`.
 *
 * So a demotion is seen only where the record names the account type; a record that names none never quarantines.
 */
export function readOwnerStanding(user: ScimUser): OwnerStanding {
  const active = typeof user.active === "boolean" ? { active: user.active } : {};
  const roles = user.roles;
  const entries = (Array.isArray(roles) ? roles : [])
    .map((r: unknown) =>
      typeof r === "string"
        ? { value: r, type: undefined }
        : typeof r === "object" && r !== null
          ? { value: (r as Record<string, unknown>).value, type: (r as Record<string, unknown>).type }
          : undefined,
    )
    .filter((r): r is { value: string; type: unknown } => typeof r?.value === "string" && r.value.trim() !== "");
  const account = entries.find((r) => typeof r.type === "string" && r.type.toLowerCase() === "account");
  if (account) {
    return {
      standing: ADMIN_ROLES.has(normalise(account.value)) ? "admin" : "notAdmin",
      role: account.value,
      ...active,
    };
  }
  const named = entries.find((r) => ADMIN_ROLES.has(normalise(r.value)));
  return named ? { standing: "admin", role: named.value, ...active } : { standing: "unknown", ...active };
}
