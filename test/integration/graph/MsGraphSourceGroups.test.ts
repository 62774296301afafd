import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startGraphEmulator } from "../../../dev/graph-emulator";
import type { GraphEmulator } from "../../../dev/graph-emulator";
import { DeltaTokenExpiredError, GraphRequestError } from "../../../shared/errors";
import { createGraphSource } from "../../../shared/graph/createGraphSource";
import type { GraphGroupDelta } from "../../../shared/graph/GraphGroup";
import type { GraphSource } from "../../../shared/graph/GraphSource";
import { USER_SELECT } from "../../../shared/graph/GraphUser";
import { FAST_TUNING, graphSettingsFor } from "./graphTestSupport";

const U = (n: number) => `11111111-0000-4000-8000-${String(n).padStart(12, "0")}`;
const G = (n: number) => `22222222-0000-4000-8000-${String(n).padStart(12, "0")}`;

interface Merged {
  displayName: unknown;
  members: Set<string>;
  removed?: string;
}

/** Reads a whole groups/delta round and applies it to `state` (members merged per group across pages). */
async function applyRound(source: GraphSource, start: string | undefined, state: Map<string, Merged>) {
  let url = start;
  let pages = 0;
  for (;;) {
    const page = await source.getGroupsDeltaPage(url);
    pages++;
    for (const item of page.items) {
      if (item.kind === "removed") {
        state.set(item.id, { displayName: undefined, members: new Set(), removed: item.reason });
        continue;
      }
      const g: GraphGroupDelta = item.object;
      const s = state.get(g.id) ?? { displayName: undefined, members: new Set<string>() };
      delete s.removed;
      if ("displayName" in g) s.displayName = g.displayName;
      for (const m of g.membersAdded) s.members.add(`${m.type}:${m.id}`);
      for (const m of g.membersRemoved) s.members.delete(`${m.type}:${m.id}`);
      state.set(g.id, s);
    }
    if (page.deltaLink) return { deltaLink: page.deltaLink, pages };
    url = page.nextLink;
  }
}

void describe("MsGraphSource groups against the Graph emulator", () => {
  let emu: GraphEmulator;
  let source: GraphSource;

  before(async () => {
    emu = await startGraphEmulator({ deltaPageSize: 2, deltaLinksPerPage: 3 });
    source = createGraphSource(graphSettingsFor(emu), FAST_TUNING);
    for (let i = 1; i <= 9; i++) emu.directory.createUser({ id: U(i), userPrincipalName: `u${i}@contoso.example` });
  });
  after(() => emu.close());

  void it("reads groups/delta rounds; merged state equals the directory after each round", async () => {
    const d = emu.directory;
    d.importGroups({
      groups: [
        { id: G(1), displayName: "Sales", members: [U(1), U(2), U(3), U(4), U(5), G(2)] },
        { id: G(2), displayName: "EMEA", members: [U(6), G(3)] },
        { id: G(3), displayName: "DACH", members: [U(7), G(1)] },
        { id: G(4), displayName: "Empty" },
      ],
    });
    const state = new Map<string, Merged>();
    const first = await applyRound(source, undefined, state);
    assert.ok(first.pages > 2);
    const expected = () =>
      new Map(d.listGroups().map((g) => [g.id, new Set(g.members.map((m) => `${m.type}:${m.id}`))] as const));
    for (const [id, members] of expected()) assert.deepEqual(state.get(id)?.members, members, id);
    assert.equal(state.get(G(1))?.displayName, "Sales");

    d.removeMember(G(1), U(1));
    d.addMember(G(1), U(8));
    d.addMember(G(4), U(9));
    d.updateGroup(G(2), { displayName: "EMEA Sales" });
    d.deleteGroup(G(3));
    const second = await applyRound(source, first.deltaLink, state);
    assert.equal(state.get(G(3))?.removed, "deleted");
    state.delete(G(3));
    for (const [id, members] of expected()) assert.deepEqual(state.get(id)?.members, members, id);
    assert.equal(state.get(G(2))?.displayName, "EMEA Sales");

    emu.directory.expireDeltaTokens();
    await assert.rejects(source.getGroupsDeltaPage(second.deltaLink), DeltaTokenExpiredError);
  });

  void it("getGroup and listTransitiveUserMembers (paged, nested, cycle)", async () => {
    const g = await source.getGroup(G(1));
    assert.equal(g?.displayName, "Sales");
    assert.deepEqual(g?.groupTypes, []);
    assert.equal(g?.securityEnabled, true);
    assert.equal(await source.getGroup(G(99)), undefined);
    const many: string[] = [];
    for (let i = 100; i < 1100; i++) {
      const id = U(i);
      emu.directory.createUser({ id, userPrincipalName: `bulk${i}@contoso.example` });
      many.push(id);
    }
    emu.directory.createGroup({ id: G(10), displayName: "Big", members: many.slice(0, 600) });
    emu.directory.createGroup({ id: G(11), displayName: "Big nested", members: [...many.slice(500), G(10), U(1)] });
    emu.directory.addMember(G(10), G(11)); // cycle
    const ids = await source.listTransitiveUserMembers(G(10));
    assert.deepEqual(ids.sort(), [...many, U(1)].sort());
    const reqs = emu.directory.requestLog().filter((r) => r.path.includes(`/groups/${G(10)}/transitiveMembers`));
    assert.equal(reqs.length, 2, "1001 users at 999 per page");
    await assert.rejects(source.listTransitiveUserMembers(G(99)), GraphRequestError);
  });

  void it("a transitiveMembers read that fails midway throws instead of returning a partial list", async () => {
    emu.directory.injectFault({ pathContains: "$skiptoken", method: "GET", count: 10, status: 500 });
    try {
      await assert.rejects(source.listTransitiveUserMembers(G(10)));
    } finally {
      emu.directory.clearFaults();
    }
  });

  void it("users/delta: managerChange from manager@delta when manager is selected; USER_SELECT unchanged", async () => {
    assert.equal(USER_SELECT.includes("manager"), false);
    emu.directory.setManager(U(2), U(3));
    const select = ["id", "displayName", "manager"];
    let url: string | undefined;
    let deltaLink: string | undefined;
    const seen = new Map<string, unknown>();
    while (!deltaLink) {
      const page = await source.getUsersDeltaPage(url, select);
      for (const i of page.items) if (i.kind === "present") seen.set(i.object.id, i.object.managerChange);
      url = page.nextLink;
      deltaLink = page.deltaLink;
    }
    assert.deepEqual(seen.get(U(2)), { id: U(3) });
    assert.equal(seen.get(U(4)), undefined);
    emu.directory.clearManager(U(2));
    const next = await source.getUsersDeltaPage(deltaLink);
    const item = next.items.find((i) => i.kind === "present" && i.object.id === U(2));
    assert.deepEqual(item?.kind === "present" ? item.object.managerChange : "missing", { id: null });
  });
});
