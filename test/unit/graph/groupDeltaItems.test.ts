import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toGroupDeltaItems } from "../../../shared/graph/groupDeltaItems";
import { managerChangeOf } from "../../../shared/graph/managerChange";

const user = (id: string, removed = false) => ({
  "@odata.type": "#microsoft.graph.user",
  id,
  ...(removed ? { "@removed": { reason: "deleted" } } : {}),
});

void describe("toGroupDeltaItems", () => {
  const cases: {
    name: string;
    values: unknown[];
    expected: unknown[];
  }[] = [
    {
      name: "a group without members@delta has empty member lists",
      values: [{ id: "g1", displayName: "Sales" }],
      expected: [{ kind: "present", object: { id: "g1", displayName: "Sales", membersAdded: [], membersRemoved: [] } }],
    },
    {
      name: "additions, removals and types (user, group, other)",
      values: [
        {
          id: "g1",
          displayName: "Sales",
          "members@delta": [
            user("u1"),
            user("u2", true),
            { "@odata.type": "#microsoft.graph.group", id: "g2" },
            { "@odata.type": "#microsoft.graph.orgContact", id: "c1" },
          ],
        },
      ],
      expected: [
        {
          kind: "present",
          object: {
            id: "g1",
            displayName: "Sales",
            membersAdded: [
              { id: "u1", type: "user" },
              { id: "g2", type: "group" },
              { id: "c1", type: "other" },
            ],
            membersRemoved: [{ id: "u2", type: "user" }],
          },
        },
      ],
    },
    {
      name: "a group repeated within the page is merged at its first position",
      values: [
        { id: "g1", displayName: "Sales", "members@delta": [user("u1")] },
        { id: "g2", displayName: "Ops" },
        { id: "g1", displayName: "Sales", "members@delta": [user("u2"), user("u3", true)] },
      ],
      expected: [
        {
          kind: "present",
          object: {
            id: "g1",
            displayName: "Sales",
            membersAdded: [
              { id: "u1", type: "user" },
              { id: "u2", type: "user" },
            ],
            membersRemoved: [{ id: "u3", type: "user" }],
          },
        },
        { kind: "present", object: { id: "g2", displayName: "Ops", membersAdded: [], membersRemoved: [] } },
      ],
    },
    {
      name: "a later entry for the same member wins (remove then add = added)",
      values: [
        { id: "g1", "members@delta": [user("u1", true)] },
        { id: "g1", "members@delta": [user("u1")] },
      ],
      expected: [
        { kind: "present", object: { id: "g1", membersAdded: [{ id: "u1", type: "user" }], membersRemoved: [] } },
      ],
    },
    {
      name: "removed groups keep their reason and split merge windows",
      values: [
        { id: "g1", displayName: "A" },
        { id: "g1", "@removed": { reason: "changed" } },
        { id: "g1", displayName: "A" },
        { id: "g5", "@removed": { reason: "deleted" } },
      ],
      expected: [
        { kind: "present", object: { id: "g1", displayName: "A", membersAdded: [], membersRemoved: [] } },
        { kind: "removed", id: "g1", reason: "changed" },
        { kind: "present", object: { id: "g1", displayName: "A", membersAdded: [], membersRemoved: [] } },
        { kind: "removed", id: "g5", reason: "deleted" },
      ],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(toGroupDeltaItems(c.values), c.expected));
  }

  void it("rejects items without an id and malformed members@delta", () => {
    assert.throws(() => toGroupDeltaItems([{ displayName: "x" }]), /no id/);
    assert.throws(() => toGroupDeltaItems([{ id: "g", "members@delta": {} }]), /not a list/);
    assert.throws(() => toGroupDeltaItems([{ id: "g", "members@delta": [{}] }]), /no id/);
  });
});

void describe("managerChangeOf", () => {
  const table: [string, Record<string, unknown>, { id: string | null } | undefined][] = [
    ["absent key: unchanged", { id: "u" }, undefined],
    ["new manager", { id: "u", "manager@delta": [user("m1")] }, { id: "m1" }],
    ["replaced manager", { id: "u", "manager@delta": [user("m2"), user("m1", true)] }, { id: "m2" }],
    ["removed manager", { id: "u", "manager@delta": [user("m1", true)] }, { id: null }],
    ["empty list: removed", { id: "u", "manager@delta": [] }, { id: null }],
  ];
  for (const [name, item, expected] of table) void it(name, () => assert.deepEqual(managerChangeOf(item), expected));
});
