/**
 * Re-hire end to end on the local stack, against Slack's answers and against a generic SCIM server: a user leaves, is
 * deactivated and purged from Entra; the same person is re-hired as a new Entra object with the same UPN and mail. The
 * new object adopts the deactivated Slack account (no second account), reactivates and updates it, and its activity
 * record says it was re-linked from the purged object. With Slack's answers, another Entra user who exists and whose
 * UPN Slack would store as the same userName is refused: two live users never share one account.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { RESPONSE_STYLES, styleTitle } from "../support/responseStyles";
import { runCycle } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const MAIL = "ada.rehire@contoso.example";

for (const style of RESPONSE_STYLES) {
  void describe(`re-hire as a new Entra object, end to end${styleTitle(style)}`, () => {
    let stack: LocalStack;
    let first = "";
    let second = "";
    let slackId = "";

    before(async () => {
      stack = await startLocalStack({
        slackRateLimits: "off",
        enableTimers: false,
        settings: { DEACTIVATION_THRESHOLD_PERCENT: "100" },
        seed: (graph, slack) => {
          if (style) slack.store.setResponseStyle(style);
          first = graph.directory.createUser({
            userPrincipalName: MAIL,
            mail: MAIL,
            displayName: "Ada Rehire",
            givenName: "Ada",
            surname: "Rehire",
            jobTitle: "Engineer",
          }).id;
          graph.directory.assign({ principalId: first });
        },
      });
    });
    after(async () => {
      await stack?.stop();
    });

    const accounts = () =>
      stack.slack.store.listUsers().filter((u) => (u.emails ?? []).some((e) => e.value.toLowerCase() === MAIL));
    const activityOf = async (objectId: string) =>
      (await (await fetch(`${stack.apiUrl()}/activity/users/${objectId}`)).json()) as ActivityRecord[];

    void it("the user is provisioned, then leaves: purged from Entra and deactivated in Slack", async () => {
      await runCycle(stack);
      const [account] = accounts();
      assert.ok(account?.active);
      slackId = account.id;
      stack.graph.directory.purgeUser(first);
      await runCycle(stack);
      await waitFor(() => accounts()[0]?.active === false, {
        timeoutMs: 20_000,
        what: "the account to be deactivated",
      });
    });

    void it("re-hired as a new object with the same UPN and mail: the account is adopted, reactivated and updated", async () => {
      second = stack.graph.directory.createUser({
        userPrincipalName: MAIL,
        mail: MAIL,
        displayName: "Ada Rehire",
        givenName: "Ada",
        surname: "Rehire",
        jobTitle: "Principal Engineer",
      }).id;
      assert.notEqual(second, first);
      stack.graph.directory.assign({ principalId: second });

      const r = await runCycle(stack);

      assert.equal(r.counts.byStatus.Failure ?? 0, 0, JSON.stringify(r.rejected));
      assert.equal(accounts().length, 1, "no second Slack account");
      const [account] = accounts();
      assert.equal(account?.id, slackId);
      assert.equal(account?.active, true);
      assert.equal(account?.title, "Principal Engineer");
      const records = await activityOf(second);
      const relinked = records.filter((x) => x.reason.includes(`re-linked from purged object ${first}`));
      assert.equal(relinked.length, 1, JSON.stringify(records.map((x) => [x.action, x.status, x.reason])));
      assert.equal(relinked[0]?.status, "Success");
      assert.equal(relinked[0]?.action, "Update");
      assert.match(relinked[0]?.reason ?? "", /updated .*title/);
      // A server that does not return `active` (the generic one) is told active=true without "reactivated" in words.
      const active = relinked[0]?.modifiedProperties.find((p) => p.name === "active");
      assert.equal(active?.newValue, "true");
    });

    if (style) return;
    void it("another Entra user who exists and whose UPN Slack stores as the same userName is refused", async () => {
      const other = stack.graph.directory.createUser({
        userPrincipalName: "ada.rehire@fabrikam.example",
        mail: "ada.r@fabrikam.example",
        displayName: "Another Ada",
        givenName: "Ada",
        surname: "Other",
      }).id;
      stack.graph.directory.assign({ principalId: other });

      const r = await runCycle(stack);

      assert.equal(r.counts.byStatus.Failure, 1);
      const [record] = await activityOf(other);
      assert.equal(record?.errorCode, "username_taken");
      assert.match(record?.reason ?? "", /already linked to the Entra user ada\.rehire@contoso\.example/);
      assert.equal(accounts()[0]?.active, true, "the re-hired user keeps it");
    });
  });
}
