/**
 * Group-based assignment and group provisioning, end to end through the local stack: an assigned group brings every
 * transitive member (nested groups, nesting cycles) into scope and exists in Slack as a SCIM group whose members are
 * exactly its provisioned, active users; membership changes, renames, reactivation, unassignment and deletion are
 * applied one incremental cycle later. Every group membership write adds listed members or removes one filtered member.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { EmulatorUser as SlackEmulatorUser } from "../../dev/slack-emulator/SlackEmulatorStore";
import type { RequestLogEntry } from "../../dev/slack-emulator/RequestLog";
import type { GraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import type { DemoDirectory } from "../../dev/seed/buildDemoDirectory";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { slackUserName } from "../../shared/slack/slackUserName";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { RESPONSE_STYLES, styleTitle } from "../support/responseStyles";
import { startDemoStack } from "../support/demoStack";
import { runCycle } from "../support/stackCycles";

/** A group activity record: membership changes carry the identities (UPNs) added and removed. */
type GroupActivityRecord = ActivityRecord & { membersAdded?: string[]; membersRemoved?: string[] };

interface SlackStatus {
  users: { total: number; active: number };
  groups: number;
}

// Small test tenants: only the absolute limit of the deletion guard applies (test/e2e/deletionGuard.test.ts tests it).
const FAST = {
  SLACK_MAX_WRITES_PER_MINUTE: "6000",
  SLACK_MAX_READS_PER_MINUTE: "6000",
  DEACTIVATION_THRESHOLD_PERCENT: "100",
};
const DOMAIN = "contoso.example";

/** Every Slack request of every stack this file started, gathered before each stack stops (test 9). */
const slackRequests: RequestLogEntry[] = [];

/** Creates an enabled user named after the local part of its UPN; assigns it directly when asked. */
function makeUser(graph: GraphEmulator, local: string, options: { assign?: boolean; enabled?: boolean } = {}): string {
  const upn = `${local}@${DOMAIN}`;
  const u = graph.directory.createUser({
    userPrincipalName: upn,
    mail: upn,
    displayName: local.replace(".", " "),
    givenName: "Group",
    surname: "Member",
    accountEnabled: options.enabled ?? true,
  });
  if (options.assign) graph.directory.assign({ principalId: u.id });
  return u.id;
}

const upnOf = (local: string) => `${local}@${DOMAIN}`;

/** A short account of a group's activity records, for failure messages. */
const summarize = (records: GroupActivityRecord[]): string =>
  JSON.stringify(
    records.map((x) => ({
      cycleId: x.cycleId,
      action: x.action,
      status: x.status,
      reason: x.reason,
      membersAdded: x.membersAdded,
      membersRemoved: x.membersRemoved,
      modifiedProperties: x.modifiedProperties,
    })),
  );

/** Read-only helpers over one stack's Slack emulator and HTTP API. */
function slackView(stack: () => LocalStack) {
  const user = (userName: string): SlackEmulatorUser | undefined =>
    stack()
      .slack.store.listUsers()
      .find((u) => u.userName === userName);
  const idOf = (userName: string): string => {
    const u = user(userName);
    assert.ok(u, `${userName} exists in Slack`);
    return u.id;
  };
  const group = (displayName: string) =>
    stack()
      .slack.store.listGroups()
      .find((g) => g.displayName === displayName);
  const groupNames = () =>
    stack()
      .slack.store.listGroups()
      .map((g) => g.displayName)
      .sort();
  /** The Slack ids in the group, sorted. */
  const membersOf = (displayName: string): string[] => {
    const g = group(displayName);
    assert.ok(g, `the Slack group ${displayName} exists`);
    return g.members.map((m) => m.value).sort();
  };
  /** The Slack ids of these userNames, sorted. */
  const idsOf = (...userNames: string[]): string[] => userNames.map(idOf).sort();
  const assertActive = (userName: string, active: boolean) =>
    assert.equal(user(userName)?.active, active, `${userName} is ${active ? "active" : "inactive"} in Slack`);
  const groupActivity = async (objectId: string): Promise<GroupActivityRecord[]> => {
    const res = await fetch(`${stack().apiUrl()}/activity/groups/${objectId}`);
    assert.equal(res.status, 200, `GET /activity/groups/${objectId}`);
    return (await res.json()) as GroupActivityRecord[];
  };
  const userActivity = async (objectId: string): Promise<ActivityRecord[]> => {
    const res = await fetch(`${stack().apiUrl()}/activity/users/${objectId}`);
    return (await res.json()) as ActivityRecord[];
  };
  const slackStatus = async (): Promise<SlackStatus> => {
    const res = await fetch(`${stack().apiUrl()}/status/slack`);
    assert.equal(res.status, 200, "GET /status/slack");
    return (await res.json()) as SlackStatus;
  };
  return { user, idOf, group, groupNames, membersOf, idsOf, assertActive, groupActivity, userActivity, slackStatus };
}

