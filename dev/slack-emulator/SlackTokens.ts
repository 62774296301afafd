import { randomBytes } from "node:crypto";

/** A token the emulator's SCIM API accepts, as the admin API shows it: never the token itself. */
export interface IssuedToken {
  /** "initial" for the token the emulator starts with, "oauth-<n>" for the n-th token oauth.v2.access issued. */
  label: string;
  /**
   * The Slack user the token acts as: the installing admin for an OAuth token; for the initial token, the directory's
   * first active owner or admin when auth.test first asked (unset until then).
   */
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
  /** Tokens revoked so far, by token: auth.test answers them `token_revoked` rather than `invalid_auth`. */
  private readonly revoked = new Map<string, string>();
  private issued = 0;

  constructor(private readonly initialToken: string) {
    this.reset();
  }

  /** The label of the token an `Authorization: Bearer …` header carries, or undefined when it is not accepted. */
  labelOf(authorization: string | undefined): string | undefined {
    const m = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
    return m?.[1] === undefined ? undefined : this.byToken.get(m[1])?.label;
  }

  /**
   * What an `Authorization: Bearer …` header carries, for auth.test: an accepted token (its label and owner), a revoked
   * one, or none at all.
   */
  identify(
    authorization: string | undefined,
  ): { kind: "accepted"; token: IssuedToken } | { kind: "revoked" | "unknown" | "missing" } {
    const m = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
    if (m?.[1] === undefined) return { kind: "missing" };
    const token = this.byToken.get(m[1]);
    if (token) return { kind: "accepted", token: { ...token } };
    return { kind: this.revoked.has(m[1]) ? "revoked" : "unknown" };
  }

  /** Records who owns a token that had no owner yet (the initial token's owner is bound at its first auth.test). */
  bindOwner(label: string, userId: string): void {
    for (const issued of this.byToken.values())
      if (issued.label === label && issued.userId === undefined) issued.userId = userId;
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
        this.revoked.set(token, label);
        return true;
      }
    }
    return false;
  }

  /** Every accepted token, by label, oldest first. */
  list(): IssuedToken[] {
    return [...this.byToken.values()].map((t) => ({ ...t }));
  }

  /** `text` with every accepted or revoked token replaced by "[redacted]" (for the request log). */
  redact(text: string): string {
    let out = text;
    for (const token of [...this.byToken.keys(), ...this.revoked.keys()]) out = out.split(token).join("[redacted]");
    return out;
  }

  /** Back to the initial token alone (its owner unbound again). */
  reset(): void {
    this.byToken.clear();
    this.revoked.clear();
    this.issued = 0;
    this.byToken.set(this.initialToken, { label: "initial", scope: "admin" });
  }
}
