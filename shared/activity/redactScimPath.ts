import { redactSecrets } from "../telemetry/redactSecrets";
import { REDACTED } from "./redactScimBody";
import type { SensitiveSlots } from "./SensitiveSlots";

/** `attribute eq "value"` in a SCIM filter (RFC 7644 §3.4.2.2), the value a JSON string. Linear: no nested repeats. */
const COMPARISON = /([A-Za-z][\w.:-]{0,200})\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\s+"((?:[^"\\]|\\.){0,2000})"/g;

/** Whether a filter's attribute path (userName, emails, emails.value, name.givenName, …) names a sensitive value. */
function sensitiveFilterAttribute(path: string, s: SensitiveSlots): boolean {
  const [head = "", sub] = path.split(".", 2);
  if (head === "emails") return s.email;
  if (head === "phoneNumbers") return s.phone.size > 0;
  if (head === "addresses") return s.address.size > 0;
  if (head === "name") return sub === undefined ? s.name.size > 0 : s.name.has(sub);
  return s.simple.has(head);
}

/**
 * Pure: a request path below the SCIM base URL as the activity log keeps it: token-like text redacted, and the
 * compared value of a `filter` (`userName eq "jane"`, `emails eq "…"`) replaced by "[redacted]" when its attribute
 * is sensitive. The rest of the path (resource ids, paging) is kept as sent.
 */
export function redactScimPath(path: string, s: SensitiveSlots): string {
  const clean = redactSecrets(path);
  if (!s.any) return clean;
  const q = clean.indexOf("?");
  if (q < 0) return clean;
  const params = clean
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0 || pair.slice(0, eq) !== "filter") return pair;
      let filter: string;
      try {
        filter = decodeURIComponent(pair.slice(eq + 1));
      } catch {
        return `filter=${encodeURIComponent(REDACTED)}`;
      }
      const redacted = filter.replace(COMPARISON, (m, attribute: string, op: string) =>
        sensitiveFilterAttribute(attribute, s) ? `${attribute} ${op} "${REDACTED}"` : m,
      );
      return redacted === filter ? pair : `filter=${encodeURIComponent(redacted)}`;
    });
  return `${clean.slice(0, q)}?${params.join("&")}`;
}