for (const style of RESPONSE_STYLES) {
  void describe(`group assignment and group provisioning, end to end${styleTitle(style)}`, () => {
    let stack: LocalStack;
    const s = slackView(() => stack);
    let preseededOps = "";
    const g = { eng: "", platform: "", sre: "", red: "", blue: "", ops: "", alumni: "" };
    const u = {
      ann: "",
      ben: "",
      cat: "",
      dan: "",
      eve: "",
      fay: "",
      rio: "",
      bea: "",
      solo: "",
      out: "",
      gus: "",
      hal: "",
    };

    before(async () => {
      stack = await startLocalStack({
        slackRateLimits: "off",
        enableTimers: false,
        deltaPageSize: 3,
        settings: FAST,
        seed: (graph, slack) => {
          if (style) slack.store.setResponseStyle(style);
          // ann: Eng + direct; ben: Eng only; cat: Platform + Red; dan: SRE only; eve: Platform + direct;
          // fay: SRE, sign-in blocked at first; rio: Red; bea: Blue (Red ↔ Blue cycle); solo: direct + Ops;
          // out: only in Alumni (not assigned).
          u.ann = makeUser(graph, "ann.archer", { assign: true });
          u.ben = makeUser(graph, "ben.baker");
          u.cat = makeUser(graph, "cat.cole");
          u.dan = makeUser(graph, "dan.dale");
          u.eve = makeUser(graph, "eve.east", { assign: true });
          u.fay = makeUser(graph, "fay.fox", { enabled: false });
          u.rio = makeUser(graph, "rio.reyes");
          u.bea = makeUser(graph, "bea.bell");
          u.solo = makeUser(graph, "solo.stone", { assign: true });
          u.out = makeUser(graph, "out.owens");
          const d = graph.directory;
          g.sre = d.createGroup({ displayName: "SRE", members: [u.dan, u.fay] }).id;
          g.platform = d.createGroup({
            displayName: "Platform",
            members: [u.cat, u.eve, { id: g.sre, type: "group" }],
          }).id;
          g.eng = d.createGroup({
            displayName: "Eng",
            members: [u.ann, u.ben, { id: g.platform, type: "group" }],
          }).id;
          g.blue = d.createGroup({ displayName: "Blue", members: [u.bea] }).id;
          g.red = d.createGroup({ displayName: "Red", members: [u.rio, u.cat, { id: g.blue, type: "group" }] }).id;
          d.addMember(g.blue, { id: g.red, type: "group" }); // Blue → Red closes the nesting cycle
          g.ops = d.createGroup({ displayName: "Ops", members: [u.solo] }).id;
          g.alumni = d.createGroup({ displayName: "Alumni", members: [u.out] }).id;
          for (const id of [g.eng, g.red, g.ops]) d.assign({ principalId: id, principalType: "Group" });
          // Slack already has an "Ops" group (with a member Entra does not put there): it is adopted, not duplicated.
          const stranger = slack.store.seedUser({
            userName: "ext.partner",
            displayName: "Ext Partner",
            emails: [{ value: "ext.partner@partner.example", primary: true }],
          });
          preseededOps = slack.store.seedGroup({ displayName: "Ops", members: [stranger.id] }).id;
        },
      });
    });
    after(async () => {
      if (stack) slackRequests.push(...stack.slack.store.requests());
      await stack?.stop();
    });

    void it("1. assigning a group with nested subgroups brings every transitive member and the group into Slack", async () => {
      const r = await runCycle(stack);
      assert.equal(r.counts.byStatus.Failure ?? 0, 0, JSON.stringify(r.rejected));
      for (const name of ["ann.archer", "ben.baker", "cat.cole", "dan.dale", "eve.east", "rio.reyes", "bea.bell"])
        s.assertActive(name, true);
      s.assertActive("solo.stone", true);
      assert.equal(s.user("fay.fox"), undefined, "a member whose sign-in is blocked is not created");
      assert.equal(s.user("out.owens"), undefined, "a member of an unassigned group is out of scope");
      assert.deepEqual(s.groupNames(), ["Eng", "Ops", "Red"], "only assigned groups exist in Slack (no nested ones)");
      assert.deepEqual(
        s.membersOf("Eng"),
        s.idsOf("ann.archer", "ben.baker", "cat.cole", "eve.east", "dan.dale"),
        "Eng holds its direct members and those of Platform and SRE, flattened",
      );
      assert.deepEqual(s.membersOf("Ops"), s.idsOf("solo.stone"));
      assert.equal((await s.slackStatus()).groups, 3);
      const created = (await s.groupActivity(g.eng)).filter((x) => x.action === "Create");
      assert.equal(created.length, 1, "one Create record for the Eng group");
      assert.equal(created[0]?.objectType, "Group");
      assert.equal(created[0]?.status, "Success");
    });

    void it("1b. an existing Slack group with the same displayName is adopted and its members made exact", () => {
      assert.equal(s.group("Ops")?.id, preseededOps, "the pre-existing Slack group was adopted");
      assert.equal(stack.slack.store.listGroups().filter((x) => x.displayName === "Ops").length, 1);
      assert.deepEqual(s.membersOf("Ops"), s.idsOf("solo.stone"), "the member Entra does not hold was removed");
      assert.equal(s.user("ext.partner")?.active, true, "the Slack-only user itself is left alone");
    });

    void it("3. a nesting cycle (Red → Blue → Red) terminates and members of both are in scope", () => {
      s.assertActive("rio.reyes", true);
      s.assertActive("bea.bell", true);
      assert.deepEqual(s.membersOf("Red"), s.idsOf("rio.reyes", "cat.cole", "bea.bell"));
      assert.equal(s.group("Blue"), undefined, "the unassigned nested group is not created");
    });

    void it("2. a member added deep in the chain and one removed are applied one incremental cycle later", async () => {
      u.gus = makeUser(stack.graph, "gus.grant");
      stack.graph.directory.addMember(g.sre, u.gus);
      stack.graph.directory.removeMember(g.sre, u.dan);
      const r = await runCycle(stack);
      assert.equal(r.full, false, "an incremental cycle");
      s.assertActive("gus.grant", true);
      s.assertActive("dan.dale", false);
      assert.equal((await s.userActivity(u.dan))[0]?.action, "Disable");
      assert.deepEqual(s.membersOf("Eng"), s.idsOf("ann.archer", "ben.baker", "cat.cole", "eve.east", "gus.grant"));
      const records = await s.groupActivity(g.eng);
      assert.ok(
        records.some(
          (x) =>
            x.cycleId === r.cycleId && x.action === "Update" && (x.membersAdded ?? []).includes(upnOf("gus.grant")),
        ),
        `an Update record of Eng in cycle ${r.cycleId} lists ${upnOf("gus.grant")} in membersAdded; the group's records: ${summarize(records)}`,
      );
    });

    void it("4. a user assigned directly and through a group leaves scope only when both are gone", async () => {
      // ann loses the group first, eve loses the direct assignment first: both stay.
      stack.graph.directory.removeMember(g.eng, u.ann);
      stack.graph.directory.unassign(u.eve);
      const r1 = await runCycle(stack);
      assert.equal(r1.full, false);
      s.assertActive("ann.archer", true);
      s.assertActive("eve.east", true);
      assert.ok(!s.membersOf("Eng").includes(s.idOf("ann.archer")), "ann left the Slack group");
      assert.ok(s.membersOf("Eng").includes(s.idOf("eve.east")), "eve is still in the Slack group");

      // Now the other path goes too: both leave scope.
      stack.graph.directory.unassign(u.ann);
      stack.graph.directory.removeMember(g.platform, u.eve);
      await runCycle(stack);
      s.assertActive("ann.archer", false);
      s.assertActive("eve.east", false);
      assert.deepEqual(s.membersOf("Eng"), s.idsOf("ben.baker", "cat.cole", "gus.grant"));

      // The first cycle's group record names the member the engine removed (ann stayed active, so Slack did not).
      const records = await s.groupActivity(g.eng);
      assert.ok(
        records.some((x) => x.cycleId === r1.cycleId && (x.membersRemoved ?? []).includes(upnOf("ann.archer"))),
        `an Eng record of cycle ${r1.cycleId} lists ${upnOf("ann.archer")} in membersRemoved; the group's records: ${summarize(records)}`,
      );
    });

    void it("5. a member provisioned after its group is added to the group in the cycle that creates it", async () => {
      stack.graph.directory.updateUser(u.fay, { accountEnabled: true }); // was blocked: created only now
      u.hal = makeUser(stack.graph, "hal.hart"); // new, added to a group that already exists in Slack
      stack.graph.directory.addMember(g.platform, u.hal);
      const r = await runCycle(stack);
      assert.equal(r.full, false);
      s.assertActive("fay.fox", true);
      s.assertActive("hal.hart", true);
      assert.deepEqual(
        s.membersOf("Eng"),
        s.idsOf("ben.baker", "cat.cole", "gus.grant", "fay.fox", "hal.hart"),
        "both are in the Slack group after the one cycle that created them",
      );
    });

    void it("6. reactivation restores the user's membership of every group", async () => {
      stack.graph.directory.updateUser(u.cat, { accountEnabled: false });
      await runCycle(stack);
      s.assertActive("cat.cole", false);
      const cat = s.idOf("cat.cole");
      assert.ok(
        !s.membersOf("Eng").includes(cat) && !s.membersOf("Red").includes(cat),
        "Slack dropped cat from groups",
      );

      stack.graph.directory.updateUser(u.cat, { accountEnabled: true });
      const r = await runCycle(stack);
      assert.equal(r.full, false);
      s.assertActive("cat.cole", true);
      assert.ok(s.membersOf("Eng").includes(cat), "cat is back in Eng");
      assert.ok(s.membersOf("Red").includes(cat), "cat is back in Red");
      assert.deepEqual(s.membersOf("Red"), s.idsOf("rio.reyes", "cat.cole", "bea.bell"));
    });

    void it("7. a rename in Entra renames the Slack group, and the activity record shows old → new", async () => {
      const before = s.group("Red");
      assert.ok(before);
      stack.graph.directory.updateGroup(g.red, { displayName: "Red Team" });
      const r = await runCycle(stack);
      assert.equal(r.full, false);
      assert.equal(s.group("Red"), undefined);
      const renamed = s.group("Red Team");
      assert.equal(renamed?.id, before.id, "the same Slack group, renamed");
      assert.deepEqual(s.membersOf("Red Team"), s.idsOf("rio.reyes", "cat.cole", "bea.bell"), "members unchanged");
      const records = (await s.groupActivity(g.red)).filter((x) => x.cycleId === r.cycleId);
      const rename = records.find((x) => x.modifiedProperties.some((p) => p.name === "displayName"));
      assert.ok(rename, `a record of this cycle shows the rename: ${summarize(records)}`);
      assert.equal(rename.objectType, "Group");
      assert.equal(rename.action, "Update");
      assert.equal(rename.status, "Success");
      assert.deepEqual(
        rename.modifiedProperties.find((p) => p.name === "displayName"),
        { name: "displayName", oldValue: "Red", newValue: "Red Team" },
      );
    });

    void it("8. unassigning a group or deleting it in Entra deletes the Slack group and deactivates its only-members", async () => {
      const engSlackId = s.group("Eng")?.id;
      assert.ok(engSlackId);
      stack.graph.directory.unassign(g.eng);
      assert.equal(stack.graph.directory.deleteGroup(g.ops), "deleted");
      const r = await runCycle(stack);
      assert.equal(r.full, false);
      assert.deepEqual(s.groupNames(), ["Red Team"]);
      assert.equal(stack.slack.store.getGroup(engSlackId), undefined);
      for (const name of ["ben.baker", "gus.grant", "fay.fox", "hal.hart"]) s.assertActive(name, false);
      s.assertActive("cat.cole", true); // still in Red Team
      s.assertActive("solo.stone", true); // directly assigned (Ops was deleted)
      const deleted = async (groupId: string) =>
        (await s.groupActivity(groupId)).some((x) => x.cycleId === r.cycleId && x.action === "Delete");
      assert.ok(await deleted(g.eng), "a Delete record for the unassigned group");
      assert.ok(await deleted(g.ops), "a Delete record for the deleted group");
      assert.equal((await s.slackStatus()).groups, 1);
      assert.equal((await s.userActivity(u.ben))[0]?.action, "Disable");
    });
  });
}

