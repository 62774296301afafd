import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OwnerStanding } from "../../../../shared/slack/health/readOwnerStanding";
import { readOwnerStanding } from "../../../../shared/slack/health/readOwnerStanding";

const ROWS: { name: string; roles: unknown; active?: boolean; want: OwnerStanding }[] = [
  { name: "no roles", roles: undefined, want: { standing: "unknown", active: true } },
  { name: "empty roles", roles: [], want: { standing: "unknown", active: true } },
  {
    name: "an account entry: Admin",
    roles: [{ value: "Admin", type: "account" }],
    want: { standing: "admin", role: "Admin", active: true },
  },
  {
    name: "account type any case",
    roles: [{ value: "org_owner", type: "Account" }],
    want: { standing: "admin", role: "org_owner", active: true },
  },
  {
    name: "an account entry: Member",
    roles: [{ value: "Member", type: "account" }],
    want: { standing: "notAdmin", role: "Member", active: true },
  },
  {
    name: "the account entry beats a custom role naming Admin",
    roles: [
      { value: "Admin", primary: true },
      { value: "Member", type: "account" },
    ],
    want: { standing: "notAdmin", role: "Member", active: true },
  },
  {
    name: "a custom role only",
    roles: [{ value: "Tech Lead", primary: true }],
    want: { standing: "unknown", active: true },
  },
  {
    name: "an untyped string naming an owner",
    roles: ["Workspace Owner"],
    want: { standing: "admin", role: "Workspace Owner", active: true },
  },
  {
    name: "garbage entries are ignored",
    roles: [null, 3, { value: "" }, { type: "account" }],
    want: { standing: "unknown", active: true },
  },
  {
    name: "deactivated",
    roles: [{ value: "Admin", type: "account" }],
    active: false,
    want: { standing: "admin", role: "Admin", active: false },
  },
];

void describe("readOwnerStanding", () => {
  for (const row of ROWS) {
    void it(row.name, () => {
      assert.deepEqual(readOwnerStanding({ userName: "o", active: row.active ?? true, roles: row.roles }), row.want);
    });
  }
});
