/**
 * The job row and the drift scan's row against Azurite (applyRowTransition): a missing row is created, ten racing
 * transitions each apply exactly once (none lost to another's write), and a declined transition leaves the row as it is.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { driftScanStarted } from "../../../shared/drift/DriftScanState";
import { DriftScanRepository } from "../../../shared/state/DriftScanRepository";
import { JobStateRepository } from "../../../shared/state/JobStateRepository";
import { azuriteTables } from "../../support/azuriteTables";
import { uniquePrefix } from "../../support/uniqueName";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

void describe("state rows (compare-and-set) against Azurite", () => {
  let jobs: JobStateRepository;
  let scans: DriftScanRepository;
  before(async () => {
    const tables = azuriteTables((await azurite.ready()).connectionString);
    jobs = new JobStateRepository(tables);
    scans = new DriftScanRepository(tables);
  });

  void it("ten racing transitions of the job row each apply once; a declined one changes nothing", async () => {
    const job = uniquePrefix("job");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        jobs.apply(job, (s) => ({
          ...s,
          appRoles: { ...(s.appRoles ?? {}), [`r${i}`]: { value: `v${i}`, displayName: null } },
        })),
      ),
    );
    assert.ok(results.every((r) => r.applied));
    const stored = await jobs.get(job);
    assert.deepEqual(Object.keys(stored.appRoles ?? {}).sort(), Array.from({ length: 10 }, (_, i) => `r${i}`).sort());
    const declined = await jobs.apply(job, () => ({ declined: "not now" }));
    assert.deepEqual([declined.applied, declined.declined], [false, "not now"]);
    assert.deepEqual(await jobs.get(job), stored);
  });

  void it("the drift scan's row is created beside the job row and leaves it alone", async () => {
    const job = uniquePrefix("job");
    await jobs.apply(job, (s) => ({ ...s, appRoles: { a: { value: "x", displayName: null } } }));
    const now = new Date("2026-01-01T00:00:00.000Z");
    const start = (scanId: string) => driftScanStarted({ scanId, trigger: "manual", mode: "report", now });
    const [a, b] = await Promise.all([scans.apply(job, start("s1")), scans.apply(job, start("s2"))]);
    assert.deepEqual([a.applied, b.applied].sort(), [false, true], "one of two racing starts wins, the other declines");
    assert.match(a.declined ?? b.declined ?? "", /is running/);
    assert.equal((await scans.get(job)).running?.startedAt, now.toISOString());
    assert.deepEqual((await jobs.get(job)).appRoles, { a: { value: "x", displayName: null } });
  });
});
