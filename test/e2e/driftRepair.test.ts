/**
 * Drift repair end to end on the local stack. Four users are provisioned, one of them then blocked and deactivated;
 * an admin edits Slack by hand through the emulator's admin API: a title, a family name, a display name (createOnly),
 * a reactivation of the blocked user, and the title of a Slack user the app does not manage. The scan the operator
 * starts (POST /api/drift/scan) finds the three managed changes, the provisioner sets title and family name back to
 * the Entra values, the reactivated user is deactivated again through the deletion guard, the display name and the
 * unmanaged user are left alone, and /api/status shows the scan. With DRIFT_MODE=report the next hand edit is only
 * recorded.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SlackEmulatorAdminClient } from "../../dev/slack-emulator";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import type { DriftStatus } from "../../shared/drift/driftStatus";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { runCycle, status } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const DOMAIN = "contoso.example";

void describe("drift repair, end to end", () => {
  let stack: LocalStack;
  let admin: SlackEmulatorAdminClient;
  const oid: Record<string, string> = {};
  let outsiderId = "";

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { DRIFT_SCAN_INTERVAL_HOURS: "0", DEACTIVATION_THRESHOLD_PERCENT: "100" },
      seed: (graph, slack) => {
        const people: [string, string, string][] = [
          ["tia.drift", "Drift", "Engineer"],
          ["uma.drift", "Umber", "Analyst"],
          ["vic.drift", "Vance", "Designer"],
          ["wes.drift", "West", "Writer"],
        ];
        for (const [local, surname, jobTitle] of people) {
          oid[local] = graph.directory.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local.replace(".", " "),
            givenName: local.split(".")[0] ?? local,
            surname,
            jobTitle,
          }).id;
          graph.directory.assign({ principalId: oid[local] ?? "" });
        }
        outsiderId = slack.store.seedUser({
          userName: "outsider",
          emails: [{ value: "outsider@partner.example" }],
          title: "Guest",
        }).id;
      },
    });
    admin = new SlackEmulatorAdminClient(stack.slack.origin);
  });
  after(async () => {
    await stack?.stop();
  });

  const slackUser = (userName: string) => {
    const u = stack.slack.store.listUsers().find((x) => x.userName === userName);
    assert.ok(u, `${userName} is in Slack`);
    return u;
  };
  const drift = async () => (await status(stack)) as unknown as { drift: DriftStatus };
  /** Starts a scan through the operator route and waits until /api/status shows it finished. */
  async function scan(): Promise<NonNullable<DriftStatus["last"]>> {
    const res = await fetch(`${stack.apiUrl()}/drift/scan`, { method: "POST" });
    const body = (await res.json()) as { started: boolean; scanId?: string };
    assert.equal(res.status, 202, JSON.stringify(body));
    return waitFor(
      async () => {
        const last = (await drift()).drift.last;
        return last?.scanId === body.scanId ? last : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: "the drift scan to finish" },
    );
  }
  const driftRecords = async (scanId: string) =>
    (
      (await (await fetch(`${stack.apiUrl()}/activity?cycleId=drift-${scanId}&limit=100`)).json()) as ActivityRecord[]
    ).filter((r) => r.action === "Drift");

  void it("provisions four users, then deactivates the one blocked in Entra", async () => {
    const r = await runCycle(stack);
    assert.equal(r.counts.byAction.Create, 4);
    stack.graph.directory.updateUser(oid["vic.drift"] ?? "", { accountEnabled: false });
    await runCycle(stack);
    await waitFor(() => !slackUser("vic.drift").active, { timeoutMs: 20_000, what: "vic to be deactivated" });
  });

  void it("hand edits in Slack are found and set back; createOnly and unmanaged users are left alone", async () => {
    await admin.editUser(slackUser("tia.drift").id, { title: "Chief Everything" });
    await admin.editUser(slackUser("uma.drift").id, { name: { familyName: "Hand-Edited" } });
    await admin.editUser(slackUser("wes.drift").id, { displayName: "Wessy" });
    await admin.editUser(slackUser("vic.drift").id, { active: true });
    await admin.editUser(outsiderId, { title: "Changed by an admin" });

    const last = await scan();
    assert.equal(last.mode, "repair");
    assert.equal(last.usersRead, 5);
    assert.equal(last.managed, 4);
    assert.equal(last.drifted, 3);
    assert.equal(last.repairsQueued, 3);

    const records = await driftRecords(last.scanId);
    const of = (local: string) => records.find((r) => r.objectId === oid[local]);
    assert.deepEqual(of("tia.drift")?.modifiedProperties, [
      { name: "title", oldValue: "Engineer", newValue: "Chief Everything" },
    ]);
    assert.deepEqual(of("uma.drift")?.modifiedProperties, [
      { name: "name.familyName", oldValue: "Umber", newValue: "Hand-Edited" },
    ]);
    assert.deepEqual(of("vic.drift")?.modifiedProperties, [{ name: "active", oldValue: "false", newValue: "true" }]);
    assert.equal(of("wes.drift"), undefined, "displayName is createOnly");

    await waitFor(
      () => slackUser("tia.drift").title === "Engineer" && slackUser("uma.drift").name?.familyName === "Umber",
      {
        timeoutMs: 20_000,
        what: "title and family name set back",
      },
    );
    assert.equal(slackUser("wes.drift").displayName, "Wessy");
    assert.equal(slackUser("outsider").title, "Changed by an admin");
    assert.ok(
      !stack.slack.store.requests().some((r) => r.method !== "GET" && r.path.includes(outsiderId)),
      "no SCIM write ever reached the unmanaged user",
    );
    const repaired = await waitFor(
      async () => ((await drift()).drift.last?.repaired ?? 0) >= 2 && (await drift()).drift.last,
      {
        timeoutMs: 10_000,
        what: "the repairs counted in /api/status",
      },
    );
    assert.equal(repaired.repairFailed, 0);

    // The reactivated user's deactivation was staged for the deletion guard: the next cycle start releases it.
    assert.equal(slackUser("vic.drift").active, true);
    await waitFor(
      async () => {
        await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
        return !slackUser("vic.drift").active;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: "vic to be deactivated again" },
    );
  });

  void it("DRIFT_MODE=report records the next hand edit and changes nothing", async () => {
    stack.settings.DRIFT_MODE = "report";
    await stack.restartHost({ kill: false });
    await admin.editUser(slackUser("tia.drift").id, { title: "Chief Again" });
    const last = await scan();
    assert.equal(last.mode, "report");
    assert.equal(last.drifted, 1);
    assert.equal(last.repairsQueued, 0);
    const [record] = await driftRecords(last.scanId);
    assert.match(record?.reason ?? "", /title is "Chief Again" in Slack, "Engineer" as last exported.*Reported only/);
    assert.equal(slackUser("tia.drift").title, "Chief Again");
  });
});
