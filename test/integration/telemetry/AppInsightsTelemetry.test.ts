/** AppInsightsTelemetry over a recording backend: what it sends for each record, and that it never throws. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AppInsightsBackend } from "../../../shared/telemetry/AppInsightsBackend";
import { AppInsightsTelemetry } from "../../../shared/telemetry/AppInsightsTelemetry";
import { runInOperation } from "../../../shared/telemetry/runInOperation";
import { noopTelemetry } from "../../../shared/telemetry/Telemetry";
import { METRICS, PROVISIONING_CHANGE_EVENT } from "../../../shared/telemetry/telemetryNames";
import type { TraceParent } from "../../../shared/telemetry/traceParent";
import { failureRecord, successRecord } from "./fixtures/changeRecords";

interface Sent {
  kind: "event" | "metric";
  name: string;
  value?: number;
  properties: Record<string, string>;
  parent?: string;
}

function recordingBackend(): { backend: AppInsightsBackend; sent: Sent[] } {
  const sent: Sent[] = [];
  let parent: TraceParent | undefined;
  const backend: AppInsightsBackend = {
    trackEvent: (name, properties) =>
      sent.push({ kind: "event", name, properties, ...(parent ? { parent: parent.traceId } : {}) }),
    trackMetric: (name, value, properties) => sent.push({ kind: "metric", name, value, properties }),
    flush: () => Promise.resolve(),
    runWithParent: (p, fn) => {
      parent = p;
      try {
        return fn();
      } finally {
        parent = undefined;
      }
    },
  };
  return { backend, sent };
}

function throwingBackend(): AppInsightsBackend {
  const fail = (): never => {
    throw new TypeError("sdk broke");
  };
  return {
    trackEvent: fail,
    trackMetric: fail,
    flush: () => Promise.reject(new Error("x")),
    runWithParent: (_p, fn) => fn(),
  };
}

void describe("AppInsightsTelemetry", () => {
  void test("a successful change: one event plus ChangesApplied", () => {
    const { backend, sent } = recordingBackend();
    new AppInsightsTelemetry(backend).trackChange(successRecord());
    assert.deepEqual(
      sent.map((s) => [s.kind, s.name, s.value]),
      [
        ["event", PROVISIONING_CHANGE_EVENT, undefined],
        ["metric", METRICS.changesApplied, 1],
      ],
    );
    assert.deepEqual(sent[1]?.properties, { jobId: "slack", action: "Update" });
  });

  void test("a failed change: one event plus ProvisioningFailures by error code", () => {
    const { backend, sent } = recordingBackend();
    new AppInsightsTelemetry(backend).trackChange(failureRecord("xoxp-1-2"));
    assert.deepEqual(
      sent.map((s) => [s.kind, s.name]),
      [
        ["event", PROVISIONING_CHANGE_EVENT],
        ["metric", METRICS.provisioningFailures],
      ],
    );
    assert.deepEqual(sent[1]?.properties, { jobId: "slack", errorCode: "Slack:email_taken" });
  });

  void test("a skipped change sends the event only", () => {
    const { backend, sent } = recordingBackend();
    new AppInsightsTelemetry(backend).trackChange({ ...successRecord(), action: "Skip", status: "Skipped" });
    assert.deepEqual(
      sent.map((s) => s.kind),
      ["event"],
    );
  });

  void test("trackMetric passes through and ignores non-finite values", () => {
    const { backend, sent } = recordingBackend();
    const t = new AppInsightsTelemetry(backend);
    t.trackMetric(METRICS.backlog, 7, { jobId: "slack" });
    t.trackMetric(METRICS.backlog, Number.NaN);
    assert.deepEqual(sent, [{ kind: "metric", name: "Backlog", value: 7, properties: { jobId: "slack" } }]);
  });

  void test("runInOperation uses the invocation's traceparent, and ignores a malformed one", () => {
    const { backend, sent } = recordingBackend();
    const t = new AppInsightsTelemetry(backend);
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const result = runInOperation(t, { traceParent: `00-${traceId}-b7ad6b7169203331-01` }, () => {
      t.trackChange(successRecord());
      return "done";
    });
    assert.equal(result, "done");
    runInOperation(t, { traceParent: "not-a-traceparent" }, () => t.trackChange(successRecord()));
    runInOperation(t, undefined, () => t.trackChange(successRecord()));
    const events = sent.filter((s) => s.kind === "event");
    assert.deepEqual(
      events.map((e) => e.parent),
      [traceId, undefined, undefined],
    );
  });

  void test("runInOperation with the no-op telemetry just runs the function", () => {
    assert.equal(
      runInOperation(
        noopTelemetry,
        { traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        () => 5,
      ),
      5,
    );
  });

  void test("never throws into the engine, and warns once", async () => {
    const warnings: string[] = [];
    const t = new AppInsightsTelemetry(throwingBackend(), {
      info: () => undefined,
      warn: (m) => warnings.push(m),
      error: () => undefined,
    });
    t.trackChange(successRecord());
    t.trackMetric("Backlog", 1);
    await t.flush();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /TypeError/);
  });
});
