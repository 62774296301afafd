import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hash53, MAX_OBJECTS, WrittenTerms } from "../../../../shared/state/people/WrittenTerms";

const ada = { identity: "ada@contoso.example", displayName: "Ada Lovelace" };

void describe("WrittenTerms", () => {
  const cases: {
    name: string;
    before: [terms: string[], props: { identity?: string; displayName?: string }][];
    ask: [terms: string[], props: { identity?: string; displayName?: string }];
    due: string[];
  }[] = [
    {
      name: "an object never written: every term",
      before: [],
      ask: [["ada", "lovelace"], ada],
      due: ["ada", "lovelace"],
    },
    {
      name: "the same names: only terms not written yet",
      before: [[["ada"], ada]],
      ask: [["ada", "lovelace"], ada],
      due: ["lovelace"],
    },
    {
      name: "a record without a display name changes nothing",
      before: [[["ada", "lovelace"], ada]],
      ask: [["ada"], { identity: ada.identity }],
      due: [],
    },
    { name: "a record with no names at all changes nothing", before: [[["ada"], ada]], ask: [["ada"], {}], due: [] },
    {
      name: "renamed: every term again",
      before: [[["ada", "lovelace"], ada]],
      ask: [["ada", "lovelace"], { ...ada, displayName: "Ada King" }],
      due: ["ada", "lovelace"],
    },
    {
      name: "a new identity: every term again",
      before: [[["ada"], ada]],
      ask: [["ada"], { ...ada, identity: "ada.king@contoso.example" }],
      due: ["ada"],
    },
    {
      name: "written under new names, the old names' terms are forgotten",
      before: [
        [["ada", "lovelace"], ada],
        [["king"], { ...ada, displayName: "Ada King" }],
      ],
      ask: [["ada", "king"], { ...ada, displayName: "Ada King" }],
      due: ["ada"],
    },
    {
      name: "after a record that names less, one with the full names writes every term again",
      before: [
        [["ada"], ada],
        [["lovelace"], { identity: ada.identity }],
      ],
      ask: [["ada", "lovelace"], ada],
      due: ["ada", "lovelace"],
    },
    {
      name: "terms accumulate under the same names",
      before: [
        [["ada"], ada],
        [["lovelace"], ada],
      ],
      ask: [["ada", "lovelace", "countess"], ada],
      due: ["countess"],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const written = new WrittenTerms();
      for (const [terms, props] of c.before) written.wrote("job\u0000User_ada", terms, props);
      assert.deepEqual(written.missing("job\u0000User_ada", ...c.ask), c.due);
      assert.deepEqual(written.missing("job\u0000User_other", ...c.ask), c.ask[0], "another object knows nothing");
    });
  }

  void it(`forgets the least recently written object beyond ${MAX_OBJECTS.toLocaleString("en-US")}`, () => {
    const written = new WrittenTerms();
    for (let i = 0; i < MAX_OBJECTS; i++) written.wrote(`job\u0000User_${i}`, ["t"], ada);
    written.wrote("job\u0000User_0", ["t"], ada); // written again: now the most recent
    written.wrote("job\u0000User_new", ["t"], ada);
    assert.deepEqual(written.missing("job\u0000User_0", ["t"], ada), []);
    assert.deepEqual(written.missing("job\u0000User_1", ["t"], ada), ["t"], "the oldest was forgotten");
    assert.deepEqual(written.missing("job\u0000User_new", ["t"], ada), []);
  });

  void it("hash53 is deterministic, never negative, within 53 bits, and spreads close strings", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const h = hash53(`bench.user${i}@contoso.example`);
      assert.equal(h, hash53(`bench.user${i}@contoso.example`));
      assert.ok(Number.isSafeInteger(h) && h >= 0);
      seen.add(h);
    }
    assert.equal(seen.size, 50_000);
    assert.notEqual(hash53(""), hash53("\u0000"));
  });
});
