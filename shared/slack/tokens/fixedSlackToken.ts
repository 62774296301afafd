import type { SlackTokenSource } from "./SlackTokenSource";

/** A token that never changes (SLACK_TOKEN as pasted, or a test's): a refusal has nothing newer to retry with. */
export function fixedSlackToken(token: string): SlackTokenSource {
  return {
    current: () => Promise.resolve(token),
    refreshAfterRejection: () => Promise.resolve(undefined),
  };
}
