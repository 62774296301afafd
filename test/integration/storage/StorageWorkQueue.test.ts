import assert from "node:assert/strict";
import { test } from "node:test";
import { isProvisioningError } from "../../../shared/errors";
import type { QueueName } from "../../../shared/queue/messages";
import { StorageWorkQueue } from "../../../shared/queue/StorageWorkQueue";
import { createStorageClients } from "../../../shared/storage/createStorageClients";
import type { StorageClients } from "../../../shared/storage/createStorageClients";
import { uniqueQueueName } from "../../support/uniqueName";
import { waitFor } from "../../support/waitFor";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

function clients(): StorageClients {
  return createStorageClients({
    connectionString: azurite.connectionString,
    queueServiceUri: undefined,
    tableServiceUri: undefined,
    clientId: undefined,
  });
}

/** The WorkQueue port takes the app's QueueName; tests use unique names on their own Azurite. */
const asQueue = (name: string) => name as QueueName;

void test("send stores base64 JSON that never expires, creating the queue on first use", async () => {
  const c = clients();
  const name = uniqueQueueName("roundtrip");
  const message = { kind: "provisionUser", objectId: "ü-1", n: 1 };
  await new StorageWorkQueue(c).send(asQueue(name), message);
  const received = await c.queue(name).receiveMessages();
  const item = received.receivedMessageItems[0];
  assert.ok(item);
  assert.equal(item.messageText, Buffer.from(JSON.stringify(message)).toString("base64"));
  assert.deepEqual(JSON.parse(Buffer.from(item.messageText, "base64").toString("utf8")), message);
  assert.equal(item.expiresOn.getUTCFullYear(), 9999, "messageTimeToLive -1");
});

void test("sendMany delivers every message once", async () => {
  const c = clients();
  const name = uniqueQueueName("many");
  const messages = Array.from({ length: 50 }, (_, i) => ({ i }));
  await new StorageWorkQueue(c, { concurrency: 8 }).sendMany(asQueue(name), messages);
  await new StorageWorkQueue(c).sendMany(asQueue(name), []);
  const seen: number[] = [];
  for (;;) {
    const batch = (await c.queue(name).receiveMessages({ numberOfMessages: 32 })).receivedMessageItems;
    if (batch.length === 0) break;
    for (const m of batch) seen.push((JSON.parse(Buffer.from(m.messageText, "base64").toString()) as { i: number }).i);
  }
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    messages.map((m) => m.i),
  );
});

void test("visibilityDelayMs keeps a message invisible for about that long", async () => {
  const c = clients();
  const name = uniqueQueueName("delay");
  const sentAt = Date.now();
  await new StorageWorkQueue(c).send(asQueue(name), { later: true }, { visibilityDelayMs: 1200 });
  assert.equal((await c.queue(name).peekMessages()).peekedMessageItems.length, 0, "invisible right after send");
  await waitFor(async () => (await c.queue(name).peekMessages()).peekedMessageItems.length === 1, {
    timeoutMs: 10_000,
    what: "the delayed message to become visible",
  });
  const elapsed = Date.now() - sentAt;
  // 1200 ms rounds up to 2 s; Azurite checks visibility at whole-second granularity.
  assert.ok(elapsed >= 1000, `visible after ${elapsed} ms`);
});

void test("a message over 64 KB is rejected with a clear error and nothing is sent", async () => {
  const c = clients();
  const name = uniqueQueueName("big");
  const queue = new StorageWorkQueue(c);
  await queue.send(asQueue(name), { small: true });
  const big = { blob: "x".repeat(50_000) }; // ~66.7 KB once base64-encoded
  await assert.rejects(queue.sendMany(asQueue(name), [{ ok: 1 }, big]), (e: unknown) => {
    assert.ok(isProvisioningError(e));
    assert.equal(e.code, "QueueMessageTooLarge");
    assert.equal(e.retryable, false);
    assert.match(e.message, /64|65536/);
    return true;
  });
  const props = await c.queue(name).getProperties();
  assert.equal(props.approximateMessagesCount, 1, "only the first, small message exists");
});

void test("ensureQueue and ensureTable create once and tables work over http", async () => {
  const c = clients();
  const qname = uniqueQueueName("ensure");
  assert.equal(c.ensureQueue(qname), c.ensureQueue(qname), "the create promise is cached");
  await c.ensureQueue(qname);
  assert.equal(c.queue(qname), c.queue(qname), "clients are cached per name");
  const table = await c.ensureTable("EnsureCheck");
  await c.ensureTable("EnsureCheck");
  await table.upsertEntity({ partitionKey: "p", rowKey: "r", value: 7 });
  const entity = await table.getEntity<{ value: number }>("p", "r");
  assert.equal(entity.value, 7);
});
