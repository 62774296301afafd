/** The shard cache is a hint: what a process wrote last, forgotten when unknown or dropped, and bounded. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShardCache } from "../../../shared/state/ShardCache";

void describe("ShardCache", () => {
  void it("remembers per partition and shard, forgets on drop or a write without an ETag", () => {
    const c = new ShardCache<number>();
    c.set("p1", "s1", 3, "E1");
    c.set("p2", "s1", 5, "E2");
    assert.deepEqual(c.get("p1", "s1"), { value: 3, etag: "E1" });
    assert.deepEqual(c.get("p2", "s1"), { value: 5, etag: "E2" });
    c.set("p1", "s1", 4, undefined);
    assert.equal(c.get("p1", "s1"), undefined);
    c.drop("p2", "s1");
    assert.equal(c.get("p2", "s1"), undefined);
  });

  void it("stays bounded: past its size it starts again empty", () => {
    const c = new ShardCache<number>();
    for (let i = 0; i < 5000; i++) c.set(`p${i}`, "s", i, `E${i}`);
    assert.equal(c.get("p0", "s"), undefined);
    assert.deepEqual(c.get("p4999", "s"), { value: 4999, etag: "E4999" });
  });
});
