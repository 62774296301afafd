import type { StoredGuest } from "./model";
import { ScimError } from "./ScimError";
import { attr } from "./userFromRequest";
import { isRecord, optionalString } from "./values";

/** An ISO 8601 date or date-time (reference §2.1: `expiration` is an optional ISO 8601 datetime), anchored. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Validates an expiration as Slack takes it; null clears it. */
export function guestExpirationFrom(value: unknown): string | null {
  const text = optionalString(value, "expiration");
  if (text === null) return null;
  if (text.length > 40 || !ISO_8601.test(text.trim()) || Number.isNaN(Date.parse(text.trim()))) {
    throw new ScimError(400, "invalid_attribute_format", "expiration");
  }
  return text.trim();
}

/**
 * The guest extension of a request (reference §2.1, §2.4): absent or null is a member; otherwise an object whose
 * `type` is mandatory and can only be "multi" (single-channel guests cannot be created by SCIM), with an optional
 * ISO 8601 `expiration`.
 */
export function guestFrom(value: unknown): StoredGuest | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw new ScimError(400, "invalid_attribute_format", "urn:…:slack:guest:2.0:User");
  guestTypeFrom(attr(value, "type"));
  return { expiration: guestExpirationFrom(attr(value, "expiration")) };
}

/** `type` must be "multi". */
export function guestTypeFrom(value: unknown): "multi" {
  if (value === undefined || value === null) throw new ScimError(400, "missing_schema_element", "type");
  if (typeof value !== "string" || value.trim().toLowerCase() !== "multi") {
    throw new ScimError(400, "invalid_attribute_format", "type");
  }
  return "multi";
}
