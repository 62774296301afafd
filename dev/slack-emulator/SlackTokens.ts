import { randomBytes } from "node:crypto";

/** A token the emulator's SCIM API accepts, as the admin API shows it: never the token itself. */
export interface IssuedToken {
  /** "initial" for the token the emulator starts with, "oauth-<n>" for the n-th token oauth.v2.access issued. */
  label: string;
  /** The Slack user the token acts as (the installing admin), when it came from OAuth. */
  userId?: string;
  /** The scopes granted, comma-separated ("admin"). */
  scope: string;
}

/**
 * The bearer tokens the SCIM API accepts: the one the emulator starts with and each user token oauth.v2.access issues.
 * A token can be revoked (as Slack ends a token whose owner was deactivated), after which SCIM answers 401.
 */
export class SlackTokens {
  private readonly byToken = new Map<string, IssuedToken>();
  private issued = 0;

  constructor(private readonly initialToken: string) {
    this.reset();
  }

  /** The label of the token an `Authorization: Bearer …` header carries, or undefined when it is not accepted. */
  labelOf(authorization: string | undefined): string | undefined {
    const m = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
    return m?.[1] === undefined ? undefined : this.byToken.get(m[1])?.label;
  }

  /** Issues a new user token (xoxp-…) for `userId` with `scope`, which SCIM accepts from now on. */
  issue(userId: string, scope: string): { token: string; label: string } {
    this.issued += 1;
    const label = `oauth-${this.issued}`;
    const token = `xoxp-${this.issued}-${userId}-${randomBytes(16).toString("hex")}`;
    this.byToken.set(token, { label, userId, scope });
    return { token, label };
  }

  /** Stops accepting the token with this label; false when there is none. */
  revoke(label: string): boolean {
    for (const [token, issued] of this.byToken) {
      if (issued.label === label) {
        this.byToken.delete(token);
        return true;
      }
    }
    return false;
  }

  /** Every accepted token, by label, oldest first. */
  list(): IssuedToken[] {
    return [...this.byToken.values()].map((t) => ({ ...t }));
  }

  /** `text` with every accepted token replaced by "[redacted]" (for the request log). */
  redact(text: string): string {
    let out = text;
    for (const token of this.byToken.keys()) out = out.split(token).join("[redacted]");
    return out;
  }

  /** Back to the initial token alone. */
  reset(): void {
    this.byToken.clear();
    this.issued = 0;
    this.byToken.set(this.initialToken, { label: "initial", scope: "admin" });
  }
}
