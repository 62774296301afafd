import { randomBytes } from "node:crypto";
import type { EngineContext } from "../../engine/EngineContext";
import { jobRecord } from "../../engine/jobRecord";
import { authorizeUrl, SLACK_SCIM_USER_SCOPE } from "./authorizeUrl";
import { codeMissing, consentRefused, exchangeRefused, scopeMissing, stateRefused } from "./authorizeRefusals";
import { checkOAuthState } from "./checkOAuthState";
import { operatorKey, stateKey } from "./operatorKey";
import type { AuthorizeSetup } from "./resolveAuthorizeSetup";
import type { SlackOAuthExchange } from "./SlackOAuthExchange";

/** How long a started authorization may be completed (Slack's codes live as long). */
export const OAUTH_STATE_LIFETIME_MS = 10 * 60_000;

/** The part of the composition root Authorize uses. */
export type SlackAuthorizePorts = Pick<
  EngineContext,
  "jobId" | "oauthStates" | "slackTokens" | "jobs" | "activity" | "telemetry" | "clock" | "newId" | "log"
>;

/** The Slack app and its oauth.v2.access, and (for tests) how states are made. */
export interface SlackAuthorizeOptions {
  setup: AuthorizeSetup;
  exchange: SlackOAuthExchange;
  /** A new unguessable state value (default 32 random bytes, base64url). */
  newState?: () => string;
}

/** Who is signed in: the stable id a state is bound to, and a name for the activity record. */
export interface AuthorizingOperator {
  id: string;
  name: string | undefined;
}

/** What the callback's query carries: a code and the state, or Slack's `error` and the state. */
export interface CallbackQuery {
  code: string | undefined;
  state: string | undefined;
  error: string | undefined;
}

/** Slack is connected: who authorized, in which Slack, and where the token now is (never the token). */
export interface SlackConnected {
  slackUserId: string;
  teamId: string | undefined;
  enterpriseId: string | undefined;
  scope: string;
  storedIn: string;
}

/**
 * Connecting Slack with Authorize (Slack's OAuth v2 for a Slack app with the user scope `admin`):
 *
 * - `start`: a new state bound to the signed-in operator (a hash of their id), kept for ten minutes, and the URL of
 *   Slack's authorize page for the browser to go to.
 * - `complete`: the callback. Its state must be known, the same operator's, unused and unexpired; it is marked used
 *   (once, whatever the concurrency) before anything else, so a replay can never exchange a code again. A denied consent
 *   or Slack's refusal of the code is explained; the granted user token must carry `admin`. Then the token is stored
 *   where the app reads it (SlackTokenStore), so the next Slack call sends it.
 *
 * Every refusal throws a SlackAuthorizationError (nothing is stored). A connection is recorded in the activity log (a
 * job record naming the operator and the Slack user). The token never reaches a log, a record or an answer.
 */
export class SlackAuthorizeFlow {
  constructor(
    private readonly ctx: SlackAuthorizePorts,
    private readonly options: SlackAuthorizeOptions,
  ) {}

  async start(operator: AuthorizingOperator): Promise<string> {
    const { jobId, oauthStates, clock } = this.ctx;
    const { setup } = this.options;
    const state = (this.options.newState ?? newState)();
    const now = clock();
    await oauthStates.create(
      jobId,
      stateKey(state),
      {
        operator: operatorKey(operator.id),
        redirectUri: setup.redirectUri,
        expiresAt: new Date(now.getTime() + OAUTH_STATE_LIFETIME_MS).toISOString(),
      },
      now,
    );
    return authorizeUrl({ baseUrl: setup.baseUrl, clientId: setup.clientId, redirectUri: setup.redirectUri, state });
  }

  async complete(operator: AuthorizingOperator, query: CallbackQuery): Promise<SlackConnected> {
    const { jobId, oauthStates, slackTokens, clock } = this.ctx;
    const { setup, exchange } = this.options;
    if (!query.state) throw stateRefused("unknown");
    const key = stateKey(query.state);
    const found = await oauthStates.read(jobId, key);
    const checked = checkOAuthState(found?.state, operatorKey(operator.id), clock());
    if (!checked.ok) throw stateRefused(checked.refusal);
    if (!found || !(await oauthStates.markUsed(jobId, key, found.etag, clock()))) throw stateRefused("used");

    if (query.error !== undefined) throw consentRefused(query.error);
    if (!query.code) throw codeMissing();
    const answer = await exchange.exchange(query.code, found.state.redirectUri);
    if (!answer.ok) throw exchangeRefused(answer.error, { clientId: setup.clientId, redirectUri: setup.redirectUri });
    const { grant } = answer;
    if (
      !grant.scope
        .split(",")
        .map((s) => s.trim())
        .includes(SLACK_SCIM_USER_SCOPE)
    )
      throw scopeMissing(grant.scope);
    await slackTokens.save(grant.userToken);
    const connected: SlackConnected = {
      slackUserId: grant.userId,
      teamId: grant.teamId,
      enterpriseId: grant.enterpriseId,
      scope: grant.scope,
      storedIn: slackTokens.location,
    };
    await this.record(operator, connected);
    return connected;
  }

  /** The activity record and log line of a connection: who, which Slack user and org, where the token is. */
  private async record(operator: AuthorizingOperator, connected: SlackConnected): Promise<void> {
    const ctx = this.ctx;
    const where = [connected.teamId, connected.enterpriseId].filter((w) => w !== undefined).join(", ");
    const reason =
      `${operator.name ?? "An operator"} connected Slack with Authorize: Slack user ${connected.slackUserId}` +
      `${where ? ` (${where})` : ""} granted the scope ${connected.scope}; the token is stored in ` +
      `${connected.storedIn} and the next Slack call uses it.`;
    const { cycleId } = await ctx.jobs.get(ctx.jobId);
    const record = jobRecord(ctx, { cycleId: cycleId ?? "", status: "Success", reason });
    await ctx.activity.append(record);
    ctx.telemetry.trackChange(record);
    ctx.log.info(reason);
  }
}

function newState(): string {
  return randomBytes(32).toString("base64url");
}
