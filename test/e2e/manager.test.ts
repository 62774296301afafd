/**
 * The manager reference, end to end: Slack's enterprise manager.managerId holds the manager's Slack user id once the
 * manager is provisioned, whether the manager is provisioned in the same cycle as the report or arrives later.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { SCIM_ENTERPRISE_SCHEMA } from "../../shared/slack/ScimUser";
import { runCycle } from "../support/stackCycles";

void describe("manager references in Slack", () => {
  let stack: LocalStack;
  const id = { rep1: "", boss: "", rep2: "", late: "" };

  const mk = (graph: GraphEmulator, local: string, assign: boolean): string => {
    const upn = `${local}@contoso.example`;
    const u = graph.directory.createUser({
      userPrincipalName: upn,
      mail: upn,
      displayName: local.replace(".", " "),
      givenName: "Org",
      surname: "Chart",
      jobTitle: "Engineer",
      accountEnabled: true,
    });
    if (assign) graph.directory.assign({ principalId: u.id });
    return u.id;
  };

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      deltaPageSize: 2,
      settings: { SLACK_MAX_WRITES_PER_MINUTE: "6000", SLACK_MAX_READS_PER_MINUTE: "6000" },
      seed: (graph) => {
        // The report is created before its manager, so a naive single pass would meet the report first.
        id.rep1 = mk(graph, "rita.report", true);
        id.boss = mk(graph, "bob.boss", true);
        id.rep2 = mk(graph, "rex.report", true);
        id.late = mk(graph, "lena.late", false); // rex's manager, not assigned at first
        graph.directory.setManager(id.rep1, id.boss);
        graph.directory.setManager(id.rep2, id.late);
      },
    });
  });
  after(async () => {
    await stack?.stop();
  });

  const slackUser = (userName: string) => stack.slack.store.listUsers().find((u) => u.userName === userName);
  const slackId = (userName: string): string => {
    const u = slackUser(userName);
    assert.ok(u?.id, `${userName} exists in Slack`);
    return u.id;
  };
  const managerIdOf = (userName: string): string | null | undefined => {
    const u = slackUser(userName);
    assert.ok(u, `${userName} exists in Slack`);
    return u[SCIM_ENTERPRISE_SCHEMA]?.manager?.managerId;
  };

  void it("sets the manager of a user whose manager is provisioned in the same initial cycle", async () => {
    const r = await runCycle(stack);
    assert.equal(r.counts.byStatus.Failure ?? 0, 0, JSON.stringify(r.rejected));
    assert.equal(managerIdOf("rita.report"), slackId("bob.boss"));
    assert.ok(!managerIdOf("bob.boss"), "the manager has no manager");
    assert.equal(slackUser("lena.late"), undefined, "an unassigned manager is not provisioned");
    assert.ok(!managerIdOf("rex.report"), "no manager while the manager is not in Slack");
  });

  void it("sets the report's manager in the cycle that provisions a manager who arrives later", async () => {
    stack.graph.directory.assign({ principalId: id.late });
    const r = await runCycle(stack);
    assert.equal(r.full, false, "an incremental cycle");
    assert.equal(slackUser("lena.late")?.active, true);
    assert.equal(managerIdOf("rex.report"), slackId("lena.late"));
    assert.equal(managerIdOf("rita.report"), slackId("bob.boss"), "the other report is unchanged");
  });

  void it("follows a manager change in Entra on the next incremental cycle", async () => {
    stack.graph.directory.setManager(id.rep1, id.late);
    const r = await runCycle(stack);
    assert.equal(r.full, false);
    assert.equal(managerIdOf("rita.report"), slackId("lena.late"));
  });
});
