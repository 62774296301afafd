import { randomBytes, randomInt } from "node:crypto";
import type { SlackTokens } from "./SlackTokens";

/** How a request to the authorize page is answered: a redirect back to the app, or Slack's own error page. */
export type AuthorizeAnswer = { kind: "redirect"; location: string } | { kind: "errorPage"; error: string };

/** oauth.v2.access's body: Slack answers HTTP 200 with `ok` true or false. */
export type AccessAnswer = Record<string, unknown> & { ok: boolean };

/** What the admin switch makes the (simulated) installing admin do on the authorize page. */
export type ConsentDecision = "approve" | "deny";

/** The Slack app the emulator knows (its Client ID and Client Secret, as on the app's Basic Information page). */
export interface OAuthAppCredentials {
  clientId: string;
  clientSecret: string;
}

/** The workspace or org the emulator plays, as oauth.v2.access names it. */
export const EMULATED_TEAM = { id: "T0EMULATOR1", name: "Slack emulator" };
const APP_ID = "A0EMULATOR1";
/** Who installs the app when the directory has no owner or admin to play the part. */
export const EMULATOR_INSTALLER_ID = "UEMULATOR01";
/** Codes expire after ten minutes, as Slack's do. */
export const CODE_LIFETIME_MS = 10 * 60_000;

interface IssuedCode {
  clientId: string;
  /** The redirect_uri the authorize request named ("" when it named none). */
  redirectUri: string;
  userScope: string;
  expiresAt: number;
  used: boolean;
}

/**
 * Slack's OAuth v2 for a Slack app, as the emulator plays it: the authorize page (which approves at once, or denies
 * when the admin switch says so) and oauth.v2.access, with Slack's error codes. Codes are single use and expire after
 * ten minutes; the token issued is a user token that the SCIM API accepts (SlackTokens).
 */
export class SlackOAuth {
  private readonly codes = new Map<string, IssuedCode>();
  private decision: ConsentDecision = "approve";

  constructor(
    readonly app: OAuthAppCredentials,
    private readonly tokens: SlackTokens,
    /** The installing admin's Slack user id. */
    private readonly installer: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** GET /oauth/v2/authorize?client_id&user_scope&scope&redirect_uri&state */
  authorize(query: URLSearchParams): AuthorizeAnswer {
    const clientId = query.get("client_id") ?? "";
    if (clientId !== this.app.clientId) return { kind: "errorPage", error: "invalid_client_id" };
    const redirectUri = query.get("redirect_uri") ?? "";
    if (!isHttpUrl(redirectUri)) return { kind: "errorPage", error: "bad_redirect_uri" };
    const userScope = query.get("user_scope") ?? "";
    if (userScope === "" && (query.get("scope") ?? "") === "") return { kind: "errorPage", error: "invalid_scope" };
    const back = new URL(redirectUri);
    const state = query.get("state");
    if (this.decision === "deny") {
      back.searchParams.set("error", "access_denied");
    } else {
      const code = `${randomInt(1e9, 1e10 - 1)}.${randomInt(1e9, 1e10 - 1)}.${randomBytes(32).toString("hex")}`;
      this.codes.set(code, { clientId, redirectUri, userScope, expiresAt: this.now() + CODE_LIFETIME_MS, used: false });
      back.searchParams.set("code", code);
    }
    if (state !== null) back.searchParams.set("state", state);
    return { kind: "redirect", location: back.toString() };
  }

  /**
   * POST /api/oauth.v2.access: the client's credentials (form fields, or HTTP Basic as Slack prefers), the code and the
   * redirect_uri. Errors in Slack's order of what is wrong first: the client, its secret, the code, the redirect_uri.
   */
  access(form: URLSearchParams, basic: { id: string; secret: string } | undefined): AccessAnswer {
    const clientId = basic?.id ?? form.get("client_id") ?? "";
    const clientSecret = basic?.secret ?? form.get("client_secret") ?? "";
    if (clientId !== this.app.clientId) return { ok: false, error: "invalid_client_id" };
    if (clientSecret !== this.app.clientSecret) return { ok: false, error: "bad_client_secret" };
    const grantType = form.get("grant_type");
    if (grantType !== null && grantType !== "authorization_code") return { ok: false, error: "invalid_grant_type" };
    const code = this.codes.get(form.get("code") ?? "");
    if (!code || code.clientId !== clientId || code.expiresAt <= this.now())
      return { ok: false, error: "invalid_code" };
    if (code.used) return { ok: false, error: "code_already_used" };
    if ((form.get("redirect_uri") ?? "") !== code.redirectUri) return { ok: false, error: "bad_redirect_uri" };
    code.used = true;
    const userId = this.installer();
    const { token } = this.tokens.issue(userId, code.userScope);
    return {
      ok: true,
      app_id: APP_ID,
      authed_user: { id: userId, scope: code.userScope, access_token: token, token_type: "user" },
      team: EMULATED_TEAM,
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  /** The admin switch: approve (default) or deny the next authorizations. */
  setConsent(decision: ConsentDecision): void {
    this.decision = decision;
  }

  get consent(): ConsentDecision {
    return this.decision;
  }

  /** Makes every code issued so far expired (as ten minutes passing would); returns how many were outstanding. */
  expireCodes(): number {
    let outstanding = 0;
    for (const code of this.codes.values()) {
      if (!code.used && code.expiresAt > this.now()) outstanding += 1;
      code.expiresAt = Math.min(code.expiresAt, this.now());
    }
    return outstanding;
  }

  reset(): void {
    this.codes.clear();
    this.decision = "approve";
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
