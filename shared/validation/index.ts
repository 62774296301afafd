/** Slack pre-flight validation: every problem Slack would raise for a user, before any API call. Pure. */
export type { SlackUserProblem } from "./SlackUserProblem";
export type { SlackUserFields } from "./SlackUserFields";
export { SLACK_DISPLAY_NAME_MAX, SLACK_USERNAME_MAX, slackUserProblems } from "./slackUserProblems";
export { scimUserFields, validateScimUser } from "./validateScimUser";
export { mappedUserFields, validateMappedUser } from "./validateMappedUser";
