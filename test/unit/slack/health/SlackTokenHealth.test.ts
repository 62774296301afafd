/**
 * The token check on the in-memory engine (the Slack emulator's auth.test and SCIM in process): one SCIM read of the
 * owner per check, auth.test again only for a new token, after the cache time or when SCIM refuses the token; a
 * problem is never cached.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SlackTokenUnhealthyError } from "../../../../shared/errors";
import type { InMemoryEngine } from "../../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../../support/memory/createInMemoryEngine";

function withOwner(role: "owner" | "admin" | "member" = "owner"): { e: InMemoryEngine; ownerId: string } {
  const e = createInMemoryEngine();
  const owner = e.slack.store.seedUser({ userName: "olga", emails: [{ value: "olga@contoso.example" }], role });
  return { e, ownerId: owner.id };
}
const ownerReads = (e: InMemoryEngine, id: string) =>
  e.slack.requests.filter((r) => r.method === "GET" && r.path === `/Users/${id}`).length;

void describe("SlackTokenHealth", () => {
  void it("healthy: auth.test once within the cache time, the owner's record at every check", async () => {
    const { e, ownerId } = withOwner();
    const first = await e.ctx.slackHealth.verify();
    assert.equal(first.verdict, "healthy");
    assert.match(first.detail, /olga\) is an active Owner/);
    e.clock.advance(60_000);
    await e.ctx.slackHealth.verify();
    assert.equal(e.authTest.calls, 1, "auth.test's answer is reused for the same token");
    assert.equal(ownerReads(e, ownerId), 2, "the owner is read at every check");
    e.clock.advance(300_000);
    await e.ctx.slackHealth.verify();
    assert.equal(e.authTest.calls, 2, "after the cache time auth.test is asked again");
    await e.ctx.slackHealth.check({ fresh: true });
    assert.equal(e.authTest.calls, 3, "fresh (the connection test) always asks");
  });

  void it("a new token is checked with auth.test at once", async () => {
    const { e } = withOwner();
    await e.ctx.slackHealth.verify();
    await e.ctx.slackTokens.save("xoxp-a-new-one");
    await e.ctx.slackHealth.verify();
    assert.equal(e.authTest.calls, 2);
  });

  void it("a demoted owner is seen at the next check, although auth.test's answer is cached", async () => {
    const { e, ownerId } = withOwner("admin");
    await e.ctx.slackHealth.verify();
    e.slack.store.setUserRole(ownerId, "member");
    await assert.rejects(e.ctx.slackHealth.verify(), (err: unknown) => {
      assert.ok(err instanceof SlackTokenUnhealthyError);
      assert.equal(err.code, "SlackTokenOwnerNotAdmin");
      assert.match(err.message, /no longer an Org Admin or Owner in Slack \(account type: Member\)/);
      return true;
    });
    assert.equal(e.authTest.calls, 1);
    // Promoted again: the next check passes (a problem is never cached).
    e.slack.store.setUserRole(ownerId, "owner");
    assert.equal((await e.ctx.slackHealth.verify()).verdict, "healthy");
  });

  void it("a revoked token: SCIM refuses the owner read, auth.test (not cached) says why", async () => {
    const { e } = withOwner();
    await e.ctx.slackHealth.verify();
    assert.ok(e.slack.store.revokeToken("initial"));
    await assert.rejects(e.ctx.slackHealth.verify(), (err: unknown) => {
      assert.ok(err instanceof SlackTokenUnhealthyError);
      assert.equal(err.code, "SlackTokenRevoked");
      assert.match(err.message, /auth.test answered "token_revoked"/);
      return true;
    });
    assert.equal(e.authTest.calls, 2);
  });

  void it("a deactivated owner: auth.test answers account_inactive", async () => {
    const { e, ownerId } = withOwner("admin");
    await e.ctx.slackHealth.verify(); // binds the emulator's initial token to its owner
    const stored = e.slack.directory.findUser(ownerId);
    assert.ok(stored);
    stored.active = false;
    const h = await e.ctx.slackHealth.check({ fresh: true });
    assert.equal(h.verdict, "unhealthy");
    assert.match(h.detail, /account_inactive/);
  });

  void it("no answer from auth.test concludes nothing: verify passes, and nothing is cached", async () => {
    const { e } = withOwner();
    e.authTest.answer = () => ({ kind: "noAnswer", reason: "auth.test answered HTTP 503" });
    const h = await e.ctx.slackHealth.verify();
    assert.equal(h.verdict, "unverified");
    e.authTest.answer = undefined;
    await e.ctx.slackHealth.verify();
    assert.equal(e.authTest.calls, 2);
  });

  void it("no owner or admin in the emulator: the stand-in owner has no record, the token still counts as working", async () => {
    const e = createInMemoryEngine();
    const h = await e.ctx.slackHealth.verify();
    assert.equal(h.verdict, "healthy");
    assert.match(h.detail, /no SCIM record/);
  });
});
