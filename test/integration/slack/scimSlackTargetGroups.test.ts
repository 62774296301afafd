import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import { startSlackEmulator } from "../../../dev/slack-emulator";
import { SlackRejectedError } from "../../../shared/errors";
import { ScimSlackTarget } from "../../../shared/slack/ScimSlackTarget";
import type { SlackGroupTarget } from "../../../shared/slack/SlackGroupTarget";

const fast = { retry: { backoffBaseMs: 5, backoffMaxMs: 20, random: () => 0.5 } };

void describe("ScimSlackTarget group operations against the Slack emulator", () => {
  let emu: SlackEmulator;
  let target: ScimSlackTarget;
  let users: string[];

  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off" });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.store.reset();
    emu.store.setRateLimits("off");
    target = new ScimSlackTarget({
      scimBaseUrl: emu.url,
      token: emu.token,
      maxWritesPerMinute: 60_000,
      maxReadsPerMinute: 60_000,
      ...fast,
    });
    users = emu.store
      .seedUsers(["a", "b", "c", "d"].map((n) => ({ userName: n, emails: [{ value: `${n}@x.io` }] })))
      .map((u) => u.id);
  });

  const memberIds = async (id: string) => ((await target.getGroup(id))?.members ?? []).map((m) => m.value).sort();

  void it("create, find, rename, add/remove members, count, delete", async () => {
    const port: SlackGroupTarget = target;
    const g = await port.createGroup({ displayName: "Sales", members: [users[0] ?? ""] });
    assert.match(g.id, /^S/);
    assert.deepEqual(await memberIds(g.id), [users[0]]);
    assert.deepEqual(
      (await port.findGroupsByDisplayName("Sales")).map((x) => x.id),
      [g.id],
    );
    assert.deepEqual(await port.findGroupsByDisplayName("Nope"), []);
    await port.renameGroup(g.id, "Sales EMEA");
    assert.equal((await port.getGroup(g.id))?.displayName, "Sales EMEA");
    await port.addGroupMembers(g.id, [users[1] ?? "", users[2] ?? ""]);
    await port.removeGroupMembers(g.id, [users[0] ?? ""]);
    assert.deepEqual(await memberIds(g.id), [users[1], users[2]].sort());
    emu.store.clearRequests();
    await port.addGroupMembers(g.id, []);
    await port.removeGroupMembers(g.id, []);
    assert.equal(emu.store.requests().length, 0, "empty lists send nothing (never a remove without value)");
    await port.createGroup({ displayName: "Other" });
    assert.equal(await port.countGroups(), 2);
    assert.equal(await port.deleteGroup(g.id), true);
    assert.equal(await port.deleteGroup(g.id), false);
    assert.equal(await port.getGroup(g.id), undefined);
    assert.equal(await port.countGroups(), 1);
  });

  void it("member adds are PATCH add with explicit values (≤5,000 a request); removes name each member (≤1,000 a request)", async () => {
    const many = emu.store
      .seedUsers(Array.from({ length: 6001 }, (_, i) => ({ userName: `m${i}`, emails: [{ value: `m${i}@x.io` }] })))
      .map((u) => u.id);
    emu.store.clearRequests();
    const g = await target.createGroup({ displayName: "Big", members: many.slice(0, 5500) });
    assert.equal((await target.getGroup(g.id))?.members?.length, 5500);
    await target.addGroupMembers(g.id, many.slice(5500));
    await target.removeGroupMembers(g.id, many.slice(0, 5001));
    assert.deepEqual(
      (await target.getGroup(g.id))?.members?.map((m) => m.value).sort(),
      many.slice(5001).sort(),
      "exactly the named members were removed",
    );
    const writes = emu.store.requests().filter((r) => r.method !== "GET");
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.path.replace(g.id, ":id")}`),
      ["POST /scim/v2/Groups", ...Array.from({ length: 2 + 6 }, () => "PATCH /scim/v2/Groups/:id")],
      "one create, two adds (500 and 501), six removes (5 × 1,000 and 1)",
    );
    for (const r of writes) {
      const body = r.body as { members?: unknown[]; Operations?: { op: string; path: string; value?: unknown[] }[] };
      if (r.method === "POST") {
        assert.equal(body.members?.length, 5000);
        continue;
      }
      const ops = body.Operations ?? [];
      assert.ok(ops.length > 0);
      for (const op of ops) {
        assert.ok(op.op === "add" || op.op === "remove", "never replace");
        if (op.op === "add") {
          assert.equal(ops.length, 1);
          assert.equal(op.path, "members");
          assert.ok(Array.isArray(op.value) && op.value.length > 0 && op.value.length <= 5000);
        } else {
          assert.ok(ops.length <= 1000);
          assert.match(op.path, /^members\[value eq "U[A-Z0-9]+"\]$/);
          assert.equal(op.value, undefined);
        }
      }
    }
  });

  void it("Slack's refusals surface as SlackRejectedError with Slack's code", async () => {
    const g = await target.createGroup({ displayName: "Eng" });
    emu.store.seedUser({ userName: "gone", emails: [{ value: "gone@x.io" }], active: false });
    const gone = emu.store.listUsers().find((u) => u.userName === "gone");
    await assert.rejects(
      target.addGroupMembers(g.id, [gone?.id ?? ""]),
      (e: unknown) => e instanceof SlackRejectedError && e.slackCode === "unable_to_add_deleted_or_guest_to_group",
    );
    await assert.rejects(
      target.createGroup({ displayName: "" }),
      (e: unknown) => e instanceof SlackRejectedError && e.slackCode === "missing_schema_element",
    );
  });

  void it("serializes writes to one group (no 429 from Slack's per-group lock)", async () => {
    emu.store.setWriteLatency(30);
    emu.store.setRateLimits({ writeLock: true });
    const g = await target.createGroup({ displayName: "Locked" });
    await Promise.all(users.map((u) => target.addGroupMembers(g.id, [u])));
    assert.deepEqual(await memberIds(g.id), [...users].sort());
    assert.equal(target.stats.throttled, 0);
  });
});
