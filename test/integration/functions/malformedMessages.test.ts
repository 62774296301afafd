/**
 * A malformed message on any queue or poison queue is recorded as a job Failure and deleted: not retried, not poisoned,
 * and no engine code runs for it. Through the real queue functions, run by the local host against Azurite.
 */
import { QueueServiceClient } from "@azure/storage-queue";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import type { HostLogEntry } from "../../../dev/host/hostLog";
import type { LocalHost } from "../../../dev/host/startLocalHost";
import { startLocalHost } from "../../../dev/host/startLocalHost";
import { poisonQueueName, QUEUE_CATALOG, QUEUE_NAMES } from "../../../shared/queue/queueCatalog";
import { EngineHarness } from "../../support/EngineHarness";
import { waitFor } from "../../support/waitFor";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const logs: HostLogEntry[] = [];
let h: EngineHarness;
let host: LocalHost;
let dir: string;

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const queue = (name: string) => QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(name);

const functionNames = Object.values(QUEUE_CATALOG).flatMap((q) => [q.functionName, `${q.functionName}Poison`]);

before(async () => {
  const { connectionString } = await azurite.ready();
  h = await new EngineHarness({ connectionString }).start();
  dir = mkdtempSync(join(tmpdir(), "malformed-messages-"));
  writeFileSync(
    join(dir, "host.json"),
    JSON.stringify({
      version: "2.0",
      extensions: {
        queues: {
          batchSize: 4,
          newBatchThreshold: 2,
          maxDequeueCount: 3,
          visibilityTimeout: "00:00:01",
          maxPollingInterval: "00:00:00.250",
          messageEncoding: "base64",
        },
      },
    }),
  );
  host = await startLocalHost({
    functionNames, // the app's real queue functions (dist/functions/*.js)
    hostJsonPath: join(dir, "host.json"),
    env: h.settings,
    log: (entry) => logs.push(entry),
    stopTimeoutMs: 5000,
  });
  azurite.beforeStop(async () => {
    await host?.stop();
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});

void test("the queue functions are registered under their documented names", () => {
  for (const name of [
    "deltaPage",
    "deltaPagePoison",
    "provisionGroup",
    "provisionGroupPoison",
    "provisionUser",
    "provisionUserPoison",
  ]) {
    assert.ok(functionNames.includes(name), name);
  }
  assert.deepEqual(host.functions.map((f) => f.name).sort(), [...functionNames].sort());
});

void test("a malformed message on every queue and poison queue is recorded and deleted, never retried", async () => {
  const jobId = h.ctx.jobId;
  const huge = "z".repeat(40_000);
  const sent: { queue: string; text: string; problem: RegExp }[] = [
    {
      queue: "delta-pages",
      text: JSON.stringify({ kind: "usersDeltaPage", jobId, cycleId: "m-1", round: 1, pageIndex: "first", full: true }),
      problem: /pageIndex: must be a integer, not string "first"/,
    },
    {
      queue: "delta-pages-poison",
      text: JSON.stringify({ kind: "sitesDeltaPage", jobId, cycleId: "m-2" }),
      problem:
        /kind: must be "usersDeltaPage" or "groupsDeltaPage" or "removalGate" or "notificationPoke" or "subscriptionCheck", not string "sitesDeltaPage"/,
    },
    {
      queue: "provision-users",
      text: JSON.stringify({
        kind: "provisionUser",
        jobId: 42,
        cycleId: "m-3",
        objectId: "u",
        reason: "delta",
        changeId: "c",
      }),
      problem: /jobId: must be a string, not number 42/,
    },
    {
      queue: "provision-users-poison",
      text: "not json at all",
      problem: /must be a JSON object, not string "not json at all"/,
    },
    {
      queue: "provision-followups",
      text: JSON.stringify({ kind: "provisionUser", jobId, cycleId: "m-3f", reason: "manager", changeId: "c" }),
      problem: /the field "objectId" is missing/,
    },
    {
      queue: "provision-followups-poison",
      text: JSON.stringify({ kind: "provisionGroup", jobId }),
      problem: /kind/,
    },
    {
      queue: "provision-groups",
      text: JSON.stringify({
        kind: "provisionGroup",
        jobId,
        cycleId: "m-5",
        reason: "scope",
        changeId: "c",
        note: huge,
      }),
      problem: /the field "groupId" is missing/,
    },
    {
      queue: "provision-groups-poison",
      text: JSON.stringify([1, 2, 3]),
      problem: /must be a JSON object, not a list/,
    },
    {
      queue: "drift-scan",
      text: JSON.stringify({ kind: "driftScanPage", jobId, scanId: "s-1", pageIndex: 0, startIndex: 0 }),
      problem: /startIndex: must be at least 1, not 0/,
    },
    {
      queue: "drift-scan-poison",
      text: JSON.stringify({ kind: "usersDeltaPage", jobId }),
      problem: /kind/,
    },
  ];
  assert.deepEqual(
    sent.map((s) => s.queue).sort(),
    QUEUE_NAMES.flatMap((q) => [q, poisonQueueName(q)]).sort(),
    "one message per queue of the catalog and per poison queue",
  );
  for (const s of sent) await queue(s.queue).sendMessage(b64(s.text));

  const records = await waitFor(
    async () => {
      const all = await h.ctx.activity.byTime(jobId, { status: "Failure" });
      const malformed = all.filter((r) => r.errorCode === "MalformedQueueMessage");
      return malformed.length >= sent.length ? malformed : undefined;
    },
    { timeoutMs: 20_000, what: "a Failure record per malformed message" },
  );
  for (const s of sent) {
    const record = records.find((r) => r.reason.includes(`queue ${s.queue} `));
    assert.ok(record, `a record names ${s.queue}`);
    assert.equal(record.objectType, "Job");
    assert.equal(record.action, "Other");
    assert.match(record.reason, s.problem);
    assert.ok((record.errorMessage ?? "").length < 1000, "the message is quoted shortened");
  }
  assert.equal(records.length, sent.length, "each message recorded once");

  for (const name of QUEUE_NAMES.flatMap((q) => [q, poisonQueueName(q)])) {
    await waitFor(async () => (await queue(name).getProperties()).approximateMessagesCount === 0, {
      what: `${name} to be empty`,
    });
  }
  const counters = host.counters();
  for (const name of functionNames) {
    assert.deepEqual(counters[name], { invocations: 1, failures: 0, poisoned: 0 }, name);
  }
  assert.equal(h.slack.store.requests().length, 0, "no engine work reached Slack");
  assert.ok(
    logs.some((l) => l.level === "warning" && /malformed/.test(l.message)),
    "the function logs a warning",
  );
});
