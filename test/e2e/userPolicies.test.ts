/**
 * The user policies end to end on the local stack (Slack emulator as an Enterprise Grid org), with
 * OUT_OF_SCOPE_ACTION=leave, DISABLED_USER_ACTION=leave, GUEST_POLICY=guest and GUEST_EXPIRATION_ATTRIBUTE=
 * extensionAttribute3:
 * - an Entra guest is created as a Slack multi-channel guest with its expiration; a guest whose expiration is past is
 *   refused before any Slack call; a member who becomes a guest in Entra is converted by PATCH;
 * - an unassigned user and a blocked user stay active in Slack, nothing is held or staged, and each gets a Skip
 *   naming the setting; the drift scan leaves a hand edit of the left-alone user be;
 * - the unassigned user, assigned again, is updated like any other;
 * - switching OUT_OF_SCOPE_ACTION back to deactivate (a configuration change: a full cycle) deactivates a user who
 *   leaves scope.
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
const GUEST = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";

void describe("user policies (leave, guests), end to end", () => {
  let stack: LocalStack;
  let admin: SlackEmulatorAdminClient;
  const oid: Record<string, string> = {};

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      slackGrid: true,
      enableTimers: false,
      settings: {
        OUT_OF_SCOPE_ACTION: "leave",
        DISABLED_USER_ACTION: "leave",
        GUEST_POLICY: "guest",
        GUEST_EXPIRATION_ATTRIBUTE: "extensionAttribute3",
        DRIFT_SCAN_INTERVAL_HOURS: "0",
        DEACTIVATION_THRESHOLD_PERCENT: "100",
      },
      seed: (graph) => {
        const add = (key: string, props: { userPrincipalName: string } & Record<string, unknown>) => {
          oid[key] = graph.directory.createUser({ accountEnabled: true, ...props }).id;
          graph.directory.assign({ principalId: oid[key] ?? "" });
        };
        const member = (local: string, jobTitle: string) => ({
          userPrincipalName: `${local}@${DOMAIN}`,
          mail: `${local}@${DOMAIN}`,
          displayName: local.replace(".", " "),
          givenName: local.split(".")[0],
          surname: local.split(".")[1],
          jobTitle,
        });
        add("amy", member("amy.stay", "Engineer"));
        add("ben", member("ben.block", "Analyst"));
        add("max", member("max.turn", "Designer"));
        add("gia", {
          userPrincipalName: `gia_fab#EXT#@${DOMAIN}`,
          mail: "gia@fabrikam.example",
          displayName: "Gia Guest",
          givenName: "Gia",
          surname: "Guest",
          userType: "Guest",
          onPremisesExtensionAttributes: { extensionAttribute3: "2031-05-01" },
        });
        add("pam", {
          userPrincipalName: `pam_fab#EXT#@${DOMAIN}`,
          mail: "pam@fabrikam.example",
          displayName: "Pam Past",
          givenName: "Pam",
          surname: "Past",
          userType: "Guest",
          onPremisesExtensionAttributes: { extensionAttribute3: "2020-01-01" },
        });
      },
    });
    admin = new SlackEmulatorAdminClient(stack.slack.origin);
  });
  after(async () => {
    await stack?.stop();
  });

  const slackUser = (userName: string) => stack.slack.store.listUsers().find((x) => x.userName === userName);
  const history = async (key: string) =>
    (await (await fetch(`${stack.apiUrl()}/activity/users/${oid[key] ?? ""}`)).json()) as ActivityRecord[];

  void it("creates guests as multi-channel guests with their expiration, and refuses a past expiration", async () => {
    const r = await runCycle(stack);
    assert.equal(r.counts.byStatus.Success, 4, JSON.stringify(r.counts));
    assert.equal(r.counts.byStatus.Failure, 1, JSON.stringify(r.counts));
    const gia = slackUser("gia_fab_ext_");
    assert.ok(gia, "gia is in Slack");
    assert.deepEqual(gia[GUEST], { type: "multi", expiration: "2031-05-01T23:59:59Z" });
    assert.equal(slackUser("max.turn")?.[GUEST], undefined, "a member stays a member");
    assert.equal(slackUser("pam_fab_ext_"), undefined);
    const pam = (await history("pam"))[0];
    assert.equal(pam?.status, "Failure");
    assert.equal(pam?.errorCode, "guest_expiration_past");
    assert.ok(
      !stack.slack.store
        .requests()
        .some((q) => q.method === "POST" && JSON.stringify(q.body ?? "").includes("pam@fabrikam")),
      "nothing about pam was sent to Slack",
    );
  });

  void it("leaves an unassigned and a blocked user as they are (Skip, nothing held), and converts a member turned guest", async () => {
    stack.graph.directory.unassign(oid.amy ?? "");
    stack.graph.directory.updateUser(oid.ben ?? "", { accountEnabled: false });
    stack.graph.directory.updateUser(oid.max ?? "", { userType: "Guest" });
    await runCycle(stack);

    assert.equal(slackUser("amy.stay")?.active, true);
    assert.equal(slackUser("ben.block")?.active, true);
    const amy = (await history("amy"))[0];
    assert.equal(amy?.action, "Skip");
    assert.match(amy?.reason ?? "", /^Left as it is in Slack: .*OUT_OF_SCOPE_ACTION is leave\.$/);
    const ben = (await history("ben"))[0];
    assert.equal(ben?.action, "Skip");
    assert.match(ben?.reason ?? "", /accountEnabled = false.*DISABLED_USER_ACTION is leave/);
    const held = (await (await fetch(`${stack.apiUrl()}/held`)).json()) as { entries: unknown[] };
    assert.equal(held.entries.length, 0, "nothing held");
    assert.ok(
      !stack.slack.store
        .requests()
        .some((q) => q.method === "DELETE" || /"path":"active","value":false/.test(JSON.stringify(q.body ?? ""))),
      "no deactivation was sent",
    );

    const max = slackUser("max.turn");
    assert.deepEqual(max?.[GUEST], { type: "multi", expiration: null });
    const converted = (await history("max"))[0];
    assert.equal(converted?.action, "Update");
    assert.ok(converted?.modifiedProperties?.some((p) => p.name === `${GUEST}:type` && p.newValue === "multi"));
  });

  void it("the drift scan leaves a hand edit of a left-alone user be", async () => {
    await admin.editUser(slackUser("amy.stay")?.id ?? "", { title: "Edited in Slack" });
    const res = await fetch(`${stack.apiUrl()}/drift/scan`, { method: "POST" });
    const started = (await res.json()) as { scanId?: string };
    assert.equal(res.status, 202);
    const last = await waitFor(
      async () => {
        const s = (await status(stack)) as unknown as { drift: DriftStatus };
        return s.drift.last?.scanId === started.scanId ? s.drift.last : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: "the drift scan to finish" },
    );
    assert.equal(last.drifted, 0, JSON.stringify(last));
    assert.equal(slackUser("amy.stay")?.title, "Edited in Slack");
  });

  void it("a left-alone user assigned again is updated like any other", async () => {
    stack.graph.directory.assign({ principalId: oid.amy ?? "" });
    stack.graph.directory.updateUser(oid.amy ?? "", { jobTitle: "Staff Engineer" });
    await runCycle(stack);
    // The scope change and the delta change may each run the user in this cycle: one of them updates it.
    const records = await history("amy");
    const update = records.findIndex((x) => x.action === "Update");
    const left = records.findIndex((x) => /^Left as it is/.test(x.reason ?? ""));
    assert.ok(update >= 0 && update < left, JSON.stringify(records.slice(0, 3).map((x) => [x.action, x.reason])));
    assert.deepEqual(records[update]?.modifiedProperties, [
      { name: "title", oldValue: "Engineer", newValue: "Staff Engineer" },
    ]);
    assert.equal(slackUser("amy.stay")?.title, "Staff Engineer");
  });

  void it("OUT_OF_SCOPE_ACTION=deactivate again: a user who leaves scope is deactivated", async () => {
    stack.settings.OUT_OF_SCOPE_ACTION = "deactivate";
    await stack.restartHost({ kill: false });
    stack.graph.directory.unassign(oid.amy ?? "");
    const r = await runCycle(stack);
    assert.equal(r.full, true, "a policy change re-evaluates every user");
    await waitFor(
      async () => {
        await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
        return slackUser("amy.stay")?.active === false;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: "amy to be deactivated" },
    );
    assert.equal(slackUser("ben.block")?.active, true, "DISABLED_USER_ACTION is still leave");
  });
});
