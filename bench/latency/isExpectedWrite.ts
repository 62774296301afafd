import type { ExpectedWrite, LoggedRequest } from "./ExpectedWrite";

/** Pure: whether a request the Slack emulator logged is the write `expect` describes (only answered 2xx count). */
export function isExpectedWrite(expect: ExpectedWrite, request: LoggedRequest): boolean {
  if (request.status < 200 || request.status > 299) return false;
  const method = request.method.toUpperCase();
  const resource = usersResource(request.path);
  switch (expect.kind) {
    case "value":
      return (
        (method === "PATCH" || method === "PUT") && resource === expect.slackId && carries(request.body, expect.value)
      );
    case "deactivate":
      return resource === expect.slackId && (method === "DELETE" || (method === "PATCH" && setsInactive(request.body)));
    case "create":
      return method === "POST" && resource === "" && sameUserName(request.body, expect.userName);
  }
}

/** "" for /Users itself, the id for /Users/{id}, undefined for anything else (Groups, a query of Users…). */
function usersResource(path: string): string | undefined {
  const bare = path.split("?")[0] ?? "";
  const match = /\/Users(?:\/([^/]+))?\/?$/.exec(bare);
  if (!match) return undefined;
  return match[1] === undefined ? "" : decodeURIComponent(match[1]);
}

/** Whether the string `value` occurs as a value anywhere in the body. */
function carries(body: unknown, value: string): boolean {
  if (body === value) return true;
  if (Array.isArray(body)) return body.some((b) => carries(b, value));
  if (typeof body === "object" && body !== null) return Object.values(body).some((b) => carries(b, value));
  return false;
}

/** A PatchOp that sets active to false: `{op, path: "active", value: false}` or `{op, value: {active: false}}`. */
function setsInactive(body: unknown): boolean {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations)) return false;
  return operations.some((raw: unknown) => {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown } | null;
    if (typeof op?.op !== "string" || op.op.toLowerCase() === "remove") return false;
    if (typeof op.path === "string") return op.path.toLowerCase() === "active" && isFalse(op.value);
    return isFalse((op.value as { active?: unknown } | null)?.active);
  });
}

const isFalse = (v: unknown) => v === false || (typeof v === "string" && v.toLowerCase() === "false");

function sameUserName(body: unknown, userName: string): boolean {
  const given = (body as { userName?: unknown } | null)?.userName;
  if (typeof given !== "string") return false;
  const local = (s: string) => (s.split("@")[0] ?? "").toLowerCase();
  return local(given) === local(userName);
}
