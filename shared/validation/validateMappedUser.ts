import type { MappedUser } from "../mapping/MappedUser";
import { recordValue } from "../mapping/recordValue";
import { TARGET } from "../mapping/scimTargets";
import { withCreateDefaults } from "../mapping/withCreateDefaults";
import type { SlackUserFields } from "./SlackUserFields";
import type { SlackUserProblem } from "./SlackUserProblem";
import { guestProblems } from "./guestProblems";
import { slackUserProblems } from "./slackUserProblems";

/** The fields of mapped values (target path → value) as Slack would receive them on create. */
export function mappedUserFields(values: Readonly<Record<string, string | null>>): SlackUserFields {
  const get = (target: string): string | null | undefined => recordValue(values, target);
  const fields: SlackUserFields = {
    userName: get(TARGET.userName) ?? null,
    primaryEmail: get(TARGET.workEmail) ?? null,
    hasName: get(TARGET.givenName) != null || get(TARGET.familyName) != null,
  };
  const display = get(TARGET.displayName);
  if (display !== undefined) fields.displayName = display;
  const nick = get("nickName");
  if (nick !== undefined) fields.nickName = nick;
  fields.givenName = get(TARGET.givenName) ?? null;
  fields.familyName = get(TARGET.familyName) ?? null;
  return fields;
}

/**
 * Every problem with a mapped user before it is created in Slack: each failed expression (rule
 * "expression_failed", naming the target) and everything slackUserProblems finds in the values, with create-time
 * defaults applied, and the guest extension's (guestProblems; the past is checked only with `now`).
 */
export function validateMappedUser(mapped: MappedUser, now?: Date): SlackUserProblem[] {
  const expressionProblems: SlackUserProblem[] = Object.entries(mapped.errors ?? {}).map(([target, message]) => ({
    attribute: target,
    rule: "expression_failed",
    severity: "error",
    message: `The mapping expression for ${target} failed: ${message} Fix the expression or the source data.`,
  }));
  const values = withCreateDefaults(mapped).values;
  return [...expressionProblems, ...slackUserProblems(mappedUserFields(values)), ...guestProblems(values, now)];
}
