import { QueueServiceClient } from "@azure/storage-queue";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { startAzurite } from "../../../dev/azurite/startAzurite";
import { processExists, waitFor } from "../../support/waitFor";

void test("startAzurite serves queues on free loopback ports and stop() leaves no process behind", async () => {
  const azurite = await startAzurite();
  try {
    assert.match(azurite.connectionString, /AccountName=devstoreaccount1;/);
    assert.match(azurite.connectionString, new RegExp(`QueueEndpoint=http://127\\.0\\.0\\.1:${azurite.queuePort}/`));
    assert.match(azurite.connectionString, new RegExp(`TableEndpoint=http://127\\.0\\.0\\.1:${azurite.tablePort}/`));
    assert.match(azurite.connectionString, new RegExp(`BlobEndpoint=http://127\\.0\\.0\\.1:${azurite.blobPort}/`));
    assert.equal(new Set([azurite.blobPort, azurite.queuePort, azurite.tablePort]).size, 3);
    const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient("launcher-check");
    await queue.create();
    await queue.sendMessage("aGVsbG8=");
    const peeked = await queue.peekMessages();
    assert.equal(peeked.peekedMessageItems[0]?.messageText, "aGVsbG8=");
    assert.ok(processExists(azurite.pid));
    const argv = readFileSync(`/proc/${azurite.pid}/cmdline`, "utf8").split("\0");
    assert.ok(
      argv.some((a) => a.endsWith("batchedExtentSweep.js")),
      "Azurite runs with its queue sweep batched (dev/azurite/batchedExtentSweep)",
    );
  } finally {
    await azurite.stop();
  }
  assert.equal(processExists(azurite.pid), false, "Azurite's pid is gone once stop() resolves");
  await azurite.stop(); // idempotent
});

void test("two instances run side by side with separate state", async () => {
  const [a, b] = await Promise.all([startAzurite(), startAzurite()]);
  try {
    assert.notEqual(a.queuePort, b.queuePort);
    await QueueServiceClient.fromConnectionString(a.connectionString).getQueueClient("only-in-a").create();
    const names: string[] = [];
    for await (const q of QueueServiceClient.fromConnectionString(b.connectionString).listQueues()) names.push(q.name);
    assert.deepEqual(names, []);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

void test("Azurite exits when the process that started it is killed (no orphan)", async () => {
  const parent = spawn(process.execPath, [join(__dirname, "fixtures", "azuriteParent.js")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  parent.stdout.on("data", (c: Buffer) => (output += c.toString()));
  try {
    const line = await waitFor(() => output.split("\n").find((l) => l.startsWith("{")), {
      timeoutMs: 30_000,
      what: "the fixture to report Azurite's pid",
    });
    const { azuritePid } = JSON.parse(line) as { azuritePid: number };
    assert.ok(processExists(azuritePid));
    parent.kill("SIGKILL");
    await waitFor(() => !processExists(azuritePid), { timeoutMs: 20_000, what: "Azurite to exit after its parent" });
  } finally {
    if (parent.exitCode === null) parent.kill("SIGKILL");
  }
});
