/** Slack's error, read from either body shape. */
export interface SlackErrorInfo {
  /** The token before the first space of the description, e.g. `email_taken`. */
  code: string;
  /** The whole description, e.g. `email_taken (existing_user=U123)`. */
  description: string;
}

/**
 * Reads a Slack SCIM error body: v2 `{"schemas":[…Error],"detail":"…","status":400}` or v1
 * `{"Errors":{"description":"…","code":400}}` (v2 endpoints answer in both). Falls back to `http_<status>`.
 */
export function parseSlackError(status: number, bodyText: string): SlackErrorInfo {
  let description: string | undefined;
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body === "object" && body !== null) {
      const b = body as { Errors?: unknown; detail?: unknown };
      const errors = Array.isArray(b.Errors) ? (b.Errors as unknown[])[0] : b.Errors;
      if (typeof errors === "object" && errors !== null) {
        const d = (errors as { description?: unknown }).description;
        if (typeof d === "string") description = d;
      }
      if (description === undefined && typeof b.detail === "string") description = b.detail;
    }
  } catch {
    // not JSON: fall through to the status
  }
  description = description?.trim() || `http_${status}`;
  const code = description.split(/\s/, 1)[0] ?? description;
  return { code, description };
}
