/**
 * Request and response payloads, and the CSV export, end to end through the local stack: the mapping file marks the
 * mobile phone sensitive; a cycle creates three users, a second one updates one and fails another (Slack answers its
 * PATCH with 409). Every record keeps its SCIM requests and Slack's answers: the Create's POST /Users with the body
 * sent and 201, the Update's PATCH with its operations, the Failure's 409 and Slack's error body; the phone number
 * never appears in any record, nor the token. The same window downloads as CSV: one row per record, the right
 * headers, and a formula-looking job title neutralised.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { ACTIVITY_CSV_COLUMNS } from "../../shared/activity/activityCsv";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { parseCsv } from "../support/parseCsv";
import { runCycle } from "../support/stackCycles";

const root = join(__dirname, "..", "..", "..");
const defaults = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
const MOBILE = "source: { attribute: mobilePhone }\n      flow: always";
const mapping = defaults.replace(MOBILE, `${MOBILE}\n      sensitive: true`);
const DOMAIN = "contoso.example";
const PHONE = "+41 79 555 01 0";

void describe("activity records keep their SCIM requests; the log downloads as CSV", () => {
  let stack: LocalStack;
  let dir = "";
  const id: Record<string, string> = {};
  let from = "";
  let cycle1 = "";
  let cycle2 = "";

  before(async () => {
    assert.notEqual(mapping, defaults, "the test marks the mobile phone sensitive");
    dir = mkdtempSync(join(tmpdir(), "e2s-payloads-"));
    const mappingFile = join(dir, "mapping.yaml");
    writeFileSync(mappingFile, mapping);
    from = new Date(Date.now() - 60_000).toISOString();
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { MAPPING_FILE: mappingFile, SLACK_MAX_WRITES_PER_MINUTE: "6000", SLACK_MAX_READS_PER_MINUTE: "6000" },
      seed: (graph) => {
        ["ada.park", "bob.ito", "cy.ruiz"].forEach((local, i) => {
          const u = graph.directory.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local.replace(".", " "),
            givenName: "Pay",
            surname: "Load",
            jobTitle: i === 2 ? '=HYPERLINK("http://evil.example","x")' : "Engineer",
            mobilePhone: `${PHONE}${i}`,
            accountEnabled: true,
          });
          id[local] = u.id;
          graph.directory.assign({ principalId: u.id });
        });
      },
    });
    cycle1 = (await runCycle(stack)).cycleId ?? "";
    stack.graph.directory.updateUser(id["ada.park"] as string, { jobTitle: "Lead", mobilePhone: `${PHONE}9` });
    stack.graph.directory.updateUser(id["bob.ito"] as string, { jobTitle: "Manager" });
    stack.slack.store.injectFault({ method: "PATCH", pathContains: "/Users/", status: 409, times: 1 });
    cycle2 = (await runCycle(stack)).cycleId ?? "";
  });
  after(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const to = () => new Date(Date.now() + 1000).toISOString();
  const records = async (): Promise<ActivityRecord[]> => {
    const res = await fetch(`${stack.apiUrl()}/activity?from=${from}&to=${to()}&limit=5000`);
    assert.equal(res.status, 200);
    return (await res.json()) as ActivityRecord[];
  };
  const recordOf = (all: ActivityRecord[], local: string, cycleId: string) =>
    all.find((r) => r.objectId === id[local] && r.cycleId === cycleId && r.objectType === "User");

  void it("a Create keeps its POST /Users: the body sent, 201 and Slack's answer", async () => {
    const ada = recordOf(await records(), "ada.park", cycle1);
    if (process.env.SHOW_RECORD) console.log(JSON.stringify(ada, null, 2));
    assert.equal(ada?.action, "Create");
    const requests = ada?.requests ?? [];
    const post = requests.find((r) => r.method === "POST");
    assert.equal(post?.path, "/Users");
    assert.equal(post?.status, 201);
    const sent = JSON.parse(post?.request ?? "{}") as Record<string, unknown>;
    assert.equal(sent.userName, `ada.park@${DOMAIN}`);
    const phones = sent.phoneNumbers as { value: string; type: string }[];
    assert.equal(phones.find((p) => p.type === "mobile")?.value, "[redacted]");
    const answered = JSON.parse(post?.response ?? "{}") as { id?: string };
    assert.equal(answered.id, ada?.slackId);
    assert.ok(requests.every((r) => typeof r.durationMs === "number"));
  });

  void it("an Update keeps its PATCH operations; a Failure keeps Slack's 409 and its error body", async () => {
    const all = await records();
    const updated = [recordOf(all, "ada.park", cycle2), recordOf(all, "bob.ito", cycle2)];
    const ok = updated.find((r) => r?.status === "Success");
    const failed = updated.find((r) => r?.status === "Failure");
    assert.equal(ok?.action, "Update");
    const patch = ok?.requests?.find((r) => r.method === "PATCH");
    assert.ok(patch?.status !== undefined && patch.status >= 200 && patch.status < 300);
    assert.match(patch?.request ?? "", /"Operations":\[.*"path":"title"/);
    const refused = failed?.requests?.find((r) => r.method === "PATCH");
    assert.equal(refused?.status, 409);
    assert.match(refused?.response ?? "", /injected_fault/);
  });

  void it("no record holds the sensitive phone numbers or the token", async () => {
    const text = JSON.stringify(await records());
    assert.ok(text.includes("[redacted]"));
    assert.equal(text.includes(PHONE), false, "phone numbers are redacted in requests and modified properties");
    assert.equal(text.includes(stack.settings.SLACK_TOKEN ?? "no token"), false);
  });

  void it("downloads the window as CSV: one row per record, Entra's columns, formulas neutralised", async () => {
    const window = `from=${from}&to=${to()}`;
    const res = await fetch(`${stack.apiUrl()}/activity?format=csv&${window}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /^attachment; filename="provisioning-logs-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv"$/,
    );
    const rows = parseCsv(await res.text());
    assert.deepEqual(
      rows[0],
      ACTIVITY_CSV_COLUMNS.map((c) => c.header),
    );
    const col = (name: string) => ACTIVITY_CSV_COLUMNS.findIndex((c) => c.header === name);
    const json = (await (await fetch(`${stack.apiUrl()}/activity?limit=5000&${window}`)).json()) as ActivityRecord[];
    assert.deepEqual(
      rows.slice(1).map((r) => r[col("Change ID")]),
      json.map((r) => r.changeId),
      "the same records as the JSON answer, newest first",
    );
    const cy = rows.find((r) => r[col("Source ID")] === id["cy.ruiz"] && r[col("Action")] === "Create");
    assert.match(cy?.[col("Modified properties")] ?? "", /^title: \(empty\) → "=HYPERLINK/m);
    assert.equal(
      rows.some((r) => r.some((c) => /^[=+\-@]/.test(c))),
      false,
      "no cell starts like a formula",
    );
    assert.equal(
      rows.flat().some((c) => c.includes(PHONE)),
      false,
    );
  });

  void it("refuses an unknown format and a CSV of one object, before reading anything", async () => {
    assert.equal((await fetch(`${stack.apiUrl()}/activity?format=xml`)).status, 400);
    assert.equal((await fetch(`${stack.apiUrl()}/activity/users/${id["ada.park"]}?format=csv`)).status, 400);
  });
});
