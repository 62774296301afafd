import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GraphEmulatorAdminClient, startGraphEmulator } from "../../../dev/graph-emulator";
import type { GraphEmulator } from "../../../dev/graph-emulator";
import { emulatorToken, graphGet, readRound } from "./graphTestSupport";

const U = (n: number) => `11111111-0000-4000-8000-${String(n).padStart(12, "0")}`;
const G = (n: number) => `22222222-0000-4000-8000-${String(n).padStart(12, "0")}`;

type Entry = { "@odata.type": string; id: string; "@removed"?: { reason: string } };

/** members@delta of every occurrence of a group in a round, concatenated (a group may span pages). */
function membersOf(items: Record<string, unknown>[], groupId: string): Entry[] {
  return items.filter((i) => i.id === groupId).flatMap((i) => (i["members@delta"] as Entry[] | undefined) ?? []);
}

void describe("Graph emulator: groups, members@delta, transitiveMembers, manager", () => {
  let emu: GraphEmulator;
  let token: string;
  let v: string;

  before(async () => {
    emu = await startGraphEmulator({ deltaPageSize: 3, deltaLinksPerPage: 4 });
    token = await emulatorToken(emu);
    v = `${emu.url}/v1.0`;
    for (let i = 1; i <= 8; i++) emu.directory.createUser({ id: U(i), userPrincipalName: `u${i}@contoso.example` });
  });
  after(() => emu.close());

  void it("first round lists all current members; nested groups are one entry; empty groups have no key", async () => {
    const d = emu.directory;
    d.createGroup({ id: G(1), displayName: "Sales", members: [U(1), U(2), U(3), U(4), U(5), U(6)] });
    d.createGroup({ id: G(2), displayName: "EMEA Sales", members: [U(7)] });
    d.addMember(G(1), G(2));
    d.createGroup({ id: G(3), displayName: "Empty", groupTypes: ["Unified"] });
    const round = await readRound(`${v}/groups/delta?$select=displayName,members`, token);
    const sales = membersOf(round.items, G(1));
    assert.deepEqual(sales.map((e) => e.id).sort(), [U(1), U(2), U(3), U(4), U(5), U(6), G(2)].sort());
    assert.equal(sales.find((e) => e.id === G(2))?.["@odata.type"], "#microsoft.graph.group");
    assert.equal(sales.find((e) => e.id === U(1))?.["@odata.type"], "#microsoft.graph.user");
    assert.ok(sales.every((e) => e["@removed"] === undefined));
    // 7 entries with 4 links per page: Sales is repeated across pages with different slices.
    assert.ok(round.items.filter((i) => i.id === G(1)).length >= 2, "Sales spans pages");
    for (const item of round.items.filter((i) => i.id === G(1))) assert.equal(item.displayName, "Sales");
    const empty = round.items.find((i) => i.id === G(3));
    assert.ok(empty);
    assert.equal("members@delta" in empty, false);
    assert.ok(round.pages.every((p) => "@odata.nextLink" in p !== "@odata.deltaLink" in p));

    // Later round: only changes; removal carries @removed deleted; renames show.
    d.removeMember(G(1), U(2));
    d.addMember(G(1), U(8));
    d.updateGroup(G(2), { displayName: "EMEA" });
    const next = await readRound(round.deltaLink, token);
    assert.deepEqual(membersOf(next.items, G(1)), [
      { "@odata.type": "#microsoft.graph.user", id: U(2), "@removed": { reason: "deleted" } },
      { "@odata.type": "#microsoft.graph.user", id: U(8) },
    ]);
    const emea = next.items.find((i) => i.id === G(2));
    assert.equal(emea?.displayName, "EMEA");
    assert.equal(emea && "members@delta" in emea, false);
    assert.equal(
      next.items.some((i) => i.id === G(3)),
      false,
    );

    // Deletion: Microsoft 365 group soft ("changed"), security group permanent ("deleted") and leaves its parents.
    assert.equal(d.deleteGroup(G(3)), "changed");
    assert.equal(d.deleteGroup(G(2)), "deleted");
    const third = await readRound(next.deltaLink, token);
    assert.deepEqual(
      third.items.find((i) => i.id === G(3)),
      { id: G(3), "@removed": { reason: "changed" } },
    );
    assert.deepEqual(
      third.items.find((i) => i.id === G(2)),
      { id: G(2), "@removed": { reason: "deleted" } },
    );
    assert.deepEqual(membersOf(third.items, G(1)), [
      { "@odata.type": "#microsoft.graph.group", id: G(2), "@removed": { reason: "deleted" } },
    ]);
    // Restore brings the M365 group back as a new instance.
    d.restoreGroup(G(3));
    const fourth = await readRound(third.deltaLink, token);
    assert.equal(fourth.items.find((i) => i.id === G(3))?.displayName, "Empty");
  });

  void it("routes /groups/microsoft.graph.delta and /groups/delta(), expires and resets like users/delta", async () => {
    for (const p of ["microsoft.graph.delta", "delta()"]) {
      const r = await graphGet(`${v}/groups/${p}?$select=displayName`, token);
      assert.equal(r.status, 200, p);
    }
    const first = await readRound(`${v}/groups/delta?$select=displayName,members`, token);
    emu.directory.expireDeltaTokens();
    const expired = await graphGet(first.deltaLink, token);
    assert.equal(expired.status, 400);
    assert.equal((expired.body.error as { code: string }).code, "syncStateNotFound");
    const again = await readRound(`${v}/groups/delta?$select=displayName,members`, token);
    emu.directory.resetDeltaSync();
    const reset = await graphGet(again.deltaLink, token);
    assert.equal(reset.status, 410);
    assert.match(reset.headers.get("location") ?? "", /\/groups\/delta\?.*\$deltatoken=$/);
    const latest = await graphGet(`${v}/groups/delta?$deltatoken=latest`, token);
    assert.deepEqual(latest.body.value, []);
    assert.equal(typeof latest.body["@odata.deltaLink"], "string");
  });

  void it("GET /groups/{id}, /members and /transitiveMembers (with cast, paging, cycles)", async () => {
    const d = emu.directory;
    d.createGroup({ id: G(10), displayName: "Top", members: [U(1)] });
    d.createGroup({ id: G(11), displayName: "Mid", members: [U(2), U(3)] });
    d.createGroup({ id: G(12), displayName: "Leaf", members: [U(4)] });
    d.addMember(G(10), G(11));
    d.addMember(G(11), G(12));
    d.addMember(G(12), G(10)); // a nesting cycle
    const g = await graphGet(`${v}/groups/${G(10)}?$select=id,displayName,groupTypes`, token);
    assert.equal(g.status, 200);
    assert.equal(g.body.displayName, "Top");
    assert.deepEqual(g.body.groupTypes, []);
    const direct = await graphGet(`${v}/groups/${G(10)}/members?$select=id`, token);
    assert.deepEqual((direct.body.value as Entry[]).map((e) => e.id).sort(), [U(1), G(11)].sort());
    const all: string[] = [];
    let next: string | undefined =
      `${v}/groups/${G(10)}/transitiveMembers/microsoft.graph.user?$select=id&$top=2&$count=true`;
    let first = true;
    while (next) {
      const r = await graphGet(next, token, { ConsistencyLevel: "eventual" });
      assert.equal(r.status, 200);
      if (first) assert.equal(r.body["@odata.count"], 4);
      else assert.equal("@odata.count" in r.body, false);
      first = false;
      all.push(...(r.body.value as Entry[]).map((e) => e.id));
      next = r.body["@odata.nextLink"] as string | undefined;
    }
    assert.deepEqual(all.sort(), [U(1), U(2), U(3), U(4)].sort());
    const withGroups = await graphGet(`${v}/groups/${G(10)}/transitiveMembers?$select=id`, token);
    assert.deepEqual(
      (withGroups.body.value as Entry[]).map((e) => e.id).sort(),
      [U(1), U(2), U(3), U(4), G(11), G(12)].sort(),
    );
    const missing = await graphGet(`${v}/groups/${G(99)}/transitiveMembers`, token);
    assert.equal(missing.status, 404);
    assert.equal((missing.body.error as { code: string }).code, "Request_ResourceNotFound");
    const badCast = await graphGet(`${v}/groups/${G(10)}/members/microsoft.graph.device`, token);
    assert.equal(badCast.status, 400);
  });

  void it("group assignments show in appRoleAssignedTo with principalType Group and the group's name", async () => {
    emu.directory.createGroup({ id: G(20), displayName: "Assigned" });
    emu.directory.assign({ principalId: G(20), principalType: "Group" });
    const r = await graphGet(`${v}/servicePrincipals/${emu.servicePrincipalId}/appRoleAssignedTo?$top=999`, token);
    const a = (r.body.value as Record<string, unknown>[]).find((x) => x.principalId === G(20));
    assert.equal(a?.principalType, "Group");
    assert.equal(a?.principalDisplayName, "Assigned");
    emu.directory.updateGroup(G(20), { displayName: "Assigned (renamed)" });
    assert.equal(
      emu.directory.listAssignments().find((x) => x.principalId === G(20))?.principalDisplayName,
      "Assigned (renamed)",
    );
    emu.directory.deleteGroup(G(20));
    assert.equal(
      emu.directory.listAssignments().some((x) => x.principalId === G(20)),
      false,
    );
  });

  void it("manager: manager@delta on the first round and on change, @removed on clear, GET /users/{id}/manager", async () => {
    const d = emu.directory;
    d.setManager(U(5), U(6));
    const sel = "id,displayName,manager";
    const round = await readRound(`${v}/users/delta?$select=${sel}`, token);
    const five = round.items.find((i) => i.id === U(5));
    assert.deepEqual(five?.["manager@delta"], [{ "@odata.type": "#microsoft.graph.user", id: U(6) }]);
    assert.equal(
      round.items.find((i) => i.id === U(7)) && "manager@delta" in (round.items.find((i) => i.id === U(7)) ?? {}),
      false,
    );
    const m = await graphGet(`${v}/users/${U(5)}/manager?$select=id,displayName`, token);
    assert.equal(m.status, 200);
    assert.equal(m.body.id, U(6));
    assert.equal(m.body["@odata.type"], "#microsoft.graph.user");
    const none = await graphGet(`${v}/users/${U(7)}/manager`, token);
    assert.equal(none.status, 404);

    d.setManager(U(5), U(7));
    d.updateUser(U(8), { jobTitle: "x" }); // an unrelated change: no manager@delta key
    const next = await readRound(round.deltaLink, token, { Prefer: "return=minimal" });
    assert.deepEqual(
      next.items.find((i) => i.id === U(5)),
      {
        id: U(5),
        "manager@delta": [
          { "@odata.type": "#microsoft.graph.user", id: U(7) },
          { "@odata.type": "#microsoft.graph.user", id: U(6), "@removed": { reason: "deleted" } },
        ],
      },
    );
    d.clearManager(U(5));
    const third = await readRound(next.deltaLink, token);
    assert.deepEqual(third.items.find((i) => i.id === U(5))?.["manager@delta"], [
      { "@odata.type": "#microsoft.graph.user", id: U(7), "@removed": { reason: "deleted" } },
    ]);
    // Without manager in $select nothing is reported for a manager change.
    const plain = await readRound(`${v}/users/delta?$select=id,displayName`, token);
    d.setManager(U(1), U(2));
    const after = await readRound(plain.deltaLink, token);
    assert.equal(
      after.items.some((i) => i.id === U(1)),
      false,
    );
  });

  void it("admin client: groups, members, manager and importGroups over HTTP", async () => {
    const admin = new GraphEmulatorAdminClient(emu.url);
    const g = await admin.createGroup({ id: G(30), displayName: "Http", members: [U(1)] });
    assert.deepEqual(g.members, [{ id: U(1), type: "user" }]);
    await admin.addMember(G(30), { id: U(2), type: "user" });
    await admin.removeMember(G(30), U(1));
    assert.deepEqual((await admin.getGroup(G(30))).members, [{ id: U(2), type: "user" }]);
    assert.equal((await admin.updateGroup(G(30), { displayName: "Http 2" })).displayName, "Http 2");
    const imported = await admin.importGroups({
      groups: [
        { id: G(31), displayName: "A", members: [G(32)] },
        { id: G(32), displayName: "B", members: [G(31), U(3)] },
      ],
      assignments: [{ principalId: G(31), principalType: "Group" }],
    });
    assert.equal(imported.groups.length, 2);
    assert.equal(imported.assignments[0]?.principalType, "Group");
    await admin.setManager(U(3), U(4));
    assert.equal(emu.directory.getManager(U(3)), U(4));
    await admin.clearManager(U(3));
    assert.equal(emu.directory.getManager(U(3)), undefined);
    assert.equal(await admin.deleteGroup(G(30)), "deleted");
    await assert.rejects(admin.getGroup(G(30)), /404/);
    const m365 = await admin.createGroup({ id: G(33), displayName: "M365", groupTypes: ["Unified"] });
    assert.equal(m365.mailEnabled, true);
    assert.equal(await admin.deleteGroup(G(33)), "changed");
    await admin.restoreGroup(G(33));
    await admin.purgeGroup(G(33));
    const stats = await admin.stats();
    assert.equal(typeof stats.groups, "number");
  });
});
