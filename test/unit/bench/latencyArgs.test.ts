import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LatencyArgs } from "../../../bench/latency/parseLatencyArgs";
import { LATENCY_DEFAULTS, parseLatencyArgs } from "../../../bench/latency/parseLatencyArgs";
import { CHANGE_MIX, planChanges } from "../../../bench/latency/planChanges";

void describe("parseLatencyArgs", () => {
  const cases: { argv: string[]; want: Partial<LatencyArgs> }[] = [
    { argv: [], want: {} },
    { argv: ["--changes", "80"], want: { changes: 80 } },
    { argv: ["--changes=12", "--interval-ms", "1000"], want: { changes: 12, intervalMs: 1000 } },
    { argv: ["--interval-ms", "0", "--burst", "0"], want: { intervalMs: 0, burst: 0 } },
    { argv: ["--deadline-s", "30", "--verbose"], want: { deadlineMs: 30_000, verbose: true } },
    { argv: ["--host-log", "/tmp/host.log"], want: { hostLog: "/tmp/host.log" } },
    { argv: ["--host-log=h.log", "--burst=5"], want: { hostLog: "h.log", burst: 5 } },
  ];
  for (const c of cases) {
    void it(c.argv.join(" ") || "(defaults)", () =>
      assert.deepEqual(parseLatencyArgs(c.argv), { ...LATENCY_DEFAULTS, ...c.want }),
    );
  }
  void it("defaults: 60 changes, 1.5 s apart, a burst of 20, 2 minutes' deadline", () => {
    assert.deepEqual(LATENCY_DEFAULTS, {
      changes: 60,
      intervalMs: 1500,
      burst: 20,
      deadlineMs: 120_000,
      verbose: false,
    });
  });
  const refused: { argv: string[]; error: RegExp }[] = [
    { argv: ["--changes"], error: /--changes takes a whole number of at least 1, not nothing/ },
    { argv: ["--changes", "0"], error: /at least 1, not 0/ },
    { argv: ["--changes", "2.5"], error: /not 2\.5/ },
    { argv: ["--interval-ms", "-1"], error: /at least 0/ },
    { argv: ["--burst", ""], error: /--burst takes/ },
    { argv: ["--fast"], error: /Unknown option --fast/ },
    { argv: ["--host-log"], error: /--host-log takes a file name/ },
    { argv: ["--verbose=yes"], error: /Unknown option --verbose/ },
  ];
  for (const r of refused)
    void it(`refuses ${r.argv.join(" ")}`, () => assert.throws(() => parseLatencyArgs(r.argv), r.error));
});

void describe("planChanges", () => {
  void it("repeats the mix: half job titles, a sixth each of the other kinds", () => {
    const kinds = planChanges(60);
    assert.equal(kinds.length, 60);
    const count = (k: string) => kinds.filter((x) => x === k).length;
    assert.deepEqual(
      [count("jobTitle"), count("disable"), count("nestedMember"), count("newUserInGroup")],
      [30, 10, 10, 10],
    );
  });
  void it("any six in a row hold every kind", () => {
    assert.deepEqual(new Set(planChanges(6)), new Set(CHANGE_MIX));
    assert.deepEqual(new Set(planChanges(20).slice(9, 15)), new Set(CHANGE_MIX));
  });
  void it("nothing for zero or a negative count", () => {
    assert.deepEqual(planChanges(0), []);
    assert.deepEqual(planChanges(-3), []);
  });
});
