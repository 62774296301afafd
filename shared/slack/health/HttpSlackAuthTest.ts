import type { HttpClient } from "../../http/HttpClient";
import type { RateGovernor } from "../RateGovernor";
import type { SlackTokenSource } from "../tokens/SlackTokenSource";
import type { AuthTestAnswer, SlackAuthTest } from "./SlackAuthTest";
import { isRevocation } from "./tokenRevocationCodes";

const TIMEOUT_MS = 15_000;

export interface HttpSlackAuthTestOptions {
  /** Slack's Web API base, https://slack.com/api (or the emulator's origin + /api). */
  apiBaseUrl: string;
  /** The token the Slack adapter sends (asked before the call; kept out of every answer). */
  tokens: SlackTokenSource;
  /** The rate governor the SCIM calls share: auth.test draws from its own bucket there. */
  governor: RateGovernor;
  http: HttpClient;
}

/**
 * auth.test over HTTP: `POST <apiBaseUrl>/auth.test` with `Authorization: Bearer <token>`, after the shared rate
 * governor's `authTest` bucket let it go. Slack answers HTTP 200 with `{"ok": …}`. A refusal that says the token is
 * gone is asked once more with a newer token when the token source has one (Authorize may have stored it on another
 * instance). No answer, a 429, a 5xx or a body that is not Slack's is `noAnswer`, with the reason and never the token.
 */
export class HttpSlackAuthTest implements SlackAuthTest {
  constructor(private readonly options: HttpSlackAuthTestOptions) {}

  async authTest(): Promise<AuthTestAnswer> {
    let token = await this.options.tokens.current();
    let answer = await this.once(token);
    if (answer.kind === "refused" && isRevocation(answer.error)) {
      const newer = await this.options.tokens.refreshAfterRejection(token);
      if (newer !== undefined) {
        token = newer;
        answer = await this.once(token);
      }
    }
    return answer;
  }

  private async once(token: string): Promise<AuthTestAnswer> {
    const url = `${this.options.apiBaseUrl.replace(/\/+$/, "")}/auth.test`;
    try {
      await this.options.governor.acquire(["authTest"]);
    } catch (e) {
      return { kind: "noAnswer", reason: `not sent: ${e instanceof Error ? e.message : String(e)}` };
    }
    let status: number;
    let text: string;
    try {
      const res = await this.options.http({
        method: "POST",
        url,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: "",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const why = e instanceof Error && e.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : "no answer";
      return { kind: "noAnswer", reason: `${url} gave ${why}` };
    }
    return parseAuthTest(status, text, url);
  }
}

/** Slack's answer to auth.test (HTTP 200, `{"ok": true, "user_id", …}` or `{"ok": false, "error"}`), or why not. */
export function parseAuthTest(status: number, text: string, url: string): AuthTestAnswer {
  if (status !== 200) return { kind: "noAnswer", reason: `${url} answered HTTP ${status}` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: "noAnswer", reason: `${url} answered with a body that is not JSON` };
  }
  if (typeof body !== "object" || body === null) return { kind: "noAnswer", reason: `${url} answered no object` };
  const b = body as Record<string, unknown>;
  if (b.ok === false) {
    return { kind: "refused", error: typeof b.error === "string" && b.error !== "" ? b.error : "unknown_error" };
  }
  if (b.ok !== true || typeof b.user_id !== "string" || b.user_id === "") {
    return { kind: "noAnswer", reason: `${url} answered without Slack's {"ok": true, "user_id": …}` };
  }
  return {
    kind: "ok",
    userId: b.user_id,
    ...(typeof b.team_id === "string" ? { teamId: b.team_id } : {}),
    ...(typeof b.enterprise_id === "string" && b.enterprise_id !== "" ? { enterpriseId: b.enterprise_id } : {}),
    ...(typeof b.user === "string" ? { user: b.user } : {}),
  };
}
