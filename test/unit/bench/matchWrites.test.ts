import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ExpectedWrite, LoggedRequest, TimedChange } from "../../../bench/latency/ExpectedWrite";
import { isExpectedWrite } from "../../../bench/latency/isExpectedWrite";
import { matchWrites } from "../../../bench/latency/matchWrites";

const T = Date.parse("2026-05-01T10:00:00.000Z");
const iso = (ms: number) => new Date(T + ms).toISOString();
const patch = (id: string, ops: unknown[], over: Partial<LoggedRequest> = {}): LoggedRequest => ({
  method: "PATCH",
  path: `/scim/v2/Users/${id}`,
  status: 200,
  time: iso(0),
  body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops },
  ...over,
});
const post = (userName: string, over: Partial<LoggedRequest> = {}): LoggedRequest => ({
  method: "POST",
  path: "/scim/v2/Users",
  status: 201,
  time: iso(0),
  body: { userName, emails: [{ value: userName, primary: true }] },
  ...over,
});

void describe("isExpectedWrite", () => {
  const title: ExpectedWrite = { kind: "value", slackId: "U1", value: "Latency spaced3" };
  const off: ExpectedWrite = { kind: "deactivate", slackId: "U1" };
  const create: ExpectedWrite = { kind: "create", userName: "lat.x.1@contoso.example" };
  const cases: { name: string; expect: ExpectedWrite; request: LoggedRequest; want: boolean }[] = [
    {
      name: "a PATCH of the user carrying the title",
      expect: title,
      request: patch("U1", [{ op: "replace", path: "title", value: "Latency spaced3" }]),
      want: true,
    },
    {
      name: "the title inside a value object",
      expect: title,
      request: patch("U1", [{ op: "replace", value: { title: "Latency spaced3" } }]),
      want: true,
    },
    {
      name: "another user's PATCH with that title",
      expect: title,
      request: patch("U2", [{ op: "replace", path: "title", value: "Latency spaced3" }]),
      want: false,
    },
    {
      name: "the user's PATCH with another title",
      expect: title,
      request: patch("U1", [{ op: "replace", path: "title", value: "Latency spaced30" }]),
      want: false,
    },
    {
      name: "a PATCH answered 429 has not arrived",
      expect: title,
      request: patch("U1", [{ op: "replace", path: "title", value: "Latency spaced3" }], { status: 429 }),
      want: false,
    },
    {
      name: "a GET of the user (a query string mentioning the value) is not a write",
      expect: title,
      request: { method: "GET", path: "/scim/v2/Users/U1", status: 200, time: iso(0) },
      want: false,
    },
    {
      name: "a PUT of the user with the title",
      expect: title,
      request: {
        method: "PUT",
        path: "/scim/v2/Users/U1",
        status: 200,
        time: iso(0),
        body: { title: "Latency spaced3" },
      },
      want: true,
    },
    {
      name: "a PATCH setting active false",
      expect: off,
      request: patch("U1", [{ op: "replace", path: "active", value: false }]),
      want: true,
    },
    {
      name: "active false in a value object, op in capitals",
      expect: off,
      request: patch("U1", [{ op: "Replace", value: { active: false } }]),
      want: true,
    },
    {
      name: 'active "False" as a string',
      expect: off,
      request: patch("U1", [{ op: "replace", path: "Active", value: "False" }]),
      want: true,
    },
    {
      name: "a reactivation is not a deactivation",
      expect: off,
      request: patch("U1", [{ op: "replace", path: "active", value: true }]),
      want: false,
    },
    {
      name: "a DELETE of the user deactivates it",
      expect: off,
      request: { method: "DELETE", path: "/scim/v2/Users/U1", status: 204, time: iso(0) },
      want: true,
    },
    {
      name: "a group PATCH removing the user is not its deactivation",
      expect: off,
      request: {
        method: "PATCH",
        path: "/scim/v2/Groups/G1",
        status: 200,
        time: iso(0),
        body: { Operations: [{ op: "remove", path: 'members[value eq "U1"]' }] },
      },
      want: false,
    },
    { name: "a POST /Users with the UPN", expect: create, request: post("lat.x.1@contoso.example"), want: true },
    { name: "a POST /Users with the local part, other case", expect: create, request: post("Lat.X.1"), want: true },
    { name: "a POST of another user", expect: create, request: post("lat.x.10@contoso.example"), want: false },
    {
      name: "a refused POST (409) has not arrived",
      expect: create,
      request: post("lat.x.1@contoso.example", { status: 409 }),
      want: false,
    },
    {
      name: "a POST /Groups naming the user is not its create",
      expect: create,
      request: post("lat.x.1@contoso.example", { path: "/scim/v2/Groups" }),
      want: false,
    },
  ];
  for (const c of cases) void it(c.name, () => assert.equal(isExpectedWrite(c.expect, c.request), c.want));
});

void describe("matchWrites", () => {
  const change = (label: string, at: number, expect: ExpectedWrite): TimedChange => ({
    label,
    kind: "jobTitle",
    at: T + at,
    expect,
  });
  const a = change("a", 0, { kind: "value", slackId: "U1", value: "A" });
  const b = change("b", 1000, { kind: "deactivate", slackId: "U2" });
  const c = change("c", 2000, { kind: "create", userName: "c@contoso.example" });

  void it("each change gets the first matching write at or after it, and its latency", () => {
    const log: LoggedRequest[] = [
      post("c@contoso.example", { time: iso(9000) }),
      patch("U1", [{ op: "replace", path: "title", value: "A" }], { time: iso(4000) }),
      patch("U2", [{ op: "replace", path: "active", value: false }], { time: iso(3500) }),
      patch("U1", [{ op: "replace", path: "title", value: "A" }], { time: iso(2500) }),
    ];
    const m = matchWrites([a, b, c], log);
    assert.deepEqual(
      m.map((x) => [x.change.label, x.latencyMs]),
      [
        ["a", 2500],
        ["b", 2500],
        ["c", 7000],
      ],
    );
    assert.equal(m[0]?.arrivedAt, T + 2500);
  });

  void it("a write from before the change is not its effect; a change without a write has not arrived", () => {
    const log = [
      patch("U2", [{ op: "replace", path: "active", value: false }], { time: iso(999) }),
      patch("U1", [{ op: "replace", path: "title", value: "A" }], { time: iso(0) }),
    ];
    const m = matchWrites([a, b], log);
    assert.equal(m[0]?.latencyMs, 0, "a write in the same millisecond counts");
    assert.equal(m[1]?.latencyMs, undefined);
    assert.equal(m[1]?.arrivedAt, undefined);
  });

  void it("entries with an unreadable time are skipped; no changes, no arrivals", () => {
    const log = [patch("U1", [{ op: "replace", path: "title", value: "A" }], { time: "not a time" })];
    assert.equal(matchWrites([a], log)[0]?.latencyMs, undefined);
    assert.deepEqual(matchWrites([], log), []);
  });
});
