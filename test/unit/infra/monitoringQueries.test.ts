/**
 * The workbook, the alert rules and the KQL queries read exactly the telemetry the app sends: the ProvisioningChange
 * event with the properties changeEventProperties emits, and the METRICS names.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { QUEUE_CATALOG } from "../../../shared/queue/queueCatalog";
import { changeEventProperties } from "../../../shared/telemetry/changeEventProperties";
import { METRICS, PROVISIONING_CHANGE_EVENT } from "../../../shared/telemetry/telemetryNames";
import { failureRecord, successRecord } from "../../integration/telemetry/fixtures/changeRecords";
import { captures, infraDir, infraFiles, literal, parseBicep } from "./bicep";

interface WorkbookItem {
  type: number;
  name?: string;
  content: { version?: string; query?: string; resourceType?: string; visualization?: string };
}

const read = (...p: string[]): string => readFileSync(join(infraDir(), ...p), "utf8");
const workbook = JSON.parse(read("workbooks", "provisioning.workbook.json")) as {
  version: string;
  items: WorkbookItem[];
};
const workbookQueries = workbook.items.filter((i) => i.type === 3).map((i) => i.content.query ?? "");
const kqlFiles = infraFiles(".kql");
const allQueries = [...workbookQueries, ...kqlFiles.map((f) => readFileSync(f, "utf8"))];

/** Every custom dimension the event can carry. */
const EVENT_PROPERTIES = new Set([
  ...Object.keys(changeEventProperties(successRecord()).properties),
  ...Object.keys(changeEventProperties(failureRecord("xoxp-0")).properties),
]);

/** Event and metric names compared in a query: `name == "X"` and `name in ("X", "Y")`. */
function namesUsed(query: string): string[] {
  const out: string[] = [];
  for (const m of query.matchAll(/\bname\s*==\s*"([^"]+)"/g)) out.push(m[1]!);
  for (const m of query.matchAll(/\bname\s+in\s*\(([^)]*)\)/g)) {
    for (const s of m[1]!.matchAll(/"([^"]+)"/g)) out.push(s[1]!);
  }
  return out;
}

void describe("workbook and KQL queries", () => {
  void test("the workbook is gallery JSON with query items over Application Insights", () => {
    assert.equal(workbook.version, "Notebook/1.0");
    assert.ok(workbookQueries.length >= 4);
    for (const item of workbook.items.filter((i) => i.type === 3)) {
      assert.equal(item.content.version, "KqlItem/1.0");
      assert.equal(item.content.resourceType, "microsoft.insights/components");
    }
  });

  void test("the workbook shows changes by kind, top errors, cycle durations and backlog", () => {
    const all = workbookQueries.join("\n");
    for (const kind of ["Creates", "Updates", "Deactivations", "Failures"]) assert.ok(all.includes(`"${kind}"`), kind);
    assert.ok(
      workbookQueries.some(
        (q) => q.includes(PROVISIONING_CHANGE_EVENT) && q.includes("errorCode") && /\btop\b/.test(q),
      ),
    );
    for (const metric of Object.values(METRICS)) assert.ok(all.includes(`"${metric}"`), `workbook shows ${metric}`);
  });

  void test("queries compare only against names the app emits", () => {
    const known = new Set<string>([PROVISIONING_CHANGE_EVENT, ...Object.values(METRICS)]);
    for (const q of allQueries) {
      const used = namesUsed(q).filter((n) => !/^[a-z]+Poison$/.test(n));
      for (const n of used) assert.ok(known.has(n), `unknown event/metric name ${n} in:\n${q}`);
    }
  });

  void test("queries read only custom dimensions the event carries", () => {
    for (const q of allQueries) {
      for (const m of q.matchAll(/customDimensions\.([A-Za-z_]+)/g)) {
        assert.ok(EVENT_PROPERTIES.has(m[1]!), `customDimensions.${m[1]} is not sent by changeEventProperties`);
      }
    }
  });

  void test("'what happened to user X' matches by object id or UPN, and 'failures in the last 24 hours' exists", () => {
    const user = read("queries", "user-history.kql");
    assert.match(user, /customDimensions\.objectId/);
    assert.match(user, /customDimensions\.identity/);
    const failures = read("queries", "failures-last-24h.kql");
    assert.match(failures, /ago\(24h\)/);
    assert.match(failures, /"Failure"/);
  });

  void test("the poison alert names the poison-queue function of every queue in the catalog, and no other", () => {
    const poisonFunctions = Object.values(QUEUE_CATALOG).map((q) => `${q.functionName}Poison`);
    const alert = read("queries", "alert-job-quarantined.kql");
    const named = [...alert.matchAll(/"([a-zA-Z]+Poison)"/g)].map((m) => m[1]);
    assert.deepEqual(named.sort(), poisonFunctions.sort());
    assert.match(alert, /provisionUserPoison/);
    assert.match(alert, /deltaPagePoison/);
  });

  void test("the removals-held alert counts the deletion guard's job Warning by its error code", () => {
    const alert = read("queries", "alert-removals-held.kql");
    assert.match(alert, /name == "ProvisioningChange"/);
    assert.match(alert, /errorCode\) == "RemovalsHeld"/);
  });

  void test("the credential alert matches error codes containing CredentialError", () => {
    assert.match(read("queries", "alert-credential-errors.kql"), /contains "CredentialError"/);
  });
});

void describe("alert rules and workbook in Bicep", () => {
  const alerts = parseBicep(join(infraDir(), "modules", "alerts.bicep"));

  void test("an email action group and five scheduled-query rules loaded from the .kql files", () => {
    const loaded = captures(
      alerts.root,
      '(call_expression function: (identifier) @fn arguments: (arguments (string) @path) (#eq? @fn "loadTextContent"))',
    )
      .filter((c) => c.name === "path")
      .map((c) => literal(c.node));
    assert.deepEqual(loaded.sort(), [
      "../queries/alert-credential-errors.kql",
      "../queries/alert-job-quarantined.kql",
      "../queries/alert-job-stalled.kql",
      "../queries/alert-provisioning-failures.kql",
      "../queries/alert-removals-held.kql",
    ]);
    assert.match(alerts.source, /emailAddress:\s*notificationEmail/);
    assert.match(alerts.source, /'Microsoft\.Insights\/scheduledQueryRules@/);
  });

  void test("the workbook resource loads the JSON as serializedData", () => {
    const wb = parseBicep(join(infraDir(), "modules", "workbook.bicep"));
    assert.match(wb.source, /'Microsoft\.Insights\/workbooks@/);
    assert.match(wb.source, /serializedData:.*loadTextContent\('\.\.\/workbooks\/provisioning\.workbook\.json'\)/);
  });
});
