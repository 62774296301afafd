import type { ScimUser } from "../slack/ScimUser";
import type { SlackUserFields } from "./SlackUserFields";
import type { SlackUserProblem } from "./SlackUserProblem";
import { slackUserProblems } from "./slackUserProblems";

/** The email Slack treats as primary: primary:true, else type "work", else the first. */
function primaryEmail(user: ScimUser): string | null {
  const emails = user.emails ?? [];
  const chosen = emails.find((e) => e.primary === true) ?? emails.find((e) => e.type === "work") ?? emails[0];
  return chosen?.value ?? null;
}

/** The fields of a SCIM create (POST /Users) body. */
export function scimUserFields(user: ScimUser): SlackUserFields {
  const fields: SlackUserFields = {
    userName: user.userName,
    hasName: user.name !== undefined,
    primaryEmail: primaryEmail(user),
  };
  if (user.nickName !== undefined) fields.nickName = user.nickName;
  if (user.displayName !== undefined) fields.displayName = user.displayName;
  if (user.name !== undefined) {
    fields.givenName = user.name.givenName ?? null;
    fields.familyName = user.name.familyName ?? null;
  }
  return fields;
}

/** Every problem Slack would raise for this POST /Users body (see slackUserProblems). */
export function validateScimUser(user: ScimUser): SlackUserProblem[] {
  return slackUserProblems(scimUserFields(user));
}
