import { MAX_DISPLAY_NAME_LENGTH, MAX_USERNAME_LENGTH } from "./constants";
import { ScimError } from "./ScimError";

/**
 * Slack's userName rules (reference §2.1): an email becomes its local part, the result is lower-cased, characters
 * other than a-z 0-9 . _ - become "_", empty is `username_empty`, longer than 21 is `long_username`.
 */
export function normalizeUserName(raw: unknown): string {
  if (raw === undefined || raw === null) throw new ScimError(400, "username_required");
  if (typeof raw !== "string") throw new ScimError(400, "username_invalid");
  let name = raw.trim();
  const at = name.indexOf("@");
  if (at >= 0) name = name.slice(0, at);
  name = name.toLowerCase().replace(/[^a-z0-9._-]/g, "_");
  if (name === "") throw new ScimError(400, "username_empty");
  if (name.length > MAX_USERNAME_LENGTH) throw new ScimError(400, "long_username", `user=${name}`);
  return name;
}

/** Slack's displayName rules: at most 80 characters, no leading @, no @ anywhere. Not unique. */
export function validateDisplayName(displayName: string, userName: string): void {
  if (displayName.length > MAX_DISPLAY_NAME_LENGTH) {
    throw new ScimError(400, "invalid_name_maxlength", `user=${userName}`);
  }
  if (displayName.startsWith("@")) throw new ScimError(400, "invalid_starts_with_at", `user=${userName}`);
  if (displayName.includes("@")) throw new ScimError(400, "invalid_name_specials", `user=${userName}`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(email: string): void {
  if (!EMAIL.test(email)) throw new ScimError(400, "bad_email_address", `email=${email}`);
}
