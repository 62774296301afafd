/** The user attributes Slack validates, gathered from either a SCIM body or mapped values. undefined = not sent. */
export interface SlackUserFields {
  userName?: string | null;
  nickName?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  /** Whether a `name` object is sent at all. */
  hasName: boolean;
  /** The primary email as Slack picks it (primary:true, else type "work", else the first). */
  primaryEmail?: string | null;
}
