/** The people search: the terms a record is found by, prefix search over them, distinct objects, bounded. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PeopleIndex, prefixEnd } from "../../../../shared/state/people/PeopleIndex";
import { searchTerms } from "../../../../shared/state/people/searchTerms";
import { activityRecord } from "../../../support/memory/activityRecord";
import { InMemoryRowTable } from "../../../support/memory/InMemoryRowTable";

const ada = activityRecord({
  objectId: "ada-id",
  identity: "Ada@Contoso.example",
  modifiedProperties: [
    { name: "displayName", oldValue: null, newValue: "Ada Lovelace" },
    { name: 'emails[type eq "work"].value', oldValue: null, newValue: "ada.lovelace@contoso.example" },
    { name: "title", oldValue: null, newValue: "Analyst" },
  ],
});

void describe("searchTerms", () => {
  void it("indexes the UPN, display name and its words, and mail, lowercased; not other attributes", () => {
    assert.deepEqual(searchTerms(ada), {
      terms: ["ada@contoso.example", "ada lovelace", "lovelace", "ada.lovelace@contoso.example"],
      displayName: "Ada Lovelace",
    });
  });
  void it("leaves out a term that begins another (a given name beside the display name)", () => {
    const named = activityRecord({
      identity: "ada@contoso.example",
      modifiedProperties: [
        { name: "displayName", oldValue: null, newValue: "Ada Lovelace" },
        { name: "name.givenName", oldValue: null, newValue: "Ada" },
        { name: "name.familyName", oldValue: null, newValue: "Lovelace" },
        { name: "userName", oldValue: null, newValue: "ada@contoso.example" },
      ],
    });
    assert.deepEqual(searchTerms(named).terms, ["ada@contoso.example", "ada lovelace", "lovelace"]);
  });
  void it("indexes nothing for a job record", () => {
    assert.deepEqual(searchTerms(activityRecord({ objectType: "Job", identity: "job" })).terms, []);
  });
});

void describe("PeopleIndex", () => {
  const seeded = async () => {
    const index = new PeopleIndex(new InMemoryRowTable().source);
    await index.note(ada);
    await index.note(activityRecord({ objectId: "adam-id", identity: "adam@contoso.example" }));
    await index.note(activityRecord({ objectId: "bob-id", identity: "bob@contoso.example" }));
    await index.note(activityRecord({ objectType: "Group", objectId: "g1", identity: "Adaptive team" }));
    return index;
  };

  void it("finds by a prefix of the UPN, name or mail, case-insensitively, each object once", async () => {
    const index = await seeded();
    const hits = await index.search("j", "ADA", 10);
    assert.deepEqual(hits.map((h) => h.objectId).sort(), ["ada-id", "adam-id", "g1"]);
    assert.equal(hits.find((h) => h.objectId === "ada-id")?.displayName, "Ada Lovelace");
    assert.deepEqual(
      (await index.search("j", "love", 10)).map((h) => h.objectId),
      ["ada-id"],
    );
    assert.deepEqual(await index.search("j", "zed", 10), []);
    assert.deepEqual(await index.search("other-job", "ada", 10), []);
  });

  void it("writes an object's rows again only for what they do not say yet", async () => {
    const calls: string[] = [];
    const table = new InMemoryRowTable({
      before: (call) => {
        calls.push(call);
        return Promise.resolve();
      },
    });
    const index = new PeopleIndex(table.source);
    const rows = () => table.rows("j").map((r) => `${r.rowKey} ${String(r.props.displayName)}`);
    await index.note(ada);
    const first = rows();
    const writes = () => calls.filter((c) => c.startsWith("transact")).length;
    const before = writes();
    // Its manager set: no naming attribute, the UPN's row is there already.
    await index.note(activityRecord({ objectId: "ada-id", identity: "Ada@Contoso.example", modifiedProperties: [] }));
    assert.equal(writes(), before);
    assert.deepEqual(rows(), first);
    // Renamed: every term is written with the new name, and the new name is found.
    await index.note(
      activityRecord({
        objectId: "ada-id",
        identity: "Ada@Contoso.example",
        modifiedProperties: [{ name: "displayName", oldValue: "Ada Lovelace", newValue: "Ada King" }],
      }),
    );
    assert.equal(writes(), before + 1);
    assert.deepEqual(
      (await index.search("j", "king", 10)).map((h) => [h.objectId, h.displayName]),
      [["ada-id", "Ada King"]],
    );
    assert.equal(table.rows("j").find((r) => r.rowKey.startsWith("ada@"))?.props.displayName, "Ada King");
  });

  void it("answers at most the limit", async () => {
    const index = await seeded();
    assert.equal((await index.search("j", "a", 2)).length, 2);
  });

  void it("prefixEnd bounds exactly the keys with the prefix", () => {
    for (const [key, inside] of [
      ["ada", true],
      ["ada lovelace", true],
      ["adb", false],
      ["ad", false],
    ] as const) {
      assert.equal(key >= "ada" && key < prefixEnd("ada"), inside, key);
    }
  });
});
