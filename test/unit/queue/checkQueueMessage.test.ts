/** Queue messages are checked against the catalog's schemas where they enter; the schemas match messages.ts. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EngineContext } from "../../../shared/engine/EngineContext";
import { malformedMessageRecord } from "../../../shared/engine/malformedMessageRecord";
import { QUEUE_HANDLERS } from "../../../shared/engine/QUEUE_HANDLERS";
import { checkQueueMessage } from "../../../shared/queue/checkQueueMessage";
import type {
  DeltaPageMessage,
  GroupsDeltaPageMessage,
  ProvisionGroupMessage,
  ProvisionUserMessage,
} from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import type { QueueKey } from "../../../shared/queue/queueCatalog";
import { findQueue, poisonQueueName, QUEUE_CATALOG, QUEUE_NAMES } from "../../../shared/queue/queueCatalog";

// Samples typed with the message types: if a type changes, these stop compiling or stop validating.
const usersPage: DeltaPageMessage = {
  kind: "usersDeltaPage",
  jobId: "j",
  cycleId: "c",
  round: 1,
  pageIndex: 0,
  full: true,
};
const usersPageFull: DeltaPageMessage = {
  ...usersPage,
  pageIndex: 3,
  url: "https://graph/next",
  full: false,
  attempt: 2,
};
const groupsPage: GroupsDeltaPageMessage = {
  kind: "groupsDeltaPage",
  jobId: "j",
  cycleId: "c",
  round: 4,
  pageIndex: 1,
  url: "https://graph/groups/next",
  full: true,
  attempt: 1,
};
const user: ProvisionUserMessage = {
  kind: "provisionUser",
  jobId: "j",
  cycleId: "c",
  objectId: "u-1",
  reason: "delta",
  changeId: "ch-1",
};
const userFull: ProvisionUserMessage = {
  ...user,
  reason: "resync",
  pendingKey: "page-0|ch-1",
  attempt: 3,
  confirmAbsence: { round: 2 },
};
const group: ProvisionGroupMessage = {
  kind: "provisionGroup",
  jobId: "j",
  cycleId: "c",
  groupId: "g-1",
  reason: "member",
  changeId: "ch-2",
  pendingKey: "scope|ch-2",
  attempt: 1,
};

const valid: [QueueKey, object][] = [
  ["deltaPages", usersPage],
  ["deltaPages", usersPageFull],
  ["deltaPages", groupsPage],
  ["provisionUsers", user],
  ["provisionUsers", userFull],
  ["provisionUsers", { ...user, extraFromANewerVersion: true }],
  ["provisionGroups", group],
];

void describe("checkQueueMessage", () => {
  for (const [key, message] of valid) {
    void test(`accepts a valid ${(message as { kind: string }).kind} on ${key}`, () => {
      const checked = checkQueueMessage(key, message);
      assert.deepEqual(checked, { ok: true, message });
    });
  }

  for (const reason of ["delta", "scope", "retry", "resync", "onDemand", "manager"] as const) {
    void test(`accepts provisionUser reason ${reason}`, () => {
      assert.equal(checkQueueMessage("provisionUsers", { ...user, reason }).ok, true);
    });
  }

  const malformed: { name: string; key: QueueKey; payload: unknown; problem: RegExp }[] = [
    { name: "a string", key: "provisionUsers", payload: "hello", problem: /must be a JSON object, not string "hello"/ },
    { name: "null", key: "deltaPages", payload: null, problem: /must be a JSON object, not null/ },
    { name: "a list", key: "provisionGroups", payload: [group], problem: /must be a JSON object, not a list/ },
    { name: "a number", key: "deltaPages", payload: 42, problem: /must be a JSON object, not number 42/ },
    {
      name: "no kind",
      key: "provisionUsers",
      payload: { jobId: "j" },
      problem: /kind: must be "provisionUser", not missing/,
    },
    {
      name: "a kind of another queue",
      key: "provisionUsers",
      payload: group,
      problem: /kind: must be "provisionUser", not string "provisionGroup"/,
    },
    {
      name: "an unknown kind on the delta queue",
      key: "deltaPages",
      payload: { ...usersPage, kind: "appRolesPage" },
      problem:
        /kind: must be "usersDeltaPage" or "groupsDeltaPage" or "removalGate" or "notificationPoke" or "subscriptionCheck", not string "appRolesPage"/,
    },
    { name: "kind not a string", key: "provisionGroups", payload: { ...group, kind: 7 }, problem: /kind: .*number 7/ },
    {
      name: "a missing objectId",
      key: "provisionUsers",
      payload: { ...user, objectId: undefined },
      problem: /the field "objectId" is missing/,
    },
    {
      name: "jobId a number",
      key: "provisionUsers",
      payload: { ...user, jobId: 12 },
      problem: /jobId: must be a string, not number 12/,
    },
    {
      name: "an empty cycleId",
      key: "provisionGroups",
      payload: { ...group, cycleId: "" },
      problem: /cycleId: must not be empty/,
    },
    {
      name: "an unknown reason",
      key: "provisionGroups",
      payload: { ...group, reason: "whim" },
      problem: /reason: "whim" is not allowed; use one of "membership", "scope", "member", "rename", "resync"/,
    },
    {
      name: "pageIndex a string",
      key: "deltaPages",
      payload: { ...usersPage, pageIndex: "0" },
      problem: /pageIndex: must be a integer/,
    },
    {
      name: "a negative round",
      key: "deltaPages",
      payload: { ...groupsPage, round: -1 },
      problem: /round: must be at least 0/,
    },
    {
      name: "full missing",
      key: "deltaPages",
      payload: { ...groupsPage, full: undefined },
      problem: /"full" is missing/,
    },
    { name: "url a number", key: "deltaPages", payload: { ...usersPage, url: 5 }, problem: /url: must be a string/ },
    {
      name: "confirmAbsence without round",
      key: "provisionUsers",
      payload: { ...user, confirmAbsence: {} },
      problem: /confirmAbsence: the field "round" is missing/,
    },
    {
      name: "attempt fractional",
      key: "provisionUsers",
      payload: { ...user, attempt: 1.5 },
      problem: /attempt: must be a integer/,
    },
  ];

  for (const { name, key, payload, problem } of malformed) {
    void test(`rejects ${name} on ${key} with a readable problem`, () => {
      const checked = checkQueueMessage(key, JSON.parse(JSON.stringify(payload)) as unknown);
      assert.equal(checked.ok, false);
      assert.ok(!checked.ok);
      assert.match(checked.problem, problem);
    });
  }

  void test("a long value is quoted shortened, never in full", () => {
    const huge = "x".repeat(50_000);
    for (const [key, payload] of [
      ["provisionUsers", huge],
      ["provisionUsers", { ...user, jobId: 1, objectId: huge }],
      ["provisionGroups", { ...group, reason: huge }],
      ["deltaPages", { ...usersPage, kind: huge }],
    ] as const) {
      const checked = checkQueueMessage(key, payload);
      assert.ok(!checked.ok);
      assert.ok(checked.problem.length < 400, `${checked.problem.length} characters`);
    }
  });
});

void describe("queue catalog", () => {
  void test("names, poison names and lookups derive from the catalog", () => {
    // The names the local host, the infrastructure and the docs use stay as they are.
    assert.equal(QUEUES.deltaPages, "delta-pages");
    assert.equal(QUEUES.provisionUsers, "provision-users");
    assert.equal(QUEUES.provisionGroups, "provision-groups");
    assert.deepEqual(
      QUEUE_NAMES,
      Object.values(QUEUE_CATALOG).map((q) => q.name),
    );
    assert.equal(poisonQueueName("provision-users"), "provision-users-poison");
    assert.deepEqual(findQueue("provision-groups-poison"), {
      key: "provisionGroups",
      name: "provision-groups",
      poison: true,
    });
    assert.deepEqual(findQueue("delta-pages"), { key: "deltaPages", name: "delta-pages", poison: false });
    assert.equal(findQueue("fx-echo"), undefined);
  });

  void test("every queue has its handlers, its function name and at least one message schema", () => {
    assert.deepEqual(Object.keys(QUEUE_HANDLERS).sort(), Object.keys(QUEUE_CATALOG).sort());
    for (const q of Object.values(QUEUE_CATALOG)) {
      assert.match(q.functionName, /^[a-z][A-Za-z]+$/);
      assert.ok(q.messages.length > 0);
    }
  });
});

void describe("malformedMessageRecord", () => {
  const ctx = { jobId: "job-1", newId: () => "id-1", clock: () => new Date("2025-01-01T00:00:00Z") } as EngineContext;

  void test("is a job Failure naming the queue and the problem, filed under the message's cycle", () => {
    const payload = { ...user, jobId: 3 };
    const checked = checkQueueMessage("provisionUsers", payload);
    assert.ok(!checked.ok);
    const r = malformedMessageRecord(ctx, "provision-users", payload, checked.problem);
    assert.equal(r.objectType, "Job");
    assert.equal(r.objectId, "job-1");
    assert.equal(r.action, "Other");
    assert.equal(r.status, "Failure");
    assert.equal(r.errorCode, "MalformedQueueMessage");
    assert.equal(r.cycleId, "c");
    assert.match(r.reason, /queue provision-users .*jobId: must be a string, not number 3\./);
    assert.match(r.errorMessage ?? "", /Message: \{"kind":"provisionUser"/);
  });

  void test("quotes a large message shortened", () => {
    const payload = { kind: "provisionUser", cycleId: "c".repeat(5000), blob: "y".repeat(60_000) };
    const r = malformedMessageRecord(ctx, "provision-users", payload, "the field is missing.");
    assert.equal(r.cycleId, "", "an absurd cycle id is not used as the record's cycle");
    assert.ok((r.errorMessage ?? "").length < 800, `${r.errorMessage?.length} characters`);
    assert.match(r.errorMessage ?? "", /… \(65\d{3} characters\)$/);
  });
});
