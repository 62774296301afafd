import { createHash } from "node:crypto";
import { CredentialError, describeError, SlackTokenUnhealthyError } from "../../errors";
import type { Logger } from "../../engine/Logger";
import type { SlackTarget } from "../SlackTarget";
import type { SlackTokenSource } from "../tokens/SlackTokenSource";
import { decideTokenHealth } from "./decideTokenHealth";
import { isRevocation } from "./tokenRevocationCodes";
import type { AuthTestAnswer, SlackAuthTest } from "./SlackAuthTest";
import type { OwnerLookup, TokenHealth } from "./TokenHealth";

/** The token check as the engine uses it (EngineContext.slackHealth). */
export interface SlackTokenCheck {
  /**
   * Checks the token now: auth.test (reused from the last check of the same token within the cache time, unless
   * `fresh`) and, always, the owner's SCIM record. Never throws for what Slack answered; a refused SCIM read whose
   * token auth.test still accepts (not a SCIM admin token) rethrows that CredentialError.
   */
  check(options?: { fresh?: boolean }): Promise<TokenHealth>;
  /** check(), and SlackTokenUnhealthyError when the verdict is unhealthy (a cycle start quarantines the job on it). */
  verify(): Promise<TokenHealth>;
}

export interface SlackTokenHealthOptions {
  authTest: SlackAuthTest;
  /** The SCIM adapter (paced by the same governor): reads the owner's record. */
  slack: Pick<SlackTarget, "getUser">;
  /** The token the adapters send: the cache is kept per token (a hash of it, in memory only). */
  tokens: SlackTokenSource;
  /** How long auth.test's answer for one token is reused (SLACK_TOKEN_CHECK_CACHE_SECONDS); 0: never. */
  cacheMs: number;
  now: () => Date;
  /** Told when a verify could not conclude (the cycle starts anyway). */
  log?: Pick<Logger, "warn">;
}

/**
 * Checks that the Slack token still works and that its owner may still use SCIM, with one Slack call per check in the
 * steady state: the owner's SCIM record (GET /Users/{id}) is read every time, which also proves the token is still
 * accepted (a revoked token is refused there); auth.test, which names the owner, is called again only for a new token
 * or once the cached answer is older than `cacheMs`, and whenever SCIM refuses the token (to say why). Only a healthy
 * answer is cached: a problem is looked at again on every check, so a fix is seen at once.
 */
export class SlackTokenHealth implements SlackTokenCheck {
  private cached: { fingerprint: string; answer: Extract<AuthTestAnswer, { kind: "ok" }>; at: number } | undefined;

  constructor(private readonly options: SlackTokenHealthOptions) {}

  async verify(): Promise<TokenHealth> {
    const health = await this.check();
    if (health.verdict === "unhealthy") throw new SlackTokenUnhealthyError(health.problem, health.detail);
    if (health.verdict === "unverified") this.options.log?.warn(`${health.detail} The cycle starts anyway.`);
    return health;
  }

  async check(options: { fresh?: boolean } = {}): Promise<TokenHealth> {
    const fingerprint = hash(await this.options.tokens.current());
    const now = this.options.now().getTime();
    const reuse =
      options.fresh !== true && this.cached?.fingerprint === fingerprint && now - this.cached.at < this.options.cacheMs;
    const auth = reuse && this.cached ? this.cached.answer : await this.options.authTest.authTest();
    if (auth.kind !== "ok") {
      this.cached = undefined;
      return decideTokenHealth(auth, undefined);
    }
    let owner: OwnerLookup;
    try {
      const user = await this.options.slack.getUser(auth.userId);
      owner = user ? { kind: "found", user } : { kind: "notFound" };
    } catch (e) {
      if (!(e instanceof CredentialError)) {
        owner = { kind: "unreadable", reason: describeError(e).message };
        return decideTokenHealth(auth, owner);
      }
      // SCIM refused the token: ask auth.test (not from the cache) why. Unless it says the token is gone, SCIM's own
      // refusal stands (a token that is not an org-level admin token, say): the cycle fails on it as before.
      this.cached = undefined;
      const again = await this.options.authTest.authTest();
      if (again.kind === "refused" && isRevocation(again.error)) return decideTokenHealth(again, undefined);
      throw e;
    }
    const health = decideTokenHealth(auth, owner);
    this.cached =
      health.verdict === "healthy"
        ? { fingerprint, answer: auth, at: reuse ? (this.cached?.at ?? now) : now }
        : undefined;
    return health;
  }
}

function hash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
