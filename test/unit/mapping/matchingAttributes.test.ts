import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UserMapping } from "../../../shared/mapping/AttributeMapping";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { mapUser } from "../../../shared/mapping/mapUser";
import { matchingAttributes } from "../../../shared/mapping/matchingAttributes";
import { TARGET } from "../../../shared/mapping/scimTargets";
import { FULL_USER } from "./fixtures";

void describe("matchingAttributes", () => {
  const cases: { name: string; user: Record<string, unknown>; want: { target: string; value: string }[] }[] = [
    {
      name: "userName, then email",
      user: FULL_USER,
      want: [
        { target: TARGET.userName, value: "zoe.muller@contoso.com" },
        { target: TARGET.workEmail, value: "Zoe.Muller@contoso.com" },
      ],
    },
    {
      name: "no mail → userName only",
      user: { ...FULL_USER, mail: null },
      want: [{ target: TARGET.userName, value: "zoe.muller@contoso.com" }],
    },
    {
      name: "no UPN → email only",
      user: { ...FULL_USER, userPrincipalName: " " },
      want: [{ target: TARGET.workEmail, value: "Zoe.Muller@contoso.com" }],
    },
    { name: "neither → nothing", user: { id: "x" }, want: [] },
  ];
  for (const c of cases) {
    void it(c.name, () =>
      assert.deepEqual(
        matchingAttributes(mapUser({ id: "x", ...c.user }, DEFAULT_USER_MAPPING), DEFAULT_USER_MAPPING),
        c.want,
      ),
    );
  }

  void it("orders by precedence, not by mapping order", () => {
    const mapping: UserMapping = {
      attributes: [
        { target: TARGET.workEmail, source: { kind: "attribute", name: "mail" }, flow: "always", matching: 1 },
        {
          target: TARGET.userName,
          source: { kind: "attribute", name: "userPrincipalName" },
          flow: "always",
          matching: 2,
        },
      ],
    };
    assert.deepEqual(
      matchingAttributes(mapUser(FULL_USER, mapping), mapping).map((m) => m.target),
      [TARGET.workEmail, TARGET.userName],
    );
  });
});
