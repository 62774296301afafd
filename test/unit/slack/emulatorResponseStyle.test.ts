import assert from "node:assert/strict";
import { test } from "node:test";
import { SLACK_RESPONSE_STYLE, styleReply } from "../../../dev/slack-emulator/responseStyle";
import { SCIM_ENTERPRISE_SCHEMA } from "../../../shared/slack/ScimUser";

const user = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "U1",
  userName: "ada",
  active: true,
  emails: [{ value: "ada@x.io", primary: true }],
  name: { givenName: "Ada" },
  title: "Eng",
  meta: { resourceType: "User" },
  [SCIM_ENTERPRISE_SCHEMA]: { department: "R&D" },
};
const group = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  id: "S1",
  displayName: "G",
  members: [],
  meta: {},
};

test("emulator response style: Slack's answers pass unchanged", () => {
  const reply = { status: 200, body: user };
  assert.deepEqual(styleReply(SLACK_RESPONSE_STYLE, "PATCH", reply), reply);
});

test("emulator response style: noContent answers PATCH and PUT with 204 and no body, not GET or POST", () => {
  const style = { writes: "noContent" as const, minimal: false };
  assert.deepEqual(styleReply(style, "PATCH", { status: 200, body: user }), { status: 204 });
  assert.deepEqual(styleReply(style, "PUT", { status: 200, body: user }), { status: 204 });
  assert.deepEqual(styleReply(style, "POST", { status: 201, body: user }), { status: 201, body: user });
  assert.deepEqual(styleReply(style, "PATCH", { status: 400, body: { detail: "x" } }), {
    status: 400,
    body: { detail: "x" },
  });
});

test("emulator response style: minimal keeps only schemas, id, userName and emails of a user, and drops a group's meta and (unless asked for) members", () => {
  const style = { writes: "resource" as const, minimal: true };
  assert.deepEqual(Object.keys(styleReply(style, "GET", { status: 200, body: user }).body as object), [
    "schemas",
    "id",
    "userName",
    "emails",
  ]);
  const list = styleReply(style, "GET", { status: 200, body: { totalResults: 1, Resources: [user, group] } }).body as {
    Resources: object[];
  };
  assert.deepEqual(Object.keys(list.Resources[0] ?? {}), ["schemas", "id", "userName", "emails"]);
  assert.deepEqual(Object.keys(list.Resources[1] ?? {}), ["schemas", "id", "displayName"]);
  const asked = styleReply(style, "GET", { status: 200, body: group }, ["members"]).body as object;
  assert.deepEqual(Object.keys(asked), ["schemas", "id", "displayName", "members"]);
});
