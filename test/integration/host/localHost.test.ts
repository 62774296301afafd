import { QueueServiceClient } from "@azure/storage-queue";
import type { QueueClient } from "@azure/storage-queue";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import type { HostLogEntry } from "../../../dev/host/hostLog";
import type { LocalHost } from "../../../dev/host/startLocalHost";
import { startLocalHost } from "../../../dev/host/startLocalHost";
import { waitFor } from "../../support/waitFor";
import { withAzurite } from "../../support/withAzurite";
import { FIXTURE_QUEUES, recorder } from "./fixtures/hostFixtureFunctions";

const azurite = withAzurite();
const logs: HostLogEntry[] = [];
let host: LocalHost;
let dir: string;

const hostJson = {
  version: "2.0",
  extensions: {
    queues: {
      batchSize: 2,
      newBatchThreshold: 1,
      maxDequeueCount: 3,
      visibilityTimeout: "00:00:01",
      maxPollingInterval: "00:00:00.250",
      messageEncoding: "base64",
    },
  },
};

function queue(name: string): QueueClient {
  return QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(name);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

before(async () => {
  await azurite.ready();
  dir = mkdtempSync(join(tmpdir(), "local-host-test-"));
  writeFileSync(join(dir, "host.json"), JSON.stringify(hostJson));
  host = await startLocalHost({
    functionModules: [join(__dirname, "fixtures", "hostFixtureFunctions.js")],
    functionNames: ["fxEcho", "fxFail", "fxSlow", "fxTimer", "fxManual", "fxHello", "fxBoom", "fxWhoAmI"],
    hostJsonPath: join(dir, "host.json"),
    env: { AzureWebJobsStorage: azurite.connectionString, FX_TIMER_SCHEDULE: "* * * * * *" },
    log: (entry) => logs.push(entry),
    stopTimeoutMs: 5000,
  });
});

azurite.beforeStop(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

void test("a queue function receives the base64-decoded JSON message with its trigger metadata", async () => {
  const message = { kind: "provisionUser", objectId: "u-1" };
  await queue(FIXTURE_QUEUES.echo).sendMessage(b64(message));
  await queue(FIXTURE_QUEUES.echo).sendMessage(Buffer.from("plain text").toString("base64"));
  await waitFor(() => recorder.echo.length >= 2, { what: "two echo invocations" });
  const json = recorder.echo.find((e) => typeof e.item === "object");
  assert.deepEqual(json?.item, message);
  assert.ok(
    recorder.echo.some((e) => e.item === "plain text"),
    "non-JSON text is passed as a string",
  );
  const md = json?.metadata ?? {};
  assert.equal(md.dequeueCount, 1);
  assert.equal(typeof md.id, "string");
  assert.equal(typeof md.popReceipt, "string");
  for (const key of ["insertionTime", "expirationTime", "nextVisibleTime"]) {
    assert.ok(!Number.isNaN(Date.parse(String(md[key]))), `${key} is a timestamp`);
  }
  await waitFor(async () => (await queue(FIXTURE_QUEUES.echo).getProperties()).approximateMessagesCount === 0, {
    what: "processed messages to be deleted",
  });
});

void test("a failing message is retried after visibilityTimeout and poisoned after maxDequeueCount", async () => {
  const original = b64({ kind: "provisionUser", objectId: "doomed" });
  await queue(FIXTURE_QUEUES.fail).sendMessage(original);
  const poisoned = await waitFor(
    async () => (await queue(`${FIXTURE_QUEUES.fail}-poison`).peekMessages()).peekedMessageItems[0],
    { timeoutMs: 15_000, what: "the message in the poison queue" },
  );
  assert.equal(poisoned.messageText, original, "poison message keeps the original content");
  assert.deepEqual(
    recorder.failDequeueCounts.map((d) => d.dequeueCount),
    [1, 2, 3],
  );
  const [first, second] = recorder.failDequeueCounts;
  assert.ok(first && second && second.at - first.at >= 900, "retried only after the 1 s visibilityTimeout");
  // The host sends the message to the poison queue, then deletes the original: wait for the second step too.
  await waitFor(async () => (await queue(FIXTURE_QUEUES.fail).getProperties()).approximateMessagesCount === 0, {
    what: "the original message to be deleted once poisoned",
  });
  // The host counts the poisoned message after its delete returns: poll for that last step as well.
  await waitFor(() => host.counters().fxFail?.poisoned === 1, { what: "the poisoned message to be counted" });
  const counters = host.counters().fxFail;
  assert.deepEqual(counters, { invocations: 3, failures: 3, poisoned: 1 });
  const errorLog = logs.find((l) => l.level === "error" && l.functionName === "fxFail");
  assert.ok(errorLog, "the failure is logged");
  assert.match(errorLog.message, /FixtureBoom: The fixture always fails\./);
  assert.doesNotMatch(errorLog.message, /\n\s+at /, "no stack trace");
});

void test("no more than batchSize + newBatchThreshold messages run at once", async () => {
  const total = 12;
  await Promise.all(Array.from({ length: total }, (_, i) => queue(FIXTURE_QUEUES.slow).sendMessage(b64({ i }))));
  await waitFor(() => recorder.slow.done === total, { timeoutMs: 15_000, what: "all slow messages" });
  assert.ok(recorder.slow.max <= 3, `max concurrency ${recorder.slow.max} <= 2 + 1`);
  assert.ok(recorder.slow.max >= 2, `messages do run in parallel (max ${recorder.slow.max})`);
});

void test("a timer with a %SETTING% schedule fires on schedule", async () => {
  await waitFor(() => recorder.timer.length >= 2, { timeoutMs: 5000, what: "two timer runs" });
  const timer = recorder.timer[0];
  assert.ok(timer);
  assert.equal(timer.schedule.adjustForDST, true);
  assert.equal(typeof timer.isPastDue, "boolean");
  assert.ok(Date.parse(timer.scheduleStatus?.next ?? "") > Date.now() - 5000);
});

void test("triggerTimer runs a timer on demand and never overlaps runs of the same timer", async () => {
  const before = recorder.manual;
  const outcomes = await Promise.all([host.triggerTimer("fxManual"), host.triggerTimer("fxManual")]);
  assert.ok(outcomes.every((o) => o.ok));
  assert.equal(recorder.manual, before + 2);
  await assert.rejects(host.triggerTimer("nope"), /No timer function is named nope/);
});

function http(
  method: string,
  path: string,
  body?: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { "x-test": "hi", ...extraHeaders };
    const req = request(`${host.httpUrl}${path}`, { method, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

void test("foreign Host and Origin headers are refused before any function runs (DNS rebinding, cross-site POSTs)", async () => {
  const before = host.counters().fxHello?.invocations ?? 0;
  const rebinding = await http("GET", "/api/hello/ada", undefined, { host: "evil.example:80" });
  assert.equal(rebinding.status, 403);
  assert.match(rebinding.text, /ForeignOrigin/);
  const crossSite = await http("POST", "/api/hello/ada", "x", { origin: "https://evil.example" });
  assert.equal(crossSite.status, 403);
  assert.equal(host.counters().fxHello?.invocations ?? 0, before, "the function never ran");
  const own = await http("GET", "/api/hello/ada", undefined, { origin: host.httpUrl });
  assert.equal(own.status, 200, "the host's own pages are served");
});

void test("with an access token (npm start --settings: a real tenant) every request must carry it", async () => {
  const guarded = await startLocalHost({
    functionModules: [],
    functionNames: ["fxHello", "fxWhoAmI"],
    hostJsonPath: join(dir, "host.json"),
    enableQueues: false,
    accessToken: "per-run-secret",
    log: (entry) => logs.push(entry),
  });
  try {
    const url = `${guarded.httpUrl}/api/hello/ada`;
    const none = await fetch(url);
    assert.equal(none.status, 401);
    assert.match(await none.text(), /access token npm start printed/);
    assert.equal((await fetch(`${url}?code=wrong-secret!`)).status, 401);
    assert.equal((await fetch(`${url}?code=per-run-secret`)).status, 200);
    assert.equal((await fetch(url, { headers: { "x-functions-key": "per-run-secret" } })).status, 200);

    // A forged principal does not stand in for the token.
    const forged = Buffer.from(JSON.stringify({ claims: [{ typ: "roles", val: "Provisioning.Operator" }] })).toString(
      "base64",
    );
    const whoami = `${guarded.httpUrl}/api/whoami`;
    assert.equal((await fetch(whoami, { method: "POST", headers: { "x-ms-client-principal": forged } })).status, 401);

    // A browser opening the printed link: the token moves into a cookie and out of the address bar.
    const opened = await fetch(`${whoami}?code=per-run-secret&x=1`, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    assert.equal(opened.status, 303);
    assert.equal(opened.headers.get("location"), "/api/whoami?x=1");
    const cookie = opened.headers.get("set-cookie") ?? "";
    assert.match(cookie, /^local_host_token=per-run-secret; Path=\/; HttpOnly; SameSite=Strict$/);
    const withCookie = await fetch(whoami, { headers: { cookie: cookie.split(";")[0] ?? "" } });
    assert.equal(withCookie.status, 200);
    assert.equal((await fetch(whoami, { headers: { cookie: "local_host_token=nope" } })).status, 401);
  } finally {
    await guarded.stop();
  }
});

void test("the local host stands in for App Service Authentication: the local operator, never a client's own claim", async () => {
  const forged = Buffer.from(JSON.stringify({ claims: [{ typ: "roles", val: "Someone.Else" }] })).toString("base64");
  const res = await http("GET", "/api/whoami", undefined, {
    "x-ms-client-principal": forged,
    "x-ms-client-principal-id": "someone-else",
  });
  assert.equal(res.status, 200);
  const localId = "00000000-0000-0000-0000-00000000001c";
  assert.deepEqual(JSON.parse(res.text), {
    principal: { name: "local operator", id: localId, roles: ["Provisioning.Reader", "Provisioning.Operator"] },
    principalId: localId,
    signInEnabled: true,
  });
});

void test("HTTP functions answer on their routes with params, query, headers and body", async () => {
  const get = await http("GET", "/api/hello/ada?tag=a&tag=b");
  assert.equal(get.status, 200);
  assert.equal(get.headers["x-fixture"], "yes");
  assert.match(String(get.headers["content-type"]), /application\/json/);
  assert.deepEqual(JSON.parse(get.text), { name: "ada", greeting: null, tags: ["a", "b"], body: null, header: "hi" });

  const post = await http("POST", "/api/Hello/b%C3%B6b/hey", JSON.stringify({ x: 1 }));
  assert.equal(post.status, 201);
  assert.deepEqual(JSON.parse(post.text), { name: "böb", greeting: "hey", tags: [], body: { x: 1 }, header: "hi" });

  const missing = await http("GET", "/api/nothing/here");
  assert.equal(missing.status, 404);
  assert.equal((JSON.parse(missing.text) as { error: string }).error, "NotFound");
  assert.equal((await http("DELETE", "/api/hello/ada")).status, 404, "method not registered");

  const boom = await http("GET", "/api/boom");
  assert.equal(boom.status, 500);
  assert.ok(logs.some((l) => l.functionName === "fxBoom" && /FixtureHttpBoom/.test(l.message)));
});

void test("a long invocation keeps its message invisible; an over-dequeued message goes straight to poison", async () => {
  // Simulate a host that crashed mid-invocation four times: dequeueCount 4 > maxDequeueCount 3.
  const crashed = queue(FIXTURE_QUEUES.crashed);
  await crashed.create();
  await crashed.sendMessage(b64({ crashed: true }));
  for (let i = 0; i < 4; i++) {
    const m = (await crashed.receiveMessages({ visibilityTimeout: 30 })).receivedMessageItems[0];
    assert.ok(m);
    await crashed.updateMessage(m.messageId, m.popReceipt, undefined, 0);
  }
  await queue(FIXTURE_QUEUES.long).create();
  await queue(FIXTURE_QUEUES.long).sendMessage(b64({ long: true }));
  const second = await startLocalHost({
    functionModules: [],
    functionNames: ["fxLong", "fxCrashed"],
    hostJsonPath: join(dir, "host.json"),
    receiveVisibilityMs: 2000,
    log: (entry) => logs.push(entry),
  });
  try {
    await waitFor(() => second.counters().fxCrashed?.poisoned === 1, { what: "the crashed message to be poisoned" });
    assert.equal(recorder.crashed, 0, "not invoked again");
    await waitFor(
      async () =>
        recorder.long.length === 1 && (await queue(FIXTURE_QUEUES.long).getProperties()).approximateMessagesCount === 0,
      { timeoutMs: 10_000, what: "the long message to complete" },
    );
    assert.deepEqual(recorder.long, [1], "renewed visibility: never redelivered while running");
  } finally {
    await second.stop();
  }
});

void test("stop() stops polling, closes the server and restores the environment", async () => {
  const echoBefore = host.counters().fxEcho?.invocations;
  const running = host.activity();
  assert.ok(running.polling.includes("fxEcho"), JSON.stringify(running));
  assert.ok(running.scheduledTimers.length > 0, JSON.stringify(running));
  await host.stop();
  assert.equal(process.env.FX_TIMER_SCHEDULE, undefined);
  assert.equal(process.env.WEBSITE_AUTH_ENABLED, undefined, "the sign-in stand-in ends with the host");
  await assert.rejects(http("GET", "/api/hello/x"), /ECONNREFUSED/);
  // No waiting to prove a negative: stop() resolves only after every polling loop has ended and every schedule is off.
  assert.deepEqual(host.activity(), { polling: [], scheduledTimers: [] });
  await queue(FIXTURE_QUEUES.echo).sendMessage(b64({ after: "stop" }));
  assert.equal((await queue(FIXTURE_QUEUES.echo).peekMessages()).peekedMessageItems.length, 1);
  assert.equal(host.counters().fxEcho?.invocations, echoBefore);
});
