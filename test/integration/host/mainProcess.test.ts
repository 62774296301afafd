import { QueueServiceClient } from "@azure/storage-queue";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { before, test } from "node:test";
import { waitFor } from "../../support/waitFor";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const mainJs = join(__dirname, "..", "..", "..", "dev", "host", "main.js");
const children: ChildProcess[] = [];

before(() => azurite.ready());
azurite.beforeStop(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [mainJs], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

void test("main.js prints its URL when ready, serves HTTP and queues, and exits 0 on SIGTERM", async () => {
  const { child, output } = startMain({
    AzureWebJobsStorage: azurite.connectionString,
    FX_TIMER_SCHEDULE: "0 0 0 1 1 *",
    LOCAL_HOST_FUNCTION_MODULES: join(__dirname, "fixtures", "hostFixtureFunctions.js"),
    LOCAL_HOST_FUNCTION_NAMES: "fxHello,fxFail,fxTimer",
    LOCAL_HOST_ENABLE_TIMERS: "false",
  });
  const url = await waitFor(() => /local host ready http=(\S+)/.exec(output())?.[1], {
    timeoutMs: 15_000,
    what: "the ready line",
  });
  const res = await fetch(`${url}/api/hello/main`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { name: string }).name, "main");

  // The project host.json applies (maxDequeueCount 5, visibilityTimeout 10 s): one failure is logged by name.
  await QueueServiceClient.fromConnectionString(azurite.connectionString)
    .getQueueClient("fx-fail")
    .sendMessage(Buffer.from("{}").toString("base64"));
  await waitFor(() => /\[fxFail\].*FixtureBoom: The fixture always fails\./.test(output()), {
    timeoutMs: 10_000,
    what: "the failure log line",
  });

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exited, 0);
  assert.match(output(), /local host stopping \(SIGTERM\)/);
});

void test("main.js exits 1 with a readable message when a timer's schedule setting is missing", async () => {
  const { child, output } = startMain({
    AzureWebJobsStorage: azurite.connectionString,
    LOCAL_HOST_FUNCTION_MODULES: join(__dirname, "fixtures", "hostFixtureFunctions.js"),
    LOCAL_HOST_FUNCTION_NAMES: "fxTimer",
    FX_TIMER_SCHEDULE: "",
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  assert.equal(code, 1);
  assert.match(output(), /local host failed to start: Timer fxTimer: .*FX_TIMER_SCHEDULE/);
});
