/**
 * Request-minimal matching: a full cycle lists Slack's users once and matches its unlinked users against that snapshot
 * instead of reading Slack twice per user; a user created in Slack after the snapshot is still found (the create's
 * conflict sends the match to Slack itself), never duplicated.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import { directTenant, runCycleInMemory, slackUserNames } from "../../support/memory/scriptedTenant";

const ann = entraUser("ann.archer");
const ben = entraUser("ben.baker");
const cy = entraUser("cy.cole");

void describe("matching a full cycle against one snapshot of Slack", () => {
  void it("lists Slack once, makes no per-user filtered read, and adopts the user Slack already has", async () => {
    const e = directTenant([ann, ben, cy]);
    const existing = e.slack.directory.createUser({
      userName: "benb",
      emails: [{ value: "Ben.Baker@contoso.example", primary: true }],
      name: { givenName: "Ben", familyName: "Baker" },
    });

    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    const reads = e.slack.requests.filter((r) => r.method === "GET");
    assert.deepEqual(
      reads.filter((r) => r.path.includes("filter=")).map((r) => r.path),
      [],
      "no filtered read per user",
    );
    assert.equal(reads.filter((r) => r.path.startsWith("/Users?startIndex=1&count=1000")).length, 1, "one listing");
    // Ben was adopted by email (and given his mapped userName), not created twice.
    assert.deepEqual(slackUserNames(e), ["ann.archer", "ben.baker", "cy.cole"]);
    const benLink = (await e.ctx.links.get(e.ctx.jobId, ben.id))?.link;
    assert.equal(benLink?.slackId, existing.id);
    assert.equal(benLink?.matchedBy, "email");
  });

  void it("a user created in Slack after the snapshot is adopted when the create conflicts, not duplicated", async () => {
    const e = directTenant([ann]);
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(started.started);
    // The snapshot was taken (empty) before Ann appeared in Slack; then someone creates her there.
    await e.ctx.slackSnapshot.complete(e.ctx.jobId, started.cycleId);
    e.slack.directory.createUser({
      userName: "ann.archer",
      emails: [{ value: "ann.archer@contoso.example", primary: true }],
      name: { givenName: "Ann", familyName: "Archer" },
    });

    await drainInMemory(e);

    assert.equal((await cycleReport(e.ctx)).converged, true);
    assert.deepEqual(slackUserNames(e), ["ann.archer"]);
    const link = (await e.ctx.links.get(e.ctx.jobId, ann.id))?.link;
    assert.equal(link?.matchedBy, "userName", "matched in Slack itself after the create's conflict");
    const posts = e.slack.requests.filter((r) => r.method === "POST" && r.path === "/Users");
    assert.equal(posts.length, 1, "one refused create, then the match");
  });

  void it("a snapshot that cannot be taken costs only speed: matching reads Slack per user", async () => {
    const e = directTenant([ann, ben]);
    e.slack.injectFault({ method: "GET", pathContains: "/Users?startIndex=", status: 400, code: "invalid_query" });

    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    assert.deepEqual(slackUserNames(e), ["ann.archer", "ben.baker"]);
    assert.ok(
      e.slack.requests.some((r) => r.path.includes("filter=")),
      "per-user reads instead",
    );
    assert.ok(
      e.log.lines.some((l) => l.level === "warn" && /snapshot of Slack.s users could not be taken/.test(l.message)),
    );
  });
});
