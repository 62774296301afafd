import type { Reply } from "./http";
import type { SlackEmulatorStore } from "./SlackEmulatorStore";

/** Whether a path is one of the Web API methods the emulator serves besides OAuth (auth.test). */
export function isWebApiPath(path: string): boolean {
  return path === "/api/auth.test";
}

/**
 * Slack's Web API method `auth.test` (POST, or GET as Slack also takes): the token as `Authorization: Bearer …` or as
 * the `token` form or query field. Always HTTP 200 with Slack's `{"ok": …}` body, as the Web API answers.
 */
export function handleWebApi(
  store: SlackEmulatorStore,
  method: string,
  url: URL,
  headers: { authorization?: string; contentType?: string },
  rawBody: string,
): Reply {
  if (method !== "POST" && method !== "GET") return { status: 405, body: { ok: false, error: "method_not_allowed" } };
  let token = url.searchParams.get("token") ?? undefined;
  if (
    method === "POST" &&
    rawBody !== "" &&
    (headers.contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")
  ) {
    token = new URLSearchParams(rawBody).get("token") ?? token;
  }
  const authorization = headers.authorization ?? (token !== undefined ? `Bearer ${token}` : undefined);
  return { status: 200, body: store.authTest(authorization) };
}
