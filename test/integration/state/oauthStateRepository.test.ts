/**
 * OAuthStateRepository against Azurite: a state is read back as written, marked used by exactly one of many racing
 * callers (ETag), and states that expired more than an hour ago are dropped when a new one is created.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { OAuthStateRepository } from "../../../shared/state/OAuthStateRepository";
import type { OAuthState } from "../../../shared/state/StatePorts";
import { azuriteTables } from "../../support/azuriteTables";
import { uniquePrefix } from "../../support/uniqueName";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const NOW = new Date("2025-01-15T10:00:00.000Z");
const state = (expiresAt: string): OAuthState => ({
  operator: "a".repeat(64),
  redirectUri: "https://func.example/api/slack/oauth/callback",
  expiresAt,
});

void describe("OAuthStateRepository against Azurite", () => {
  let repo: OAuthStateRepository;
  before(async () => {
    repo = new OAuthStateRepository(azuriteTables((await azurite.ready()).connectionString));
  });

  void it("reads a state back; of ten racing callers exactly one marks it used", async () => {
    const job = uniquePrefix("job");
    await repo.create(job, "k1", state("2025-01-15T10:10:00.000Z"), NOW);
    const read = await repo.read(job, "k1");
    assert.deepEqual(read?.state, state("2025-01-15T10:10:00.000Z"));
    const marks = await Promise.all(Array.from({ length: 10 }, () => repo.markUsed(job, "k1", read?.etag ?? "", NOW)));
    assert.equal(marks.filter(Boolean).length, 1);
    assert.equal((await repo.read(job, "k1"))?.state.usedAt, NOW.toISOString());
    assert.equal(await repo.markUsed(job, "missing", read?.etag ?? "", NOW), false);
    assert.equal(await repo.read(job, "missing"), undefined);
  });

  void it("creating a state drops the job's states that expired more than an hour ago, and only those", async () => {
    const job = uniquePrefix("job");
    const other = uniquePrefix("job");
    const earlier = new Date("2025-01-15T08:55:00.000Z");
    await repo.create(job, "old", state("2025-01-15T08:59:59.000Z"), earlier);
    await repo.create(job, "recent", state("2025-01-15T09:30:00.000Z"), earlier);
    await repo.create(other, "old", state("2025-01-15T08:00:00.000Z"), earlier);
    assert.ok(await repo.read(job, "old"));
    await repo.create(job, "new", state("2025-01-15T10:10:00.000Z"), NOW);
    assert.equal(await repo.read(job, "old"), undefined);
    assert.ok(await repo.read(job, "recent"), "expired less than an hour ago: kept, so a replay is told it was used");
    assert.ok(await repo.read(job, "new"));
    assert.ok(await repo.read(other, "old"), "another job's states are not touched");
  });
});
