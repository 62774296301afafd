import type { SlackTokenStore } from "../../../shared/slack/tokens/SlackTokenStore";

/** The SlackTokenStore of the in-memory engine: the token saved last (or the initial one), nothing cached. */
export class InMemorySlackTokenStore implements SlackTokenStore {
  /** Every token saved, oldest first (to inspect). */
  readonly saved: string[] = [];

  readonly location = "memory";

  constructor(private token = "xoxp-in-memory") {}

  current(): Promise<string> {
    return Promise.resolve(this.token);
  }

  refreshAfterRejection(rejected: string): Promise<string | undefined> {
    return Promise.resolve(this.token === rejected ? undefined : this.token);
  }

  save(token: string): Promise<void> {
    this.token = token;
    this.saved.push(token);
    return Promise.resolve();
  }
}