void describe("GROUP_DELETE_ON_UNASSIGN=false leaves the Slack group when its group is unassigned", () => {
  let stack: LocalStack;
  const s = slackView(() => stack);
  let design = "";

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { ...FAST, GROUP_DELETE_ON_UNASSIGN: "false" },
      seed: (graph) => {
        const kim = makeUser(graph, "kim.kent", { assign: true });
        const lou = makeUser(graph, "lou.lane");
        design = graph.directory.createGroup({ displayName: "Design", members: [kim, lou] }).id;
        graph.directory.assign({ principalId: design, principalType: "Group" });
      },
    });
  });
  after(async () => {
    if (stack) slackRequests.push(...stack.slack.store.requests());
    await stack?.stop();
  });

  void it("8b. keeps the Slack group (and its remaining members) and deactivates users only in scope through it", async () => {
    await runCycle(stack);
    assert.deepEqual(s.membersOf("Design"), s.idsOf("kim.kent", "lou.lane"));
    const slackId = s.group("Design")?.id;

    stack.graph.directory.unassign(design);
    const r = await runCycle(stack);
    assert.equal(r.full, false);
    assert.equal(s.group("Design")?.id, slackId, "the Slack group is left in place");
    s.assertActive("kim.kent", true);
    s.assertActive("lou.lane", false);
    assert.deepEqual(s.membersOf("Design"), s.idsOf("kim.kent"), "the engine removed no one (Slack dropped lou)");
    assert.equal(
      stack.slack.store.requests().filter((x) => x.method === "DELETE" && x.path.includes("/Groups")).length,
      0,
      "no group DELETE",
    );
  });
});

