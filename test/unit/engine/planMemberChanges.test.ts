/**
 * planMemberChanges: the edits of a member-change run, decided from the users' state now. A table of cases, and a
 * property: applied to any Slack group, the edits leave every changed user in it exactly when it should be there, and
 * every other member as it was.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { MemberState } from "../../../shared/engine/planMemberChanges";
import { planMemberChanges } from "../../../shared/engine/planMemberChanges";

const ids = (edits: readonly { slackId: string }[]) => edits.map((e) => e.slackId);

interface Case {
  name: string;
  states: MemberState[];
  add: string[];
  remove: string[];
}

const cases: Case[] = [
  {
    name: "a member with an active Slack account is added",
    states: [{ userId: "u1", member: true, slackId: "S1", slackActive: true }],
    add: ["S1"],
    remove: [],
  },
  {
    name: "a member whose Slack account is deactivated is removed (Slack drops it anyway; another server may not)",
    states: [{ userId: "u1", member: true, slackId: "S1", slackActive: false }],
    add: [],
    remove: ["S1"],
  },
  {
    name: "a user who left the group is removed although its account is active",
    states: [{ userId: "u1", member: false, slackId: "S1", slackActive: true }],
    add: [],
    remove: ["S1"],
  },
  {
    name: "a user without a Slack account is nothing to Slack, member or not",
    states: [
      { userId: "u1", member: true },
      { userId: "u2", member: false },
    ],
    add: [],
    remove: [],
  },
  {
    name: "an account whose active state is unknown is not added (as the reconcile: only active accounts are members)",
    states: [{ userId: "u1", member: true, slackId: "S1" }],
    add: [],
    remove: ["S1"],
  },
  {
    name: "a user named by several changes is edited once",
    states: [
      { userId: "u1", member: true, slackId: "S1", slackActive: true },
      { userId: "u1", member: true, slackId: "S1", slackActive: true },
      { userId: "u2", member: true, slackId: "S2", slackActive: true },
    ],
    add: ["S1", "S2"],
    remove: [],
  },
  {
    name: "adds and removes together, in the users' order",
    states: [
      { userId: "u3", member: true, slackId: "S3", slackActive: true },
      { userId: "u1", member: false, slackId: "S1", slackActive: true },
      { userId: "u2", member: true, slackId: "S2", slackActive: true },
    ],
    add: ["S3", "S2"],
    remove: ["S1"],
  },
];

void describe("planMemberChanges", () => {
  for (const c of cases) {
    void it(c.name, () => {
      const plan = planMemberChanges(c.states);
      assert.deepEqual(ids(plan.add), c.add);
      assert.deepEqual(ids(plan.remove), c.remove);
    });
  }

  void it("names each edit by the user's UPN, or by its object id when the link has none", () => {
    const plan = planMemberChanges([
      { userId: "u1", member: true, slackId: "S1", slackActive: true, identity: "ann@contoso.example" },
      { userId: "u2", member: false, slackId: "S2", slackActive: true },
    ]);
    assert.deepEqual(plan.add, [{ slackId: "S1", identity: "ann@contoso.example" }]);
    assert.deepEqual(plan.remove, [{ slackId: "S2", identity: "u2" }]);
  });

  void it("property: the edits, applied to any Slack group, make each changed user's membership exact and leave the rest", () => {
    const user = fc.record({
      n: fc.integer({ min: 0, max: 30 }),
      member: fc.boolean(),
      linked: fc.boolean(),
      slackActive: fc.option(fc.boolean(), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(user, { maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }),
        (users, slackGroup) => {
          // One state per user (the latest), each user with its own Slack id.
          const latest = new Map(users.map((u) => [u.n, u]));
          const states: MemberState[] = [...latest.values()].map((u) => ({
            userId: `u${u.n}`,
            member: u.member,
            ...(u.linked ? { slackId: `S${u.n}` } : {}),
            ...(u.slackActive !== undefined ? { slackActive: u.slackActive } : {}),
          }));
          const before = new Set(slackGroup.map((n) => `S${n}`));
          const plan = planMemberChanges(states);
          // PATCH add of a member already there, and remove of one that is not, change nothing.
          const after = new Set(before);
          for (const e of plan.add) after.add(e.slackId);
          for (const e of plan.remove) after.delete(e.slackId);
          for (const s of states) {
            if (!s.slackId) continue;
            assert.equal(after.has(s.slackId), s.member && s.slackActive === true, `${s.userId}`);
          }
          const changed = new Set(states.flatMap((s) => (s.slackId ? [s.slackId] : [])));
          for (const id of before) if (!changed.has(id)) assert.ok(after.has(id), `${id} untouched`);
          for (const id of after) if (!changed.has(id)) assert.ok(before.has(id), `${id} not added`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
