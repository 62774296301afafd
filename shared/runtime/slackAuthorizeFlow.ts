import { fetchHttpClient } from "../http/fetchHttpClient";
import { HttpSlackOAuthExchange } from "../slack/authorize/HttpSlackOAuthExchange";
import { resolveAuthorizeSetup } from "../slack/authorize/resolveAuthorizeSetup";
import { SlackAuthorizeFlow } from "../slack/authorize/SlackAuthorizeFlow";
import { engine, engineSettings } from "./engine";

/**
 * Authorize wired from the app settings: the process's engine (its token store, so a saved token is what the Slack
 * target sends next), the Slack app's settings made complete for this request (ConfigurationError naming what is
 * missing), and oauth.v2.access over fetch.
 */
export function slackAuthorizeFlow(requestUrl: string): SlackAuthorizeFlow {
  const ctx = engine();
  const setup = resolveAuthorizeSetup(engineSettings().slackAuthorize, requestUrl);
  return new SlackAuthorizeFlow(ctx, { setup, exchange: new HttpSlackOAuthExchange(setup, fetchHttpClient) });
}
