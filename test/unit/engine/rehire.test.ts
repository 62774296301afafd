/**
 * Re-hire: a Slack account linked to an Entra user is taken over by another Entra user that matches it only when the
 * owner is confirmed permanently deleted (decideRelink), and the one-owner invariant holds for users who exist.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideRelink } from "../../../shared/engine/decideRelink";
import type { OwnerPresence } from "../../../shared/engine/decideRelink";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import { TransientError } from "../../../shared/errors";
import { observationSeq } from "../../../shared/state/SourceUserRepository";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { seedUser, unassignUser } from "../../support/memory/seedUser";

void describe("decideRelink", () => {
  const cases: [OwnerPresence, boolean, string][] = [
    ["live", true, "live"],
    ["live", false, "live"],
    ["softDeleted", true, "softDeleted"],
    ["softDeleted", false, "softDeleted"],
    ["purged", false, "unconfirmed"],
    ["purged", true, "relink"],
  ];
  for (const [presence, mirrorRemoved, expected] of cases) {
    void it(`owner ${presence}, mirror ${mirrorRemoved ? "saw it leave" : "still has it"} → ${expected}`, () => {
      const d = decideRelink({ owner: "old", claimant: "new", presence, mirrorRemoved });
      assert.equal(d.relink ? "relink" : d.refused, expected);
      if (d.relink) assert.match(d.detail, /re-linked from purged object old/);
    });
  }
  void it("an object claiming its own account needs no evidence", () => {
    assert.equal(decideRelink({ owner: "a", claimant: "a", presence: "live", mirrorRemoved: false }).relink, true);
  });
});

const old = entraUser("ada.park");
/** The same person re-hired: a new object with the same UPN and mail. */
const rehired = entraUser("ada.park", { id: "oid-ada.park-2", jobTitle: "Returning engineer" });

const provision = (e: InMemoryEngine, objectId: string) =>
  new UserProvisioner(e.ctx).provision(userMessage(e, objectId));
const linkOf = async (e: InMemoryEngine, objectId: string) => (await e.ctx.links.get(e.ctx.jobId, objectId))?.link;

/** Ada provisioned, then gone from Entra (the mirror records the removal delta reported) and deactivated in Slack. */
async function adaLeft(e: InMemoryEngine, how: "purged" | "softDeleted"): Promise<string> {
  e.graph.setUser(old);
  await seedUser(e, old);
  await provision(e, old.id);
  const slackId = (await linkOf(e, old.id))?.slackId ?? "";
  assert.ok(slackId);
  if (how === "purged") e.graph.deleteUser(old.id);
  else e.graph.softDeleteUser(old.id);
  await unassignUser(e, old.id);
  await e.ctx.sources.saveObservations(e.ctx.jobId, [
    { objectId: old.id, removed: how === "purged" ? "deleted" : "changed", seq: observationSeq(9, 0, 0) },
  ]);
  await e.ctx.slack.patchUser(slackId, [{ op: "replace", path: "active", value: false }]);
  return slackId;
}

void describe("re-hire on the in-memory engine", () => {
  void it("a purged owner: the re-hired user adopts, reactivates and updates the account; the old link is retired", async () => {
    const e = createInMemoryEngine();
    const slackId = await adaLeft(e, "purged");
    e.graph.setUser(rehired);
    await seedUser(e, rehired);

    const record = await provision(e, rehired.id);

    assert.equal(record?.status, "Success");
    assert.match(record?.reason ?? "", new RegExp(`re-linked from purged object ${old.id}, reactivated it`));
    assert.equal(e.slack.directory.allUsers().length, 1, "no second Slack user");
    const account = e.slack.directory.findUser(slackId);
    assert.equal(account?.active, true);
    assert.equal(account?.title, "Returning engineer");
    assert.equal((await linkOf(e, rehired.id))?.slackId, slackId);
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, slackId), rehired.id);
    const retired = await linkOf(e, old.id);
    assert.equal(retired?.slackId, undefined, "the purged object's link no longer names the account");
    assert.match(retired?.lastAction ?? "", /Retired/);
    assert.deepEqual(e.graph.deletedItemReads, [old.id], "deleted items were asked");
  });

  void it("a soft-deleted owner (it may be restored) keeps the account: the new user is refused, saying why", async () => {
    const e = createInMemoryEngine();
    const slackId = await adaLeft(e, "softDeleted");
    e.graph.setUser(rehired);
    await seedUser(e, rehired);

    const record = await provision(e, rehired.id);

    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "username_taken");
    assert.match(record?.errorMessage ?? "", /deleted items \(soft-deleted; it may be restored\).*resetScope Escrows/);
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, slackId), old.id);
    assert.equal(e.slack.directory.findUser(slackId)?.active, false, "not reactivated");
  });

  void it("two Entra users who exist never share one account (the owner is read and found)", async () => {
    const e = createInMemoryEngine();
    e.graph.setUser(old);
    await seedUser(e, old);
    await provision(e, old.id);
    const slackId = (await linkOf(e, old.id))?.slackId ?? "";
    // Another live user whose UPN has the same local part: Slack stores the same userName.
    const other = entraUser("ada.park", {
      id: "oid-other",
      userPrincipalName: "ada.park@fabrikam.example",
      mail: "ada.p@fabrikam.example",
    });
    e.graph.setUser(other);
    await seedUser(e, other);

    const record = await provision(e, other.id);

    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "username_taken");
    assert.match(record?.errorMessage ?? "", /already linked to the Entra user ada\.park@contoso\.example/);
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, slackId), old.id);
    assert.equal((await linkOf(e, old.id))?.slackId, slackId);
  });

  void it("a 404 our mirror has not seen yet (delta still to come) is retried, not acted on", async () => {
    const e = createInMemoryEngine();
    e.graph.setUser(old);
    await seedUser(e, old);
    await provision(e, old.id);
    const slackId = (await linkOf(e, old.id))?.slackId ?? "";
    e.graph.deleteUser(old.id); // gone in Graph, but no delta page has said so
    e.graph.setUser(rehired);
    await seedUser(e, rehired);

    await assert.rejects(provision(e, rehired.id), (err) => err instanceof TransientError);
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, slackId), old.id);
    assert.equal((await linkOf(e, old.id))?.slackId, slackId);
  });
});
