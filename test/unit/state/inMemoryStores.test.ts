/**
 * The in-memory adapters behave like their Table Storage adapters on the contract the engine relies on (the Table
 * adapters are proved against Azurite in test/integration): one test per adapter.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConcurrentWriteError, CredentialError, SlackRejectedError, ThrottledError } from "../../../shared/errors";
import { errorRecorded } from "../../../shared/state/JobState";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { InMemoryActivityStore } from "../../support/memory/InMemoryActivityStore";
import { InMemoryAssignmentStore } from "../../support/memory/InMemoryAssignmentStore";
import { InMemoryGraph } from "../../support/memory/InMemoryGraph";
import { InMemoryGroupMembersStore } from "../../support/memory/InMemoryGroupMembersStore";
import { InMemoryGroupStore } from "../../support/memory/InMemoryGroupStore";
import { InMemoryIdentityLinkStore } from "../../support/memory/InMemoryIdentityLinkStore";
import { InMemoryJobStateStore } from "../../support/memory/InMemoryJobStateStore";
import { InMemoryPendingWorkStore } from "../../support/memory/InMemoryPendingWorkStore";
import { InMemoryReportsStore } from "../../support/memory/InMemoryReportsStore";
import { InMemorySlack } from "../../support/memory/InMemorySlack";
import { InMemorySlackIndexStore } from "../../support/memory/InMemorySlackIndexStore";
import { InMemorySourceUserStore } from "../../support/memory/InMemorySourceUserStore";
import { InMemoryUserNameIndexStore } from "../../support/memory/InMemoryUserNameIndexStore";
import { InMemoryUserScopeStore } from "../../support/memory/InMemoryUserScopeStore";
import { InMemoryWorkQueue } from "../../support/memory/InMemoryWorkQueue";

const J = "job-1";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

void describe("in-memory adapters keep their Table adapters' contracts", () => {
  void it("JobStateStore: starts from the initial state, applies transitions, and a declined one changes nothing", async () => {
    const jobs = new InMemoryJobStateStore();
    assert.equal((await jobs.get(J)).cyclePhase, "idle");
    const now = new Date("2025-01-01T00:00:00Z");
    const r = await jobs.apply(J, errorRecorded("X", "boom", now));
    assert.equal(r.applied, true);
    assert.deepEqual((await jobs.get(J)).lastError, { code: "X", message: "boom", at: now.toISOString() });
    const declined = await jobs.apply(J, () => ({ declined: "not now" }));
    assert.deepEqual([declined.applied, declined.declined], [false, "not now"]);
    assert.deepEqual(declined.state, await jobs.get(J));
  });

  void it("IdentityLinkStore: real ETags; create on an existing row and replace with a stale ETag throw ConcurrentWriteError", async () => {
    const links = new InMemoryIdentityLinkStore();
    const etag1 = await links.create(J, { objectId: "u1", slackId: "U1" });
    await assert.rejects(links.create(J, { objectId: "u1" }), ConcurrentWriteError);
    const etag2 = await links.replace(J, { objectId: "u1", slackId: "U2" }, etag1);
    assert.notEqual(etag2, etag1);
    await assert.rejects(links.replace(J, { objectId: "u1", slackId: "U3" }, etag1), ConcurrentWriteError);
    await assert.rejects(links.replace(J, { objectId: "gone" }, etag2), ConcurrentWriteError);
    assert.deepEqual(await links.get(J, "u1"), { link: { objectId: "u1", slackId: "U2" }, etag: etag2 });
    const read = await links.get(J, "u1");
    if (read) read.link.slackId = "mutated";
    assert.equal((await links.get(J, "u1"))?.link.slackId, "U2", "a read is a copy");
    assert.deepEqual(await collect(links.list(J)), [{ objectId: "u1", slackId: "U2" }]);
    assert.deepEqual(await collect(links.list("other-job")), []);
  });

  void it("SourceUserStore: observations merge (a removal keeps the snapshot, managed is kept)", async () => {
    const sources = new InMemorySourceUserStore();
    const snapshot = { id: "u1", userPrincipalName: "u1@x.io" };
    await sources.saveObservations(J, [{ objectId: "u1", snapshot, seq: "1" }]);
    await sources.setManaged(J, "u1", true);
    await sources.saveObservations(J, [{ objectId: "u1", removed: "deleted", seq: "2" }]);
    assert.deepEqual(await sources.get(J, "u1"), {
      objectId: "u1",
      snapshot,
      removed: "deleted",
      seq: "2",
      managed: true,
    });
    await sources.saveObservations(J, [{ objectId: "u1", snapshot, seq: "3" }]);
    assert.equal((await sources.get(J, "u1"))?.removed, undefined, "a later observation clears the removal");
    await sources.setManaged(J, "u2", false);
    assert.deepEqual(await sources.get(J, "u2"), { objectId: "u2", seq: "", managed: false });
    assert.deepEqual([...(await sources.getMany(J, ["u1", "nobody"])).keys()], ["u1"]);
    assert.deepEqual(
      (await collect(sources.list(J))).map((r) => r.objectId),
      ["u1", "u2"],
    );
  });

  void it("AssignmentStore: upserts and deletes; deleting a principal that is not there fails like a Table batch", async () => {
    const scope = new InMemoryAssignmentStore();
    await scope.apply(J, [{ principalId: "g1", principalType: "Group", principalDisplayName: "", appRoleId: "r" }], []);
    assert.deepEqual(await scope.get(J, "g1"), { principalId: "g1", principalType: "Group", appRoleId: "r" });
    await assert.rejects(scope.apply(J, [], ["nobody"]), (e: { statusCode?: number }) => e.statusCode === 404);
    await scope.apply(J, [], ["g1"]);
    assert.equal((await scope.list(J)).size, 0);
  });

  void it("UserScopeStore: entries by user, listed and deleted", async () => {
    const userScope = new InMemoryUserScopeStore();
    const entry = { userId: "u1", direct: false, viaGroups: ["g1"], paths: ["Eng"] };
    await userScope.apply(J, [entry, { ...entry, userId: "u2" }], []);
    assert.deepEqual(await userScope.get(J, "u1"), entry);
    assert.deepEqual([...(await userScope.getMany(J, ["u2", "u3"])).keys()], ["u2"]);
    await userScope.apply(J, [], ["u2"]);
    assert.deepEqual([...(await userScope.list(J)).keys()], ["u1"]);
  });

  void it("GroupStore: a saved group reads back with its members, an empty name and no removal absent", async () => {
    const groups = new InMemoryGroupStore();
    const g = { groupId: "g1", round: 2, users: new Set(["b", "a"]), groups: new Set(["g2"]) };
    await groups.save(J, [{ ...g, displayName: "" }], new Map());
    assert.deepEqual(await groups.get(J, "g1"), g);
    await groups.save(J, [{ ...g, removed: "deleted", displayName: "Eng" }], new Map([["g1", g]]));
    assert.deepEqual(await groups.get(J, "g1"), { ...g, removed: "deleted", displayName: "Eng" });
    assert.deepEqual([...(await groups.getMany(J, ["g1", "g1", "nope"])).keys()], ["g1"]);
    assert.deepEqual([...(await groups.list(J)).keys()], ["g1"]);
  });

  void it("GroupMembersStore: members per group", async () => {
    const members = new InMemoryGroupMembersStore();
    await members.apply(J, "g1", ["u1", "u2"], []);
    await members.apply(J, "g2", ["u3"], []);
    await members.apply(J, "g1", ["u4"], ["u1"]);
    assert.deepEqual([...(await members.list(J, "g1"))], ["u2", "u4"]);
    assert.deepEqual([...(await members.list(J, "g2"))], ["u3"]);
  });

  void it("SlackIndexStore: the first claim wins and a later claim resolves with the existing owner", async () => {
    const index = new InMemorySlackIndexStore();
    assert.equal(await index.claim(J, "U1", "alice"), "alice");
    assert.equal(await index.claim(J, "U1", "bob"), "alice");
    assert.equal(await index.claim(J, "U1", "alice"), "alice");
    assert.equal(await index.ownerOf(J, "U1"), "alice");
    assert.equal(await index.ownerOf(J, "U2"), undefined);
  });

  void it("UserNameIndexStore: the last record of a userName owns it", async () => {
    const names = new InMemoryUserNameIndexStore();
    await names.record(J, [
      { slackUserName: "ada", objectId: "u1" },
      { slackUserName: "ada", objectId: "u2" },
    ]);
    assert.equal(await names.ownerOf(J, "ada"), "u2");
    assert.equal(await names.ownerOf(J, "bo"), undefined);
  });

  void it("ReportsStore: a report moves between managers", async () => {
    const reports = new InMemoryReportsStore();
    await reports.move(J, [
      { reportId: "r1", before: undefined, after: "m1" },
      { reportId: "r2", before: undefined, after: "m1" },
    ]);
    await reports.move(J, [{ reportId: "r1", before: "m1", after: "m2" }]);
    await reports.move(J, [{ reportId: "r3", before: "nobody", after: undefined }]);
    assert.deepEqual(await reports.reportsOf(J, "m1"), ["r2"]);
    assert.deepEqual(await reports.reportsOf(J, "m2"), ["r1"]);
  });

  void it("ActivityStore: newest first by time and object, with from/to/status/cycleId/limit, and purge of both indexes", async () => {
    const now = new Date("2025-03-10T12:00:00Z");
    const activity = new InMemoryActivityStore(() => now);
    const day = 86_400_000;
    const rec = (objectId: string, msAgo: number, over: Partial<ActivityRecord> = {}): ActivityRecord => ({
      jobId: J,
      cycleId: "c1",
      changeId: `${objectId}-${msAgo}`,
      at: new Date(now.getTime() - msAgo).toISOString(),
      objectType: "User",
      objectId,
      action: "Update",
      status: "Success",
      reason: "r",
      steps: [],
      modifiedProperties: [],
      ...over,
    });
    for (const r of [
      rec("u1", 40 * day),
      rec("u1", 2 * day, { status: "Failure" }),
      rec("u1", 13 * 3_600_000), // the previous UTC day, within 24 hours
      rec("u2", 2000, { cycleId: "c2" }),
      rec("u1", 1000),
    ]) {
      await activity.append(r);
    }
    const ago = (rs: ActivityRecord[]) => rs.map((r) => now.getTime() - Date.parse(r.at));
    assert.deepEqual(ago(await activity.byTime(J)), [1000, 2000, 13 * 3_600_000]);
    assert.deepEqual(ago(await activity.byTime(J, { limit: 2 })), [1000, 2000]);
    assert.deepEqual(ago(await activity.byTime(J, { cycleId: "c2" })), [2000]);
    assert.deepEqual(ago(await activity.byTime(J, { from: new Date(now.getTime() - 3 * day), status: "Failure" })), [
      2 * day,
    ]);
    assert.deepEqual(ago(await activity.byTime(J, { to: new Date(now.getTime() - 2000) })), [13 * 3_600_000]);
    assert.deepEqual(ago(await activity.byObject(J, "u1")), [1000, 13 * 3_600_000, 2 * day, 40 * day]);
    assert.deepEqual(ago(await activity.byObject(J, "u1", 1)), [1000]);
    assert.equal(await activity.purge(new Date(now.getTime() - 30 * day)), 2, "one record, two index rows");
    assert.equal((await activity.byObject(J, "u1")).length, 3);
  });

  void it("PendingWorkStore: byOrigin answers exactly the keys that start with `${origin}|`", async () => {
    const pending = new InMemoryPendingWorkStore();
    const m = (key: string) => ({ key, queue: "provision-users", message: { key } });
    await pending.add("c1", [m("page-1|a"), m("page-1|b"), m("page-10|c"), m("page-1x|d"), m("page|e")]);
    await pending.add("c2", [m("page-1|z")]);
    assert.deepEqual(
      (await pending.byOrigin("c1", "page-1")).map((p) => [p.key, p.message]),
      [
        ["page-1|a", { key: "page-1|a" }],
        ["page-1|b", { key: "page-1|b" }],
      ],
    );
    assert.equal(await pending.count("c1"), 5);
    await pending.remove("c1", "page-1|a");
    await pending.remove("c1", "page-1|a");
    assert.equal(await pending.count("c1"), 4);
  });

  void it("WorkQueue: records messages per queue with their delay until taken, and refuses an oversized message", async () => {
    const queue = new InMemoryWorkQueue();
    await queue.send("provision-users", { n: 1 });
    await queue.sendMany("provision-groups", [{ n: 2 }, { n: 3 }], { visibilityDelayMs: 3000 });
    assert.deepEqual(queue.take("provision-groups"), [
      { queue: "provision-groups", message: { n: 2 }, delayMs: 3000 },
      { queue: "provision-groups", message: { n: 3 }, delayMs: 3000 },
    ]);
    assert.deepEqual(queue.take("provision-groups"), []);
    await assert.rejects(queue.sendMany("provision-users", [{ n: 4 }, { big: "x".repeat(70_000) }]), /64|65536/);
    assert.deepEqual(queue.takeMessages("provision-users"), [{ n: 1 }], "nothing of the refused batch was sent");
  });

  void it("Slack: 404 on a single GET is undefined; other errors map to the product's errors like ScimSlackTarget", async () => {
    const slack = new InMemorySlack();
    assert.equal(await slack.getUser("UNOPE"), undefined);
    assert.equal(await slack.getGroup("SNOPE"), undefined);
    assert.equal(await slack.deleteGroup("SNOPE"), false);
    const ada = await slack.createUser({ userName: "Ada.Park@x.io", emails: [{ value: "ada@x.io", primary: true }] });
    assert.equal(ada.userName, "ada.park");
    assert.deepEqual(
      (await slack.findUsersByEmail("ADA@x.io")).map((u) => u.id),
      [ada.id],
    );
    const taken = await slack.createUser({ userName: "bo", emails: [{ value: "ada@x.io", primary: true }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(taken instanceof SlackRejectedError);
    assert.deepEqual([taken.slackCode, taken.status], ["email_taken", 409]);
    assert.equal(taken.slackMessage, `email_taken (existing_user=${ada.id})`);
    const missing = await slack.patchUser("UNOPE", []).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(missing instanceof SlackRejectedError && missing.status === 404 && missing.slackCode === "no_such_user");
    slack.injectFault({ method: "PATCH", status: 429, retryAfterSeconds: 7 });
    const throttled = await slack.patchUser(ada.id, []).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(throttled instanceof ThrottledError && throttled.retryAfterMs === 7000);
    slack.injectFault({ status: 401, code: "invalid_authentication" });
    await assert.rejects(slack.countUsers(), CredentialError);
    assert.deepEqual(await slack.countUsers(), { total: 1, active: 1 });
    assert.equal(slack.stats.throttled, 1);
    assert.equal(slack.stats.requests, slack.requests.length);
  });

  void it("Graph: a direct read answers the selected properties, undefined for an unknown user", async () => {
    const graph = new InMemoryGraph([{ id: "u1", userPrincipalName: "u1@x.io", jobTitle: "Eng", mail: "m" }]);
    assert.deepEqual(await graph.getUser("u1", ["userPrincipalName", "JobTitle"]), {
      id: "u1",
      userPrincipalName: "u1@x.io",
      jobTitle: "Eng",
    });
    assert.equal(await graph.getUser("u2"), undefined);
    assert.deepEqual(graph.reads, ["u1", "u2"]);
  });
});
