/**
 * How group memberships are written, counted in the Slack emulator's request log, end to end through the local stack:
 * - when users arrive in a full (initial) users round, each Slack group gets its members after the round, in at most
 *   ⌈members / 5,000⌉ + 1 PATCHes (the groups round's reconcile, which creates the empty group, is the + 1), and holds
 *   exactly its members once the cycle reports converged;
 * - a member added later to a big group costs one PATCH naming that member, and no read of the Slack group.
 * (The in-memory counterpart with more than 5,000 members is test/unit/engine/deferredMembersCycle; the link reads of a
 * member-change run are counted in test/unit/engine/memberChanges.)
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RequestLogEntry } from "../../dev/slack-emulator/RequestLog";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { GROUP_MEMBER_BATCH } from "../../shared/slack/SlackGroup";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { runCycle } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const DOMAIN = "contoso.example";
const USERS = 250;
const HALF = 120;
const FEW = 40;

void describe("group membership writes in a full round and for one later member (Slack request log)", () => {
  let stack: LocalStack;
  const entra = { users: [] as string[], late: "", all: "" };

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      deltaPageSize: 100,
      settings: {
        SLACK_MAX_WRITES_PER_MINUTE: "100000",
        SLACK_MAX_READS_PER_MINUTE: "100000",
        DEACTIVATION_THRESHOLD_PERCENT: "100",
      },
      seed: (graph) => {
        const d = graph.directory;
        const user = (local: string, enabled = true) =>
          d.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local.replace(".", " "),
            accountEnabled: enabled,
          }).id;
        for (let i = 0; i < USERS; i++) entra.users.push(user(`member.${i}`));
        // In All (so in scope), sign-in blocked: not provisioned by the first cycle.
        entra.late = user("late.member", false);
        const inner = d.createGroup({ displayName: "Half Inner", members: entra.users.slice(0, HALF) }).id;
        entra.all = d.createGroup({ displayName: "All", members: [...entra.users, entra.late] }).id;
        const groups = [
          entra.all,
          d.createGroup({ displayName: "Half", members: [{ id: inner, type: "group" }] }).id,
          d.createGroup({ displayName: "Few", members: entra.users.slice(0, FEW) }).id,
        ];
        for (const id of groups) d.assign({ principalId: id, principalType: "Group" });
      },
    });
  });
  after(async () => {
    await stack?.stop();
  });

  const slackGroup = (name: string) => stack.slack.store.listGroups().find((g) => g.displayName === name);
  const slackIdOf = (local: string) => stack.slack.store.listUsers().find((u) => u.userName === local)?.id;
  const groupRequests = (requests: RequestLogEntry[], groupId: string) =>
    requests.filter((r) => r.path.split("?")[0] === `/scim/v2/Groups/${groupId}`);

  void it(`${USERS} users arriving in the initial round: each group's members in at most ⌈m/5000⌉+1 PATCHes, exact`, async (t) => {
    const r = await runCycle(stack, { timeoutMs: 300_000 });
    assert.equal(r.full, true);
    assert.equal(r.counts.byStatus.Failure ?? 0, 0, JSON.stringify(r.rejected));
    assert.equal(r.counts.byAction.Create, USERS);

    const requests = stack.slack.store.requests();
    const expected: [string, number][] = [
      ["All", USERS],
      ["Half", HALF],
      ["Few", FEW],
    ];
    for (const [name, size] of expected) {
      const group = slackGroup(name);
      assert.ok(group, `${name} exists in Slack`);
      const want = Array.from({ length: size }, (_, i) => slackIdOf(`member.${i}`)).sort();
      assert.deepEqual(
        group.members.map((m) => m.value).sort(),
        want,
        `${name} holds exactly its members when the cycle reports converged`,
      );
      const patches = groupRequests(requests, group.id).filter((x) => x.method === "PATCH");
      const bound = Math.ceil(size / GROUP_MEMBER_BATCH) + 1;
      t.diagnostic(`${name}: ${size} members, ${patches.length} PATCH /Groups request(s) (at most ${bound})`);
      assert.ok(patches.length <= bound, `${name}: ${patches.length} PATCHes, at most ${bound}`);
    }
  });

  void it("a member added to the big group later costs one PATCH naming it, and no read of the group", async () => {
    const all = slackGroup("All");
    assert.ok(all);
    stack.graph.directory.updateUser(entra.late, { accountEnabled: true });
    stack.slack.store.clearRequests();

    const res = await fetch(`${stack.apiUrl()}/provision/users/${entra.late}`, { method: "POST" });
    assert.equal(res.status, 200, await res.text());
    const lateId = await waitFor(() => slackIdOf("late.member"), { what: "late.member in Slack" });
    await waitFor(() => slackGroup("All")?.members.some((m) => m.value === lateId), {
      timeoutMs: 30_000,
      what: "late.member in the Slack group All",
    });

    const requests = groupRequests(stack.slack.store.requests(), all.id);
    assert.deepEqual(
      requests.map((x) => x.method),
      ["PATCH"],
      "one PATCH, no GET of the group",
    );
    assert.deepEqual((requests[0]?.body as { Operations?: unknown }).Operations, [
      { op: "add", path: "members", value: [{ value: lateId }] },
    ]);
    assert.equal(slackGroup("All")?.members.length, USERS + 1);
    // The run appends its record after its PATCH: wait for it.
    const records = async () =>
      (await (await fetch(`${stack.apiUrl()}/activity/groups/${entra.all}`)).json()) as (ActivityRecord & {
        membersAdded?: string[];
      })[];
    await waitFor(
      async () =>
        (await records()).some(
          (x) => x.action === "Update" && (x.membersAdded ?? []).join() === `late.member@${DOMAIN}`,
        ),
      { what: "an Update record of All naming late.member, alone" },
    );
  });
});
