/**
 * End to end through the local stack (Azurite, both emulators, the local Functions host as a child process): one user is
 * walked through create, attribute update, unassign, reassign, disable, enable, soft delete, restore and hard delete, and
 * Slack is checked after each step.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { RESPONSE_STYLES, styleTitle } from "../support/responseStyles";
import { runCycle } from "../support/stackCycles";
import { assertResponsive, whileProbing } from "../support/whileProbing";

for (const style of RESPONSE_STYLES) {
  void describe(`a user's whole lifecycle, end to end${styleTitle(style)}`, () => {
    let stack: LocalStack;
    let ada = "";
    let bystander = "";

    before(async () => {
      stack = await startLocalStack({
        slackRateLimits: "off",
        enableTimers: false,
        deltaPageSize: 2,
        // Two users: only the absolute limit of the deletion guard applies (test/e2e/deletionGuard.test.ts tests it).
        settings: {
          SLACK_MAX_WRITES_PER_MINUTE: "6000",
          SLACK_MAX_READS_PER_MINUTE: "6000",
          DEACTIVATION_THRESHOLD_PERCENT: "100",
        },
        seed: (graph, slack) => {
          if (style) slack.store.setResponseStyle(style);
          const mk = (upn: string, extra: Record<string, unknown> = {}) => {
            const u = graph.directory.createUser({
              userPrincipalName: upn,
              mail: upn,
              displayName: upn.split("@")[0],
              givenName: "Test",
              surname: "User",
              jobTitle: "Engineer",
              department: "R&D",
              accountEnabled: true,
              ...extra,
            });
            graph.directory.assign({ principalId: u.id });
            return u.id;
          };
          ada = mk("ada.park@contoso.example");
          bystander = mk("bo.chen@contoso.example");
        },
      });
    });
    after(async () => {
      await stack?.stop();
    });

    const slackUser = (userName: string) => stack.slack.store.listUsers().find((u) => u.userName === userName);
    const lastActivity = async (objectId: string): Promise<ActivityRecord> => {
      const res = await fetch(`${stack.apiUrl()}/activity/users/${objectId}`);
      const records = (await res.json()) as ActivityRecord[];
      const latest = records[0];
      assert.ok(latest, "an activity record exists");
      return latest;
    };
    const activityInCycle = async (objectId: string, cycleId: string | undefined): Promise<ActivityRecord[]> => {
      const res = await fetch(`${stack.apiUrl()}/activity/users/${objectId}`);
      return ((await res.json()) as ActivityRecord[]).filter((r) => r.cycleId === cycleId);
    };
    const assertBystanderUntouched = () => assert.equal(slackUser("bo.chen")?.active, true);

    void it("creates the user in Slack", async () => {
      const r = await runCycle(stack);
      assert.equal(r.counts.byAction.Create, 2);
      const u = slackUser("ada.park");
      assert.equal(u?.active, true);
      assert.equal(u?.title, "Engineer");
      assert.equal((await lastActivity(ada)).action, "Create");
    });

    void it("sends an attribute change as an update of just that attribute", async () => {
      stack.graph.directory.updateUser(ada, { jobTitle: "Staff Engineer" });
      const r = await runCycle(stack);
      assert.equal(r.counts.byAction.Update, 1);
      assert.equal(slackUser("ada.park")?.title, "Staff Engineer");
      const rec = await lastActivity(ada);
      assert.deepEqual(rec.modifiedProperties, [{ name: "title", oldValue: "Engineer", newValue: "Staff Engineer" }]);
      assertBystanderUntouched();
    });

    void it("deactivates on unassignment", async () => {
      stack.graph.directory.unassign(ada);
      await runCycle(stack);
      assert.equal(slackUser("ada.park")?.active, false);
      const rec = await lastActivity(ada);
      assert.equal(rec.action, "Disable");
      assert.match(rec.reason, /no longer assigned/);
      assertBystanderUntouched();
    });

    void it("reactivates on reassignment", async () => {
      stack.graph.directory.assign({ principalId: ada });
      await runCycle(stack);
      assert.equal(slackUser("ada.park")?.active, true);
      assert.equal((await lastActivity(ada)).action, "Update");
    });

    void it("deactivates when sign-in is blocked (accountEnabled=false)", async () => {
      stack.graph.directory.updateUser(ada, { accountEnabled: false });
      await runCycle(stack);
      assert.equal(slackUser("ada.park")?.active, false);
      assert.match((await lastActivity(ada)).reason, /accountEnabled/);
    });

    void it("reactivates when sign-in is allowed again", async () => {
      stack.graph.directory.updateUser(ada, { accountEnabled: true });
      await runCycle(stack);
      assert.equal(slackUser("ada.park")?.active, true);
    });

    void it("deactivates on soft delete", async () => {
      stack.graph.directory.softDeleteUser(ada);
      const r = await runCycle(stack);
      assert.equal(slackUser("ada.park")?.active, false);
      // Two signals arrive in the same cycle (the assignment disappears, and delta reports @removed): one deactivation.
      const records = await activityInCycle(ada, r.cycleId);
      assert.equal(records.filter((x) => x.action === "Disable").length, 1);
      assertBystanderUntouched();
    });

    void it("reactivates on restore", async () => {
      stack.graph.directory.restoreUser(ada);
      await runCycle(stack);
      assert.equal(slackUser("ada.park")?.active, true);
    });

    void it("serves a self-contained dashboard page that reads the operator API", async () => {
      const res = await fetch(`${stack.apiUrl()}/dashboard`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      const html = await res.text();
      assert.match(html, /Recent activity/);
      assert.match(html, /Needs attention/);
      // The Graph change-notification subscriptions, as /api/status reports them (drawn: test/unit/hosting/dashboardPage).
      assert.match(html, /Graph change notifications/);
      assert.ok(html.includes("const n = status.notifications;"), "the page reads the status's notifications field");
      assert.match(html, /<tbody id="subscriptions">/);
      for (const route of [
        'call("status")',
        'call("status/slack")',
        'call("activity?limit=50")',
        'act("cycles")',
        'call("held/" + what, "POST"',
        'call("attention?limit=200")',
      ]) {
        assert.ok(html.includes(route), `the page calls ${route}`);
      }
      // It works with the sign-in session: no key in any URL, and its requests carry the anti-CSRF header.
      assert.doesNotMatch(html, /code=/);
      assert.match(html, /"X-Requested-With": "XMLHttpRequest"/);
      assert.equal(/(src|href)=["']?https?:/i.test(html), false, "no external resource is loaded");
      // Only the page's own script and style run: allowed by their hashes, never 'unsafe-inline'; no framing.
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
      const hash = createHash("sha256").update(script, "utf8").digest("base64");
      assert.ok(csp.includes(`script-src 'sha256-${hash}'`), "the CSP allows exactly the page's script");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const json = await fetch(`${stack.apiUrl()}/status`);
      assert.equal(json.headers.get("x-content-type-options"), "nosniff", "JSON answers are never sniffed");
    });

    void it("refuses hostile activity queries with a 400 before reading storage (a 600,000-year window, bad dates, a negative limit)", async () => {
      const attacks = [
        "from=-271821-04-20T00:00:00Z&to=%2B275760-09-13T00:00:00Z",
        "from=2016-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        "from=not-a-date",
        "limit=-1",
      ];
      for (const query of attacks) {
        const probe = await whileProbing(`${stack.apiUrl()}/status`, () =>
          fetch(`${stack.apiUrl()}/activity?${query}`),
        );
        const res = probe.result;
        assert.equal(res.status, 400, query);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "BadRequest");
        assertResponsive(probe, query);
      }
    });

    void it("a catastrophic regular expression in a candidate mapping is stopped at its budget: the plan answers", async () => {
      const mapping = [
        "version: 1",
        "users:",
        "  attributes:",
        "    - { target: userName, source: { attribute: userPrincipalName }, matching: 1 }",
        "    - { target: 'emails[type eq \"work\"].value', source: { attribute: mail } }",
        "    - target: title",
        "      source:",
        `        expression: 'Replace("${"a".repeat(28)}!", , "^(a+)+$", , "x", , )'`,
      ].join("\n");
      const res = await fetch(`${stack.apiUrl()}/plan`, { method: "POST", body: mapping });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      assert.match(text, /ran longer than 100 ms/, "each user's plan names the stopped expression");
      const status = await fetch(`${stack.apiUrl()}/status`);
      assert.equal(status.status, 200);
    });

    void it("refuses hostile candidate mappings: a 48 MB body gets 413, a YAML alias bomb 400", async () => {
      const bigProbe = await whileProbing(`${stack.apiUrl()}/status`, () =>
        fetch(`${stack.apiUrl()}/plan`, { method: "POST", body: Buffer.alloc(48 * 1024 * 1024, "#") }),
      );
      const big = bigProbe.result;
      assert.equal(big.status, 413);
      assertResponsive(bigProbe, "the 48 MB body");
      assert.equal(((await big.json()) as { error: { code: string } }).error.code, "RequestBodyTooLarge");
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x"]', "b: &b [*a,*a,*a,*a,*a,*a,*a,*a]"]
        .concat(["c: &c [*b,*b,*b,*b,*b,*b,*b,*b]", "d: &d [*c,*c,*c,*c,*c,*c,*c,*c]", "users: {attributes: [*d]}"])
        .join("\n");
      const bombProbe = await whileProbing(`${stack.apiUrl()}/status`, () =>
        fetch(`${stack.apiUrl()}/plan`, { method: "POST", body: bomb }),
      );
      const res = bombProbe.result;
      assert.equal(res.status, 400);
      assertResponsive(bombProbe, "the alias bomb");
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /alias/);
    });

    void it("pauses and resumes: a paused job starts no cycle", async () => {
      // A POST riding on a cookie without the dashboard's header is what a forged cross-site form looks like.
      const forged = await fetch(`${stack.apiUrl()}/job/pause`, { method: "POST", headers: { cookie: "session=1" } });
      assert.equal(forged.status, 403);
      assert.match(await forged.text(), /CrossSiteRequestRefused/);
      const paused = await fetch(`${stack.apiUrl()}/job/pause`, {
        method: "POST",
        headers: { cookie: "session=1", "x-requested-with": "XMLHttpRequest" },
      });
      assert.deepEqual(((await paused.json()) as { paused: boolean }).paused, true);
      const refused = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
      assert.equal(refused.status, 409);
      assert.match(await refused.text(), /paused/);
      // Automation uses the key-protected twin route (locally the host's own checks stand in for the key).
      const resumed = await fetch(`${stack.apiUrl()}/automation/job/resume`, { method: "POST" });
      assert.deepEqual(((await resumed.json()) as { paused: boolean }).paused, false);
    });

    void it("deactivates on hard delete (Slack cannot delete users) and keeps one Slack account throughout", async () => {
      stack.graph.directory.softDeleteUser(ada);
      stack.graph.directory.purgeUser(ada);
      await runCycle(stack);
      const all = stack.slack.store.listUsers().filter((u) => u.userName === "ada.park");
      assert.equal(all.length, 1, "exactly one Slack account for the user across the whole lifecycle");
      assert.equal(all[0]?.active, false);
      assert.match((await lastActivity(ada)).reason, /permanently deleted/);
      assertBystanderUntouched();
      assert.equal(
        stack.slack.store.requests().filter((r) => r.method === "POST" && r.path.endsWith("/Users")).length,
        2,
        "only the two initial creates",
      );
      assert.ok(bystander);
    });
  });
}
