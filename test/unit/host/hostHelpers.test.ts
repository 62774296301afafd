import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expandMainGlob } from "../../../dev/host/functionModules";
import { resolveSchedule } from "../../../dev/host/resolveSchedule";
import { TimerRunner } from "../../../dev/host/TimerRunner";
import { emptyCounters } from "../../../dev/host/FunctionCounters";
import { decodeQueueMessage } from "../../../shared/queue/queueMessageEncoding";

void test("resolveSchedule reads %SETTING% from app settings", () => {
  assert.equal(resolveSchedule("%SYNC_SCHEDULE%", { SYNC_SCHEDULE: "0 */5 * * * *" }), "0 */5 * * * *");
  assert.equal(resolveSchedule("0 0 * * * *", {}), "0 0 * * * *");
  assert.throws(() => resolveSchedule("%MISSING%", {}), /MISSING/);
});

void test("decodeQueueMessage decodes base64 then JSON, like the queue trigger", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  assert.deepEqual(decodeQueueMessage(b64('{"a":1}')), { a: 1 });
  assert.equal(decodeQueueMessage(b64("hello")), "hello");
  assert.equal(decodeQueueMessage('{"a":1}', "none") instanceof Object, true);
  assert.throws(() => decodeQueueMessage("not base64!"), /not valid base64/);
});

void test("expandMainGlob resolves package.json main patterns", () => {
  const root = mkdtempSync(join(tmpdir(), "mainglob-"));
  try {
    mkdirSync(join(root, "dist", "functions"), { recursive: true });
    for (const f of ["b.js", "a.js", "a.js.map", "x.test.js"]) writeFileSync(join(root, "dist", "functions", f), "");
    writeFileSync(join(root, "dist", "index.js"), "");
    const rel = (files: string[]) => files.map((f) => f.slice(root.length + 1));
    assert.deepEqual(rel(expandMainGlob(root, "dist/functions/*.js")), [
      "dist/functions/a.js",
      "dist/functions/b.js",
      "dist/functions/x.test.js",
    ]);
    assert.deepEqual(rel(expandMainGlob(root, "dist/{index.js,functions/a.js}")), [
      "dist/index.js",
      "dist/functions/a.js",
    ]);
    assert.deepEqual(expandMainGlob(root, "nowhere/*.js"), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test("TimerRunner validates NCRONTAB (6 fields) and TimeSpan schedules", () => {
  const def = { kind: "timer" as const, name: "t", schedule: "x", handler: () => {} };
  const sink = () => {};
  assert.doesNotThrow(() => new TimerRunner(def, "0 */5 * * * *", sink, emptyCounters()));
  assert.throws(() => new TimerRunner(def, "*/5 * * * *", sink, emptyCounters()));
  assert.throws(() => new TimerRunner(def, "not a schedule", sink, emptyCounters()));
  assert.equal(TimerRunner.intervalOf("00:00:05"), 5000);
  assert.equal(TimerRunner.intervalOf("0 */5 * * * *"), undefined);
});

void test("TimerRunner serializes runs and reports errors without throwing", async () => {
  let running = 0;
  let maxRunning = 0;
  const def = {
    kind: "timer" as const,
    name: "t",
    schedule: "0 0 0 1 1 *",
    handler: async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setImmediate(r));
      running--;
      if (maxRunning > 0) throw new Error("boom");
    },
  };
  const logs: string[] = [];
  const counters = emptyCounters();
  const runner = new TimerRunner(def, def.schedule, (e) => logs.push(`${e.level} ${e.message}`), counters);
  const outcomes = await Promise.all([runner.trigger(), runner.trigger(), runner.trigger()]);
  assert.equal(maxRunning, 1);
  assert.ok(outcomes.every((o) => !o.ok));
  assert.deepEqual(counters, { invocations: 3, failures: 3, poisoned: 0 });
  assert.ok(logs.some((l) => /^error .*Failed.*Error: boom/.test(l)));
  await runner.stop(Promise.resolve());
});
