/**
 * The real applicationinsights SDK, end to end, on loopback only: a child process inside `unshare -n` (a network
 * namespace with nothing but `lo`) runs an HTTPS ingestion endpoint and sends our telemetry to it. The SDK also tries
 * to reach Azure (OneSettings, statsbeat); in the namespace those attempts cannot leave the machine. If the namespace
 * cannot be created here, the test is skipped — it never runs the SDK on the open network.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { METRICS, PROVISIONING_CHANGE_EVENT } from "../../../shared/telemetry/telemetryNames";
import { NEVER_SENT } from "./fixtures/changeRecords";
import type { ChildResult } from "./fixtures/ingestionProtocol";
import { SPAN_ID, TRACE_ID } from "./fixtures/ingestionProtocol";

const SLACK_TOKEN = "xoxp-424242-171717-9999999999-4f1d2c3b4a5e6f708192a3b4c5d6e7f8";
const CHILD_TIMEOUT_MS = 90_000;

interface Envelope {
  name?: string;
  tags?: Record<string, string>;
  data?: {
    baseType?: string;
    baseData?: {
      name?: string;
      properties?: Record<string, string>;
      measurements?: Record<string, number>;
      metrics?: { name: string; value: number }[];
    };
  };
}

function namespaceProblem(): string | undefined {
  const r = spawnSync("unshare", ["-n", "sh", "-c", "ip link set lo up"], { encoding: "utf8", timeout: 10_000 });
  if (r.error) return `unshare is not available (${r.error.message})`;
  if (r.status !== 0) return `unshare -n is not permitted here (${(r.stderr || "").trim() || `exit ${r.status}`})`;
  return undefined;
}

function makeCertificate(dir: string): void {
  const r = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { encoding: "utf8", timeout: 30_000 },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
}

function childEnv(certDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(APPLICATIONINSIGHTS_|APPLICATION_INSIGHTS_|NODE_TEST_CONTEXT$|NODE_OPTIONS$)/.test(k)) env[k] = v;
  }
  return { ...env, CERT_DIR: certDir, NODE_EXTRA_CA_CERTS: join(certDir, "cert.pem"), SLACK_TOKEN };
}

async function runChild(certDir: string): Promise<{ result: ChildResult; stderr: string }> {
  const script = join(__dirname, "fixtures", "ingestionChild.js");
  const child = spawn("unshare", ["-n", "sh", "-c", 'ip link set lo up && exec "$0" "$1"', process.execPath, script], {
    env: childEnv(certDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`child exited with ${code}; stderr:\n${stderr}\nstdout:\n${stdout}`);
  return { result: JSON.parse(line.slice("RESULT ".length)) as ChildResult, stderr };
}

void describe("Application Insights telemetry over the real SDK (loopback-only namespace)", () => {
  const problem = namespaceProblem();

  void test(
    "sends ProvisioningChange events and the metrics, correlated, with no secret and no attribute values",
    { skip: problem ? `skipped: ${problem}; the SDK is never run on the open network` : false },
    async () => {
      const certDir = mkdtempSync(join(tmpdir(), "ai-ingest-"));
      try {
        makeCertificate(certDir);
        const { result, stderr } = await runChild(certDir);

        // The SDK was loaded by createTelemetry, not by importing our modules.
        assert.equal(result.sdkLoadedBeforeCreate, false);
        assert.equal(result.sdkLoadedAfterCreate, true);

        assert.ok(result.requests.length > 0, "nothing arrived at the ingestion endpoint");
        for (const r of result.requests) {
          assert.equal(r.method, "POST");
          assert.equal(r.url, "/v2.1/track");
        }
        const envelopes = result.requests.flatMap((r) => r.items) as Envelope[];

        // Events: one per change record, with the documented properties.
        const events = envelopes.filter((e) => e.data?.baseType === "EventData");
        assert.deepEqual(
          events.map((e) => e.data?.baseData?.name),
          [PROVISIONING_CHANGE_EVENT, PROVISIONING_CHANGE_EVENT],
        );
        const byChange = new Map(events.map((e) => [e.data?.baseData?.properties?.changeId, e]));
        const update = byChange.get("change-1")?.data?.baseData;
        const create = byChange.get("change-2")?.data?.baseData;
        assert.ok(update && create, "both change events arrived");
        assert.equal(update.properties?.jobId, "slack");
        assert.equal(update.properties?.cycleId, "cycle-1");
        assert.equal(update.properties?.objectType, "User");
        assert.equal(update.properties?.objectId, "11111111-2222-3333-4444-555555555555");
        assert.equal(update.properties?.identity, "alice@contoso.example");
        assert.equal(update.properties?.slackId, "U0ALICE");
        assert.equal(update.properties?.action, "Update");
        assert.equal(update.properties?.status, "Success");
        assert.equal(update.properties?.modifiedProperties, "displayName,title");
        assert.equal(update.measurements?.durationMs, 42);
        assert.equal(create.properties?.status, "Failure");
        assert.equal(create.properties?.errorCode, "Slack:email_taken");
        assert.match(create.properties?.reason ?? "", /^Slack rejected the user: email_taken/);

        // Correlation: the events carry the invocation's trace id as operation id and its span as parent.
        for (const e of events) {
          assert.equal(e.tags?.["ai.operation.id"], TRACE_ID);
          assert.equal(e.tags?.["ai.operation.parentId"], SPAN_ID);
        }

        // Metrics: every name in METRICS arrived (two derived from the change records).
        const metricNames = new Set(
          envelopes
            .flatMap((e) => (e.data?.baseType === "MetricData" ? (e.data.baseData?.metrics ?? []) : []))
            .map((m) => m.name),
        );
        for (const name of Object.values(METRICS)) assert.ok(metricNames.has(name), `metric ${name} arrived`);

        // Nothing secret, and no attribute values, anywhere in what arrived.
        const wire = JSON.stringify(result.requests);
        assert.ok(!wire.includes(SLACK_TOKEN), "the Slack token reached telemetry");
        assert.ok(!wire.includes("xoxp-"), "something token-like reached telemetry");
        for (const [what, value] of Object.entries(NEVER_SENT)) {
          assert.ok(!wire.includes(value), `${what} reached telemetry`);
        }
        assert.ok(!stderr.includes(SLACK_TOKEN), "the Slack token was printed");
      } finally {
        rmSync(certDir, { recursive: true, force: true });
      }
    },
  );
});
