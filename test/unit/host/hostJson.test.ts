import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findProjectRoot } from "../../../dev/host/functionModules";
import { parseHostJson, parseTimeSpan, readHostJson } from "../../../dev/host/hostJson";

void test("parseTimeSpan reads .NET TimeSpan strings", () => {
  assert.equal(parseTimeSpan("00:00:10"), 10_000);
  assert.equal(parseTimeSpan("00:10:00"), 600_000);
  assert.equal(parseTimeSpan("01:00:00"), 3_600_000);
  assert.equal(parseTimeSpan("1.00:00:00"), 86_400_000);
  assert.equal(parseTimeSpan("00:00:00.250"), 250);
  assert.equal(parseTimeSpan("00:05"), 300_000);
  assert.throws(() => parseTimeSpan("10"), /TimeSpan/);
  assert.throws(() => parseTimeSpan("ten seconds"), /TimeSpan/);
});

void test("defaults are the Functions host's", () => {
  const c = parseHostJson({ version: "2.0" });
  assert.deepEqual(c.queues, {
    batchSize: 16,
    newBatchThreshold: 8,
    maxDequeueCount: 5,
    visibilityTimeoutMs: 0,
    maxPollingIntervalMs: 60_000,
    messageEncoding: "base64",
  });
  assert.equal(c.routePrefix, "api");
  assert.equal(c.functionTimeoutMs, 30 * 60_000);
});

void test("the project's queue settings are read", () => {
  const c = parseHostJson({
    functionTimeout: "00:10:00",
    extensions: {
      http: { routePrefix: "/v1/" },
      queues: {
        batchSize: 4,
        newBatchThreshold: 2,
        maxDequeueCount: 3,
        visibilityTimeout: "00:00:10",
        maxPollingInterval: "00:00:02",
        messageEncoding: "none",
      },
    },
  });
  assert.equal(c.functionTimeoutMs, 600_000);
  assert.equal(c.routePrefix, "v1");
  assert.deepEqual(c.queues, {
    batchSize: 4,
    newBatchThreshold: 2,
    maxDequeueCount: 3,
    visibilityTimeoutMs: 10_000,
    maxPollingIntervalMs: 2000,
    messageEncoding: "none",
  });
  assert.equal(parseHostJson({ extensions: { http: { routePrefix: "" } } }).routePrefix, "");
});

void test("maxPollingInterval is at least 100 ms and malformed values are rejected", () => {
  assert.equal(
    parseHostJson({ extensions: { queues: { maxPollingInterval: "00:00:00.010" } } }).queues.maxPollingIntervalMs,
    100,
  );
  assert.throws(() => parseHostJson({ extensions: { queues: { batchSize: 64 } } }), /batchSize/);
  assert.throws(() => parseHostJson({ extensions: { queues: { batchSize: "16" } } }), /batchSize/);
  assert.throws(() => parseHostJson({ extensions: { queues: { messageEncoding: "utf8" } } }), /messageEncoding/);
  assert.throws(() => parseHostJson({ extensions: { queues: { visibilityTimeout: 10 } } }), /visibilityTimeout/);
});

void test("readHostJson reads a file and names it when broken", () => {
  const dir = mkdtempSync(join(tmpdir(), "hostjson-"));
  try {
    writeFileSync(join(dir, "host.json"), JSON.stringify({ extensions: { queues: { batchSize: 1 } } }));
    assert.equal(readHostJson(join(dir, "host.json")).queues.batchSize, 1);
    assert.equal(readHostJson(join(dir, "host.json")).queues.newBatchThreshold, 0);
    writeFileSync(join(dir, "bad.json"), "{");
    assert.throws(() => readHostJson(join(dir, "bad.json")), /Cannot read host\.json at .*bad\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test("the project's host.json parses", () => {
  const c = readHostJson(join(findProjectRoot(__dirname), "host.json"));
  assert.ok(c.queues.maxDequeueCount >= 1);
});
