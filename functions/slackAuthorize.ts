import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { classifyFailure } from "../shared/errors";
import type { AuthorizeOutcome } from "../shared/hosting/authorizeAnswer";
import { authorizeAnswer, wantsHtml } from "../shared/hosting/authorizeAnswer";
import { httpStatusOf } from "../shared/hosting/httpErrors";
import { registerHttp } from "../shared/hosting/registerHttp";
import type { SignedInOperator } from "../shared/hosting/signedInOperator";
import { signedInOperator } from "../shared/hosting/signedInOperator";
import { slackAuthorizeFlow } from "../shared/runtime/slackAuthorizeFlow";

/**
 * GET /api/slack/authorize — connect Slack without pasting a token: redirects the signed-in operator to Slack's
 * authorize page for the Slack app (SLACK_CLIENT_ID) with the user scope admin and a state bound to them.
 */
export function slackAuthorize(request: HttpRequest): Promise<HttpResponseInit> {
  return answer(request, async (operator) => {
    const location = await slackAuthorizeFlow(request.url).start(operator);
    return { status: 302, headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" } };
  });
}

/**
 * GET /api/slack/oauth/callback — where Slack sends the browser back (`?code&state`, or `?error=access_denied&state`):
 * checks the state, exchanges the code and stores the token where the app reads it. A page for the browser, JSON for
 * a client.
 */
export function slackOAuthCallback(request: HttpRequest): Promise<HttpResponseInit> {
  return answer(request, async (operator) => {
    const query = request.query;
    const connected = await slackAuthorizeFlow(request.url).complete(operator, {
      code: query.get("code") ?? undefined,
      state: query.get("state") ?? undefined,
      error: query.get("error") ?? undefined,
    });
    return authorizeAnswer({ kind: "connected", connected }, wantsHtml(request));
  });
}

/** Runs a step for the signed-in operator; a refusal or failure becomes the page or JSON that explains it. */
async function answer(
  request: HttpRequest,
  step: (operator: SignedInOperator) => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  const html = wantsHtml(request);
  const refused = (outcome: Omit<Extract<AuthorizeOutcome, { kind: "refused" }>, "kind">) =>
    authorizeAnswer({ kind: "refused", ...outcome }, html);
  const operator = signedInOperator(request);
  if (!operator) {
    return refused({
      status: 401,
      code: "Unauthorized",
      message: "The sign-in names no user id, which Authorize binds its state to: sign in with a user account.",
    });
  }
  try {
    return await step(operator);
  } catch (e) {
    const { code, message } = classifyFailure(e);
    return refused({ status: httpStatusOf(e), code, message });
  }
}

// Sign-in routes only: a started authorization belongs to the operator who started it, whom a function key cannot name.
registerHttp({
  name: "slackAuthorize",
  role: "operator",
  route: "slack/authorize",
  methods: ["GET"],
  handler: slackAuthorize,
  automation: false,
});
registerHttp({
  name: "slackOAuthCallback",
  role: "operator",
  route: "slack/oauth/callback",
  methods: ["GET"],
  handler: slackOAuthCallback,
  automation: false,
});
