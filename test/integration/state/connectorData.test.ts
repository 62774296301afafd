/**
 * What a restart and a re-hire write, against Azurite: ConnectorDataRepository empties one job's rows of a table a
 * bounded page at a time (other jobs untouched), IdentityLinkRepository pages links in key order, and
 * SlackIndexRepository hands a Slack id over only while the expected owner still holds it.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ConnectorDataRepository } from "../../../shared/state/ConnectorDataRepository";
import { IdentityLinkRepository } from "../../../shared/state/IdentityLinkRepository";
import { SlackIndexRepository } from "../../../shared/state/SlackIndexRepository";
import type { TableProvider } from "../../../shared/state/TableProvider";
import { TABLES } from "../../../shared/state/tableNames";
import { ConcurrentWriteError } from "../../../shared/errors";
import { azuriteTables } from "../../support/azuriteTables";
import { uniquePrefix } from "../../support/uniqueName";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

void describe("connector data against Azurite", () => {
  let tables: TableProvider;
  before(async () => {
    tables = azuriteTables((await azurite.ready()).connectionString);
  });

  void it("clears a job's links in bounded pages and leaves another job's alone; pages links in key order", async () => {
    const links = new IdentityLinkRepository(tables);
    const job = uniquePrefix("job");
    const other = uniquePrefix("job");
    const ids = Array.from({ length: 250 }, (_, i) => `oid-${String(i).padStart(3, "0")}`);
    await Promise.all(ids.map((objectId) => links.create(job, { objectId, slackId: `U${objectId}` })));
    await links.create(other, { objectId: "oid-keep", slackId: "UKEEP" });

    const first = await links.page(job, undefined, 100);
    assert.equal(first.entries.length, 100);
    assert.equal(first.entries[0]?.link.objectId, "oid-000");
    const second = await links.page(job, first.next, 200);
    assert.equal(second.entries[0]?.link.objectId, "oid-100");
    assert.equal(second.entries.length, 150);
    assert.equal(second.next, undefined, "the last page says so");

    const data = new ConnectorDataRepository(tables);
    const deleted: number[] = [];
    for (let n = -1; n !== 0;) {
      n = await data.clear("IdentityLinks", job, 100);
      deleted.push(n);
    }
    assert.deepEqual(deleted, [100, 100, 50, 0]);
    assert.equal((await links.page(job, undefined, 10)).entries.length, 0);
    assert.equal((await links.get(other, "oid-keep"))?.link.slackId, "UKEEP");
  });

  void it("a page whose rows another runner deleted meanwhile is still cleared", async () => {
    const index = new SlackIndexRepository(tables);
    const job = uniquePrefix("job");
    for (let i = 0; i < 30; i++) await index.claim(job, `U${i}`, `oid-${i}`);
    const data = new ConnectorDataRepository(tables);
    const [a, b] = await Promise.all([data.clear("SlackIndex", job, 1000), data.clear("SlackIndex", job, 1000)]);
    assert.ok(a + b >= 30, `${a} + ${b}`);
    assert.equal(await data.clear("SlackIndex", job, 1000), 0);
    assert.equal(await index.ownerOf(job, "U3"), undefined);
  });

  void it("transfer: only from the owner named; of two racing claimants one wins", async () => {
    const index = new SlackIndexRepository(tables);
    const job = uniquePrefix("job");
    await index.claim(job, "U1", "old");
    assert.equal(await index.transfer(job, "U1", "someone-else", "new"), "old", "not the owner: unchanged");
    const results = await Promise.all([
      index.transfer(job, "U1", "old", "new-a"),
      index.transfer(job, "U1", "old", "new-b"),
    ]);
    const owner = await index.ownerOf(job, "U1");
    assert.ok(owner === "new-a" || owner === "new-b");
    assert.deepEqual(results, [owner, owner], "both are told the one owner");
    assert.equal(await index.transfer(job, "U-none", "old", "new"), undefined);
  });

  void it("a link's replace leaves only the new link on the row, and loses to a newer ETag", async () => {
    const links = new IdentityLinkRepository(tables);
    const job = uniquePrefix("job");
    const etag = await links.create(job, {
      objectId: "oid-1",
      slackId: "U1",
      displayName: "Ada",
      failure: { code: "x", message: "m", desiredHash: "h", at: "2026-01-01T00:00:00.000Z", attempts: 1 },
    });
    const next = await links.replace(job, { objectId: "oid-1", displayName: "Ada L" }, etag);
    assert.deepEqual((await links.get(job, "oid-1"))?.link, { objectId: "oid-1", displayName: "Ada L" });
    const row = await (await tables.table(TABLES.identityLinks)).getEntity<{ slackId: string }>(job, "oid-1");
    assert.equal(row.slackId, "", "the Slack id taken off the link is gone from the row too");
    await assert.rejects(links.replace(job, { objectId: "oid-1" }, etag), ConcurrentWriteError);
    assert.notEqual(next, etag);
  });
});
