/**
 * The userName Slack keeps for a requested one (reference: Slack SCIM users): an email becomes its local part, the
 * result is lower-cased, and characters other than a–z 0–9 . _ - become "_". Used to compare what we send with what
 * Slack shows, and to index desired userNames.
 */
export function slackUserName(requested: string): string {
  const trimmed = requested.trim();
  const at = trimmed.lastIndexOf("@");
  const local = at > 0 ? trimmed.slice(0, at) : trimmed;
  return local.toLowerCase().replace(/[^a-z0-9._-]/g, "_");
}
