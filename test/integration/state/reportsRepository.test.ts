/**
 * ReportsRepository's waiting lists against Azurite: a manager's arrival takes the reports waiting for it, once; the
 * list is emptied after, unless a report joined while they were being queued (that report is taken next time); a
 * `use` that fails leaves the list as it was.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ReportsRepository } from "../../../shared/state/ReportsRepository";
import { azuriteTables } from "../../support/azuriteTables";
import { uniquePrefix } from "../../support/uniqueName";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

void describe("ReportsRepository waiting lists against Azurite", () => {
  let repo: ReportsRepository;
  before(async () => {
    repo = new ReportsRepository(azuriteTables((await azurite.ready()).connectionString));
  });

  /** Every call of takeWaiting's `use`, with the reports it was given. */
  async function take(job: string, manager: string): Promise<string[][]> {
    const calls: string[][] = [];
    await repo.takeWaiting(job, manager, (reports) => {
      calls.push([...reports].sort());
      return Promise.resolve();
    });
    return calls;
  }

  void it("takes the waiting reports once; a later arrival finds none", async () => {
    const job = uniquePrefix("job");
    await repo.waitFor(job, "mgr", "r1");
    await repo.waitFor(job, "mgr", "r2");
    await repo.waitFor(job, "mgr", "r1");

    assert.deepEqual(await take(job, "mgr"), [["r1", "r2"]]);
    assert.deepEqual(await take(job, "mgr"), [], "emptied: nothing to queue again");
    assert.deepEqual(await take(job, "nobody"), []);
    await repo.waitFor(job, "mgr", "r3");
    assert.deepEqual(await take(job, "mgr"), [["r3"]], "an emptied list takes new reports");
  });

  void it("a report that joins while the list is being used is kept for the next arrival", async () => {
    const job = uniquePrefix("job");
    await repo.waitFor(job, "mgr", "r1");
    await repo.takeWaiting(job, "mgr", () => repo.waitFor(job, "mgr", "late"));

    assert.deepEqual(await take(job, "mgr"), [["late", "r1"]]);
    assert.deepEqual(await take(job, "mgr"), []);
  });

  void it("a use that fails leaves the list as it was", async () => {
    const job = uniquePrefix("job");
    await repo.waitFor(job, "mgr", "r1");
    await assert.rejects(
      repo.takeWaiting(job, "mgr", () => Promise.reject(new Error("queue unavailable"))),
      /queue unavailable/,
    );
    assert.deepEqual(await take(job, "mgr"), [["r1"]]);
  });
});
