import { slackUserName } from "../slack/slackUserName";
import { findTarget } from "./describeTarget";

/**
 * Whether two mapped values are the same for this target: userName compares as Slack stores it (an email given as
 * userName is kept as its lower-cased local part), the work email case-insensitively, everything else exactly.
 */
export function sameTargetValue(path: string, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  if (path === "userName") return slackUserName(a) === slackUserName(b);
  return findTarget(path)?.caseInsensitive === true ? a.toLowerCase() === b.toLowerCase() : a === b;
}
