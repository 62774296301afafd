/**
 * The standing attention list: which records put an object on it and take it off (table-driven), that it survives the
 * next cycles until the object succeeds, that the newest record decides (property tests: in time order; failures in
 * any order, also concurrently), and that it is read in bounded pieces.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ActivityRecord } from "../../../../shared/state/ActivityRecord";
import type { AttentionKind } from "../../../../shared/state/attention/AttentionEntry";
import { attentionChange } from "../../../../shared/state/attention/attentionChange";
import { AttentionIndex } from "../../../../shared/state/attention/AttentionIndex";
import { activityRecord } from "../../../support/memory/activityRecord";
import { InMemoryRowTable } from "../../../support/memory/InMemoryRowTable";

const CASES: { name: string; record: Partial<ActivityRecord>; expect: "clear" | "none" | AttentionKind }[] = [
  { name: "a success clears", record: { status: "Success" }, expect: "clear" },
  { name: "a warning clears", record: { status: "Warning" }, expect: "clear" },
  { name: "nothing to do clears", record: { action: "Skip", status: "Skipped" }, expect: "clear" },
  { name: "a failure sets failed", record: { status: "Failure", errorCode: "SlackRejected" }, expect: "failed" },
  { name: "an escrow sets escrowed", record: { status: "Failure", escrowed: true }, expect: "escrowed" },
  {
    name: "a validation rejection sets rejected",
    record: { action: "Create", status: "Skipped", errorCode: "InvalidAttribute" },
    expect: "rejected",
  },
  {
    name: "a policy skip (action Skip with a code) sets skipped",
    record: { action: "Skip", status: "Skipped", errorCode: "GuestSkipped" },
    expect: "skipped",
  },
  {
    name: "a user left as it is by OUT_OF_SCOPE_ACTION=leave sets skipped",
    record: { action: "Skip", status: "Skipped", policy: "OUT_OF_SCOPE_ACTION=leave" },
    expect: "skipped",
  },
  {
    name: "a guest skipped by GUEST_POLICY=skip sets skipped",
    record: { action: "Skip", status: "Skipped", policy: "GUEST_POLICY=skip" },
    expect: "skipped",
  },
  {
    name: "a held removal clears (the held set is the guard's own list)",
    record: { action: "Disable", status: "Skipped", errorCode: "RemovalHeld" },
    expect: "clear",
  },
  { name: "a job record changes nothing", record: { objectType: "Job", status: "Failure" }, expect: "none" },
  { name: "a drift finding changes nothing", record: { action: "Drift", status: "Warning" }, expect: "none" },
];

void describe("attentionChange", () => {
  for (const c of CASES) {
    void it(c.name, () => {
      const change = attentionChange(activityRecord(c.record));
      const got = change === undefined ? "none" : "clear" in change ? "clear" : change.set.kind;
      assert.equal(got, c.expect);
    });
  }

  void it("keeps the record's reason, code and identity for the admin", () => {
    const change = attentionChange(
      activityRecord({ status: "Skipped", errorCode: "InvalidAttribute", reason: "Set a mail in Entra." }),
    );
    assert.ok(change && "set" in change);
    assert.deepEqual(
      { reason: change.set.reason, code: change.set.errorCode, who: change.set.identity },
      { reason: "Set a mail in Entra.", code: "InvalidAttribute", who: "ann@contoso.example" },
    );
  });
});

const rejected = (at: string, objectId = "u1") =>
  activityRecord({ objectId, at, changeId: `r-${at}`, status: "Skipped", errorCode: "InvalidAttribute" });
const succeeded = (at: string, objectId = "u1") => activityRecord({ objectId, at, changeId: `s-${at}` });

void describe("AttentionIndex", () => {
  void it("an object stays listed across cycles until a record of it succeeds", async () => {
    const index = new AttentionIndex(new InMemoryRowTable().source);
    await index.note(rejected("2025-01-15T10:00:00.000Z"));
    await index.note({ ...succeeded("2025-01-15T11:00:00.000Z", "u2"), cycleId: "c2" });
    assert.deepEqual(
      (await index.list("j", 10)).entries.map((e) => [e.objectId, e.kind]),
      [["u1", "rejected"]],
    );
    await index.note({ ...succeeded("2025-01-15T12:00:00.000Z"), cycleId: "c3" });
    assert.deepEqual((await index.list("j", 10)).entries, []);
  });

  void it("reads at most the limit, and says when there are more", async () => {
    const index = new AttentionIndex(new InMemoryRowTable().source);
    for (let i = 0; i < 5; i++) await index.note(rejected("2025-01-15T10:00:00.000Z", `u${i}`));
    const first = await index.list("j", 3);
    assert.equal(first.entries.length, 3);
    assert.equal(first.more, true);
    assert.equal((await index.list("j", 5)).more, false);
    assert.equal((await index.get("j", "User", "u4"))?.kind, "rejected");
    assert.equal(await index.get("j", "User", "nobody"), undefined);
  });

  void it("appended in time order (an object's runs are serialised by its link lease), the newest record decides", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (oks) => {
        const index = new AttentionIndex(new InMemoryRowTable().source);
        for (const [t, ok] of oks.entries()) {
          const at = new Date(Date.UTC(2025, 0, 15) + t * 1000).toISOString();
          await index.note(ok ? succeeded(at) : rejected(at));
        }
        assert.equal((await index.list("j", 10)).entries.length === 1, oks[oks.length - 1] === false);
      }),
      { numRuns: 200 },
    );
  });

  void it("failures appended out of order or concurrently keep the newest one's reason", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (times, concurrently) => {
          const records = times.map((t) => {
            const at = new Date(Date.UTC(2025, 0, 15) + t * 1000).toISOString();
            return { ...rejected(at), reason: `at ${t}` };
          });
          const index = new AttentionIndex(new InMemoryRowTable().source);
          if (concurrently) await Promise.all(records.map((r) => index.note(r)));
          else for (const r of records) await index.note(r);
          assert.deepEqual(
            (await index.list("j", 10)).entries.map((e) => e.reason),
            [`at ${Math.max(...times)}`],
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