void describe("GROUP_PROVISIONING=false provisions the members of assigned groups but no Slack group", () => {
  let stack: LocalStack;
  const s = slackView(() => stack);

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { ...FAST, GROUP_PROVISIONING: "false" },
      seed: (graph) => {
        const mia = makeUser(graph, "mia.moss");
        const inner = graph.directory.createGroup({ displayName: "Inner", members: [mia] }).id;
        const outer = graph.directory.createGroup({ displayName: "Outer", members: [{ id: inner, type: "group" }] });
        graph.directory.assign({ principalId: outer.id, principalType: "Group" });
      },
    });
  });
  after(async () => {
    if (stack) slackRequests.push(...stack.slack.store.requests());
    await stack?.stop();
  });

  void it("scope still follows the groups; Slack gets no group", async () => {
    await runCycle(stack);
    s.assertActive("mia.moss", true);
    assert.deepEqual(s.groupNames(), []);
    assert.equal((await s.slackStatus()).groups, 0);
  });
});

void describe("the demo directory with its groups", () => {
  let stack: LocalStack;
  const s = slackView(() => stack);
  let demo: DemoDirectory | undefined;

  before(async () => {
    // The stack's demo loader brings the groups too (the same demo `npm start` provisions).
    ({ stack, demo } = await startDemoStack(FAST));
  });
  after(async () => {
    if (stack) slackRequests.push(...stack.slack.store.requests());
    await stack?.stop();
  });

  void it("10. converges with one Slack group per assigned demo group and the users in scope only via groups active", async () => {
    assert.ok(demo);
    const r = await runCycle(stack, { timeoutMs: 120_000 });
    assert.equal(r.converged, true);
    const status = await s.slackStatus();
    assert.equal(typeof status.groups, "number");
    assert.equal(status.groups, demo.groupAssignments.length);
    const assignedNames = demo.groupAssignments
      .map((id) => demo?.groups.find((x) => x.id === id)?.displayName ?? id)
      .sort();
    assert.deepEqual(s.groupNames(), assignedNames);

    assert.equal(demo.usersInScopeOnlyViaGroups.length, 5);
    const byId = new Map(demo.users.map((x) => [x.id, x]));
    for (const id of demo.usersInScopeOnlyViaGroups) {
      const upn = byId.get(id)?.userPrincipalName ?? "";
      s.assertActive(slackUserName(upn), true);
    }

    // Each Slack group holds exactly the provisioned, active users of its Entra group, nested groups flattened.
    const groupsById = new Map(demo.groups.map((x) => [x.id, x]));
    const flatten = (root: string): Set<string> => {
      const users = new Set<string>();
      const seen = new Set<string>();
      const walk = (id: string) => {
        if (seen.has(id)) return;
        seen.add(id);
        for (const m of groupsById.get(id)?.members ?? []) {
          if (m.type === "group") walk(m.id);
          else users.add(m.id);
        }
      };
      walk(root);
      return users;
    };
    const slackUsers = stack.slack.store.listUsers();
    const slackIdOf = (entraId: string): string | undefined => {
      const e = byId.get(entraId);
      if (!e) return undefined;
      const mail = typeof e.mail === "string" ? e.mail.toLowerCase() : undefined;
      const hit =
        slackUsers.find((x) => x.userName === slackUserName(e.userPrincipalName)) ??
        slackUsers.find((x) => (x.emails ?? []).some((m) => m.value.toLowerCase() === mail));
      return hit?.active ? hit.id : undefined;
    };
    for (const id of demo.groupAssignments) {
      const entra = groupsById.get(id);
      assert.ok(entra);
      const expected = [...flatten(id)]
        .filter((x) => byId.get(x)?.accountEnabled !== false)
        .map(slackIdOf)
        .filter((x): x is string => x !== undefined)
        .sort();
      assert.ok(expected.length > 5, `${entra.displayName} has members`);
      assert.deepEqual(s.membersOf(entra.displayName), expected, `members of ${entra.displayName}`);
    }
  });
});

