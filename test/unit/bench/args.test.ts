import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBenchArgs, parseSize } from "../../../bench/args";

void describe("bench options", () => {
  void it("defaults to 1,000 users, Slack's limits off, one host", () => {
    assert.deepEqual(parseBenchArgs([]), { sizes: [1000], slackLimits: false, instances: 1 });
  });

  void it("reads sizes as lists, with k and m suffixes, in either option spelling", () => {
    assert.deepEqual(parseBenchArgs(["--sizes", "1000,10000"]).sizes, [1000, 10000]);
    assert.deepEqual(parseBenchArgs(["--size", "100k"]).sizes, [100_000]);
    assert.deepEqual(parseBenchArgs(["--sizes=300", "--size", "1.5k"]).sizes, [300, 1500]);
    assert.equal(parseSize("1m"), 1_000_000);
    assert.equal(parseSize("0"), undefined);
    assert.equal(parseSize("ten"), undefined);
  });

  void it("reads --slack-limits and --instances", () => {
    assert.deepEqual(parseBenchArgs(["--instances", "3", "--slack-limits", "--sizes", "300"]), {
      sizes: [300],
      slackLimits: true,
      instances: 3,
    });
  });

  void it("refuses unknown options and bad values with the usage", () => {
    assert.throws(() => parseBenchArgs(["--fast"]), /Unknown option "--fast"[\s\S]*usage:/);
    assert.throws(() => parseBenchArgs(["--instances", "0"]), /positive integer/);
    assert.throws(() => parseBenchArgs(["--sizes", "1000,x"]), /Not a tenant size: "x"/);
    assert.throws(() => parseBenchArgs(["--sizes"]), /needs a value/);
  });
});
