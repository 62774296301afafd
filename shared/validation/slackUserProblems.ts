import { slackUserName } from "../slack/slackUserName";
import type { SlackUserFields } from "./SlackUserFields";
import type { SlackUserProblem } from "./SlackUserProblem";

/** Slack's limits (reference: Slack SCIM users). */
export const SLACK_USERNAME_MAX = 21;
export const SLACK_DISPLAY_NAME_MAX = 80;

/** Display names Slack reserves for mentions (invalid_reserved_word). Compared case-insensitively. */
const RESERVED_DISPLAY_NAMES = ["channel", "everyone", "here"];

/** An address Slack accepts: one @, a non-empty local part without spaces, a dotted domain. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const EMOJI = /\p{Extended_Pictographic}/u;

function length(s: string): number {
  return Array.from(s).length;
}

/**
 * Every problem Slack would raise for these attributes, before any API call:
 *
 * - userName: present and not blank (username_empty); at most 21 characters after Slack's conversion (an email
 *   becomes its local part, lower-cased, other characters than a–z 0–9 . _ - become "_") (long_username);
 * - nickName (aliased to userName): not blank, at most 21 characters (long_nickname); a warning when it differs from
 *   userName, because Slack would rename the user to it;
 * - displayName: at most 80 characters (invalid_name_maxlength), not starting with "@" (invalid_starts_with_at), no
 *   "@" elsewhere (invalid_name_specials), no emoji (invalid_emoji_not_allowed), not a reserved mention word
 *   (invalid_reserved_word);
 * - name: given and family name not both blank when a name is sent (invalid_name_required);
 * - the primary email: present (email_empty) and syntactically valid (bad_email_address).
 *
 * Slack documents no length limits for phones, title or address fields, so none are checked.
 */
export function slackUserProblems(f: SlackUserFields): SlackUserProblem[] {
  const problems: SlackUserProblem[] = [];
  const add = (attribute: string, rule: string, message: string, severity: "error" | "warning" = "error"): void => {
    problems.push({ attribute, rule, severity, message });
  };
  const userName = f.userName ?? "";
  const userNameOk = checkUserNameLike("userName", userName, add);
  if (f.nickName !== undefined) {
    const nick = f.nickName ?? "";
    const nickOk = checkUserNameLike("nickName", nick, add);
    if (nickOk !== "empty" && userNameOk !== "empty" && slackUserName(nick) !== slackUserName(userName)) {
      add(
        "nickName",
        "nickname_renames_user",
        "Slack aliases nickName to userName: sending a different nickName renames the user. Map only userName.",
        "warning",
      );
    }
  }
  const display = f.displayName;
  if (display !== undefined && display !== null && display !== "") {
    if (length(display) > SLACK_DISPLAY_NAME_MAX) {
      add(
        "displayName",
        "invalid_name_maxlength",
        `displayName has ${length(display)} characters; Slack allows at most ${SLACK_DISPLAY_NAME_MAX}. Shorten it, for example with Left([displayName], 80).`,
      );
    }
    if (display.trimStart().startsWith("@")) {
      add(
        "displayName",
        "invalid_starts_with_at",
        'displayName starts with "@"; Slack rejects it. Remove the "@" in Entra ID or with Replace([displayName], "@", , , "", , ).',
      );
    }
    if (display.trimStart().slice(1).includes("@")) {
      add(
        "displayName",
        "invalid_name_specials",
        'displayName contains "@" (often an email used as a name); Slack rejects it. Map a name without "@", e.g. Join(" ", [givenName], [surname]).',
      );
    }
    if (EMOJI.test(display)) {
      add(
        "displayName",
        "invalid_emoji_not_allowed",
        "displayName contains an emoji; Slack rejects it. Remove the emoji in Entra ID.",
      );
    }
    if (RESERVED_DISPLAY_NAMES.includes(display.trim().toLowerCase())) {
      add(
        "displayName",
        "invalid_reserved_word",
        `displayName "${display.trim()}" is a word Slack reserves for mentions; choose another name.`,
      );
    }
  }
  if (f.hasName) {
    const given = f.givenName ?? "";
    const family = f.familyName ?? "";
    if ((given !== "" || family !== "") && given.trim() === "" && family.trim() === "") {
      add(
        "name",
        "invalid_name_required",
        "name.givenName and name.familyName are only spaces; Slack needs a real name in at least one. Fill in givenName or surname in Entra ID.",
      );
    }
  }
  const email = f.primaryEmail ?? "";
  if (email.trim() === "") {
    add(
      "emails",
      "email_empty",
      'Slack requires a primary (work) email. Fill in "mail" in Entra ID, or map Coalesce([mail], [userPrincipalName]).',
    );
  } else if (!EMAIL.test(email.trim())) {
    add(
      "emails",
      "bad_email_address",
      `The primary email "${email}" is not a valid address; fix it in Entra ID or change the email mapping.`,
    );
  }
  return problems;
}

/** What Slack says about a blank or too long userName, and about its alias nickName. */
const USER_NAME_LIKE = {
  userName: {
    empty:
      "Slack requires a userName. Fill in the source attribute (by default userPrincipalName) or change the userName mapping.",
    longRule: "long_username",
    long: (converted: string) =>
      `The userName becomes "${converted}" in Slack (${length(converted)} characters); Slack allows at most ${SLACK_USERNAME_MAX}. Map a shorter source, or shorten it with an expression such as Left(Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , ), 21).`,
  },
  nickName: {
    empty: "nickName is Slack's userName alias and cannot be empty; stop mapping nickName or give it a value.",
    longRule: "long_nickname",
    long: (converted: string) =>
      `nickName has ${length(converted)} characters after Slack's conversion; Slack allows at most ${SLACK_USERNAME_MAX}.`,
  },
} as const;

/** Checks a userName-like value (userName, or its alias nickName): not blank, at most 21 characters once converted. */
function checkUserNameLike(
  attribute: keyof typeof USER_NAME_LIKE,
  value: string,
  add: (attribute: string, rule: string, message: string) => void,
): "empty" | "tooLong" | "ok" {
  const says = USER_NAME_LIKE[attribute];
  if (value.trim() === "") {
    add(attribute, "username_empty", says.empty);
    return "empty";
  }
  const converted = slackUserName(value);
  if (length(converted) <= SLACK_USERNAME_MAX) return "ok";
  add(attribute, says.longRule, says.long(converted));
  return "tooLong";
}