void describe("group membership writes (every stack of this file)", () => {
  void it("9. never remove members without naming each one, and never replace the member list", () => {
    const groupWrites = slackRequests.filter((x) => x.path.includes("/Groups") && x.method !== "GET");
    assert.ok(
      groupWrites.some((x) => x.method === "PATCH"),
      "the file exercised membership PATCHes",
    );
    assert.deepEqual(
      groupWrites.filter((x) => x.method === "PUT").map((x) => x.path),
      [],
      "no PUT (it replaces the member list)",
    );
    const offending: unknown[] = [];
    for (const req of groupWrites.filter((x) => x.method === "PATCH")) {
      const body = req.body as { Operations?: { op?: string; path?: string; value?: unknown }[] } | undefined;
      for (const op of body?.Operations ?? []) {
        const kind = String(op.op).toLowerCase();
        const path = (op.path ?? "").toLowerCase();
        const value = op.value;
        const valueHasMembers =
          typeof value === "object" && value !== null && !Array.isArray(value) && "members" in value;
        // RFC 7644 §3.5.2.2: a remove names its member with a value filter; `members` alone removes them all.
        if (kind === "remove" && !/^members\[value eq "[^"]+"\]$/.test(op.path ?? "")) offending.push(op);
        if (kind === "replace" && (path.startsWith("members") || (path === "" && valueHasMembers))) offending.push(op);
        if (kind === "add" && path.startsWith("members") && (!Array.isArray(value) || value.length === 0))
          offending.push(op);
      }
    }
    assert.deepEqual(offending, [], "every add lists its members and every remove filters on one member");
  });
});
