import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { MappedUser } from "../../../shared/mapping/MappedUser";
import { TARGET } from "../../../shared/mapping/scimTargets";
import type { ScimUser } from "../../../shared/slack/ScimUser";
import { slackUserName } from "../../../shared/slack/slackUserName";
import { validateMappedUser } from "../../../shared/validation/validateMappedUser";
import { validateScimUser } from "../../../shared/validation/validateScimUser";

const base: ScimUser = {
  userName: "ann.lee@contoso.com",
  displayName: "Ann Lee",
  name: { givenName: "Ann", familyName: "Lee" },
  emails: [{ value: "ann.lee@contoso.com", type: "work", primary: true }],
};

function rules(user: ScimUser): string[] {
  return validateScimUser(user).map((p) => `${p.attribute}:${p.rule}`);
}

void describe("validateScimUser: every rule (table)", () => {
  const cases: { name: string; edit: Partial<ScimUser>; want: string[] }[] = [
    { name: "a good user", edit: {}, want: [] },
    { name: "userName missing", edit: { userName: "" }, want: ["userName:username_empty"] },
    { name: "userName blank", edit: { userName: "   " }, want: ["userName:username_empty"] },
    {
      name: "userName 21 characters after conversion is fine",
      edit: { userName: "abcdefghijklmnopqrstu@contoso.com" },
      want: [],
    },
    {
      name: "userName 22 characters after conversion",
      edit: { userName: "abcdefghijklmnopqrstuv@contoso.com" },
      want: ["userName:long_username"],
    },
    {
      name: "long domain does not count",
      edit: { userName: "ann@a-very-very-very-long-subdomain.contoso.com" },
      want: [],
    },
    { name: "displayName 80 is fine", edit: { displayName: "x".repeat(80) }, want: [] },
    { name: "displayName 81", edit: { displayName: "x".repeat(81) }, want: ["displayName:invalid_name_maxlength"] },
    {
      name: "displayName starting with @",
      edit: { displayName: "@ann" },
      want: ["displayName:invalid_starts_with_at"],
    },
    {
      name: "displayName with @ inside",
      edit: { displayName: "ann@contoso.com" },
      want: ["displayName:invalid_name_specials"],
    },
    {
      name: "displayName with both",
      edit: { displayName: "@ann@x" },
      want: ["displayName:invalid_starts_with_at", "displayName:invalid_name_specials"],
    },
    { name: "displayName emoji", edit: { displayName: "Ann 🎉" }, want: ["displayName:invalid_emoji_not_allowed"] },
    {
      name: "displayName reserved word",
      edit: { displayName: "Everyone" },
      want: ["displayName:invalid_reserved_word"],
    },
    {
      name: "displayName with accents, apostrophes, brackets is fine",
      edit: { displayName: "Zoë O'Brien (Ops) / Berlin; Team, A" },
      want: [],
    },
    {
      name: "names only spaces",
      edit: { name: { givenName: "  ", familyName: " " } },
      want: ["name:invalid_name_required"],
    },
    {
      name: "one name only spaces, other absent",
      edit: { name: { givenName: "  " } },
      want: ["name:invalid_name_required"],
    },
    { name: "one real name is enough", edit: { name: { givenName: "  ", familyName: "Lee" } }, want: [] },
    { name: "no emails", edit: { emails: [] }, want: ["emails:email_empty"] },
    {
      name: "invalid email",
      edit: { emails: [{ value: "ann.lee", primary: true }] },
      want: ["emails:bad_email_address"],
    },
    {
      name: "email with a space",
      edit: { emails: [{ value: "ann lee@contoso.com", primary: true }] },
      want: ["emails:bad_email_address"],
    },
    {
      name: "primary picked by primary:true",
      edit: {
        emails: [
          { value: "bad", type: "work" },
          { value: "ann@contoso.com", primary: true },
        ],
      },
      want: [],
    },
    {
      name: "primary picked by type work",
      edit: {
        emails: [
          { value: "x@y.z", type: "home" },
          { value: "bad", type: "work" },
        ],
      },
      want: ["emails:bad_email_address"],
    },
    {
      name: "nickName too long",
      edit: { nickName: "abcdefghijklmnopqrstuvwxyz", userName: "abcdefghijklmnopqrstuvwxyz" },
      want: ["userName:long_username", "nickName:long_nickname"],
    },
    { name: "nickName empty", edit: { nickName: " " }, want: ["nickName:username_empty"] },
    {
      name: "nickName different from userName (warning)",
      edit: { nickName: "annie" },
      want: ["nickName:nickname_renames_user"],
    },
    { name: "nickName equal after conversion", edit: { nickName: "Ann.Lee" }, want: [] },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(rules({ ...base, ...c.edit }), c.want));
  }

  void it("every message says how to fix it and the warning is marked", () => {
    const all = validateScimUser({ userName: " ", nickName: "x", displayName: "@a@b 🎉" + "x".repeat(80), emails: [] });
    assert.ok(all.length >= 5);
    for (const p of all) assert.ok(p.message.length > 30, p.message);
    assert.ok(
      all.every((p) => (p.rule === "nickname_renames_user" ? p.severity === "warning" : p.severity === "error")),
    );
  });

  void it("long_username exactly when Slack's converted userName exceeds 21 characters", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
        (userName) => {
          const long = rules({ ...base, userName }).includes("userName:long_username");
          assert.equal(long, Array.from(slackUserName(userName)).length > 21);
        },
      ),
    );
  });
});

void describe("validateMappedUser", () => {
  const mapped = (values: Record<string, string | null>, extra: Partial<MappedUser> = {}): MappedUser => ({
    values,
    flows: Object.fromEntries(Object.keys(values).map((k) => [k, "always" as const])),
    ...extra,
  });

  void it("checks mapped values like a create body", () => {
    const problems = validateMappedUser(
      mapped({
        [TARGET.userName]: "a-very-long-user-name-indeed",
        [TARGET.workEmail]: null,
        [TARGET.displayName]: "@x",
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.rule),
      ["long_username", "invalid_starts_with_at", "email_empty"],
    );
  });

  void it("reports failed expressions and applies create defaults", () => {
    const problems = validateMappedUser(
      mapped(
        { [TARGET.userName]: "ann", [TARGET.workEmail]: null },
        { errors: { title: "Item: index 0 is invalid." }, defaults: { [TARGET.workEmail]: "it@contoso.com" } },
      ),
    );
    assert.deepEqual(
      problems.map((p) => `${p.attribute}:${p.rule}`),
      ["title:expression_failed"],
    );
    assert.match(problems[0]?.message ?? "", /index 0 is invalid/);
  });
});
