import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { SlackUser } from "../../../shared/slack/ScimUser";
import { SlackSnapshotRepository } from "../../../shared/state/SlackSnapshotRepository";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

const user = (id: string, userName: string, ...emails: string[]): SlackUser => ({
  id,
  userName,
  active: true,
  emails: emails.map((value, i) => ({ value, primary: i === 0 })),
});

void describe("SlackSnapshotRepository against Azurite", () => {
  let repo: SlackSnapshotRepository;
  before(async () => {
    const { connectionString } = await azurite.ready();
    repo = new SlackSnapshotRepository(azuriteTables(connectionString));
  });

  void it("finds users by userName and by any email, ignoring case, and never by a value that merely starts alike", async () => {
    // 250 users: more than one transaction's worth of rows, and values that are prefixes of others.
    const page = Array.from({ length: 250 }, (_, i) => user(`U${i}`, `user${i}`, `user${i}@x.io`));
    page.push(user("UA", "ann", "Ann@X.io", "ann.archer@y.io"), user("UB", "annie", "shared@x.io"));
    page.push(user("UC", "cy/with#odd?chars", "shared@x.io"));
    await repo.add("job", "c1", page);
    await repo.add("job", "c1", page); // a page written twice is the same rows
    assert.equal(await repo.isComplete("job", "c1"), false);
    await repo.complete("job", "c1");
    assert.equal(await repo.isComplete("job", "c1"), true);

    assert.deepEqual(
      (await repo.findByUserName("job", "c1", "ANN")).map((u) => u.id),
      ["UA"],
    );
    assert.deepEqual(
      (await repo.findByUserName("job", "c1", "user1")).map((u) => u.id),
      ["U1"],
    );
    assert.deepEqual(
      (await repo.findByEmail("job", "c1", "ann.archer@Y.io")).map((u) => u.id),
      ["UA"],
    );
    assert.deepEqual((await repo.findByEmail("job", "c1", "shared@x.io")).map((u) => u.id).sort(), ["UB", "UC"]);
    assert.deepEqual(
      (await repo.findByUserName("job", "c1", "cy/with#odd?chars")).map((u) => u.id),
      ["UC"],
    );
    assert.deepEqual(await repo.findByEmail("job", "c1", "nobody@x.io"), []);
  });

  void it("completing the next cycle's snapshot drops the previous one", async () => {
    await repo.add("job2", "c1", [user("U1", "old", "old@x.io")]);
    await repo.complete("job2", "c1");
    await repo.add("job2", "c2", [user("U2", "new", "new@x.io")]);
    await repo.complete("job2", "c2");
    assert.equal(await repo.isComplete("job2", "c1"), false);
    assert.deepEqual(await repo.findByUserName("job2", "c1", "old"), []);
    assert.deepEqual(
      (await repo.findByUserName("job2", "c2", "new")).map((u) => u.id),
      ["U2"],
    );
  });
});
