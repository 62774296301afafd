/**
 * The Slack token check end to end on the local stack: Test connection reports the token's owner; the owner is
 * demoted to Member through the Slack emulator's admin API; the next cycle start quarantines the job, and
 * /api/status shows why and what to do. Test connection says the same. Promoted again, an operator's cycle runs and
 * the job leaves quarantine.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SlackEmulatorAdminClient } from "../../dev/slack-emulator";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import type { ConnectionCheck } from "../../functions/testConnection";
import { runCycle, status } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const DOMAIN = "contoso.example";

void describe("Slack token check, end to end", () => {
  let stack: LocalStack;
  let admin: SlackEmulatorAdminClient;
  let ownerId = "";

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      seed: (graph, slack) => {
        for (const local of ["tia.token", "uma.token"]) {
          const id = graph.directory.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local.replace(".", " "),
          }).id;
          graph.directory.assign({ principalId: id });
        }
        // The org admin who owns the pasted token.
        ownerId = slack.store.seedUser({
          userName: "olga.owner",
          emails: [{ value: `olga@${DOMAIN}` }],
          role: "admin",
        }).id;
      },
    });
    admin = new SlackEmulatorAdminClient(stack.slack.origin);
  });
  after(async () => {
    await stack?.stop();
  });

  const connectionTest = async () => {
    const res = await fetch(`${stack.apiUrl()}/connection/test`, { method: "POST" });
    const body = (await res.json()) as { checks: ConnectionCheck[] };
    return { status: res.status, token: body.checks.find((c) => c.system === "slackToken") };
  };

  void it("Test connection names the token's owner and role; a cycle runs", async () => {
    const test = await connectionTest();
    assert.equal(test.status, 200);
    assert.equal(test.token?.ok, true);
    assert.match(test.token?.detail ?? "", new RegExp(`${ownerId} \\(olga.owner\\) is an active Admin`));
    const r = await runCycle(stack);
    assert.equal(r.counts.byAction.Create, 2);
    assert.equal(r.quarantine, undefined);
  });

  void it("the owner demoted to Member: the next cycle start quarantines the job, and the status says why", async () => {
    await admin.setUserRole(ownerId, "member");
    const res = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
    assert.notEqual(res.status, 202, "the cycle does not start");
    const report = await waitFor(async () => ((await status(stack)).quarantine ? status(stack) : undefined), {
      timeoutMs: 10_000,
      what: "the quarantine in /api/status",
    });
    assert.equal(report.quarantine?.reason, "EncounteredQuarantineException");
    assert.equal(report.quarantine?.code, "SlackTokenOwnerNotAdmin");
    assert.match(
      report.quarantine?.detail ?? "",
      new RegExp(
        `${ownerId} \\(olga.owner\\), who is no longer an Org Admin or Owner in Slack \\(account type: Member\\)`,
      ),
    );
    assert.match(report.quarantine?.detail ?? "", /Authorize/);
    const test = await connectionTest();
    assert.equal(test.status, 502);
    assert.equal(test.token?.ok, false);
    assert.equal(test.token?.errorCode, "SlackTokenOwnerNotAdmin");
    // The job Failure record the quarantine alert counts.
    const activity = (await (await fetch(`${stack.apiUrl()}/activity?limit=20`)).json()) as {
      objectType: string;
      status: string;
      errorCode?: string;
    }[];
    assert.ok(
      activity.some(
        (a) => a.objectType === "Job" && a.status === "Failure" && a.errorCode === "SlackTokenOwnerNotAdmin",
      ),
    );
  });

  void it("promoted again: an operator's cycle runs, and the job leaves quarantine", async () => {
    await admin.setUserRole(ownerId, "owner");
    await runCycle(stack);
    await runCycle(stack);
    assert.equal((await status(stack)).quarantine, undefined);
  });
});
