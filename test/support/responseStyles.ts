import type { ResponseStyle } from "../../dev/slack-emulator/responseStyle";

/** Slack's own answers, then a SCIM server that answers PATCH with 204 No Content and returns minimal resources. */
export const RESPONSE_STYLES: readonly (ResponseStyle | undefined)[] = [
  undefined,
  { writes: "noContent", minimal: true },
];

/** How a suite run against the second style is named. */
export function styleTitle(style: ResponseStyle | undefined): string {
  return style ? " (SCIM server: PATCH answered 204 No Content, minimal resources, group members on request)" : "";
}
