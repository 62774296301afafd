import { parseAuthTest } from "../../../shared/slack/health/HttpSlackAuthTest";
import type { AuthTestAnswer, SlackAuthTest } from "../../../shared/slack/health/SlackAuthTest";
import type { InMemorySlack } from "./InMemorySlack";

/**
 * auth.test of the in-memory engine: the Slack emulator's own auth.test, in process, for the token the in-memory Slack
 * target sends; `answer` replaces it (a script of answers, e.g. no answer at all). `calls` counts the calls made.
 */
export class InMemorySlackAuthTest implements SlackAuthTest {
  calls = 0;
  answer: (() => AuthTestAnswer) | undefined;

  constructor(private readonly slack: InMemorySlack) {}

  authTest(): Promise<AuthTestAnswer> {
    this.calls += 1;
    if (this.answer) return Promise.resolve(this.answer());
    const body = this.slack.store.authTest(`Bearer ${this.slack.bearerToken}`);
    return Promise.resolve(parseAuthTest(200, JSON.stringify(body), "in-process auth.test"));
  }
}
