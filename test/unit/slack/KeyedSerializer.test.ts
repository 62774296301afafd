import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyedSerializer } from "../../../shared/slack/KeyedSerializer";

void describe("KeyedSerializer", () => {
  void it("runs tasks for one key one at a time, in order, and other keys in parallel", async () => {
    const s = new KeyedSerializer();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = s.run("a", async () => {
      events.push("a1 start");
      await gate;
      events.push("a1 end");
    });
    const second = s.run("a", () => {
      events.push("a2");
      return Promise.resolve();
    });
    const other = s.run("b", () => {
      events.push("b");
      return Promise.resolve();
    });
    await other;
    assert.deepEqual(events, ["a1 start", "b"]);
    release();
    await Promise.all([first, second]);
    assert.deepEqual(events, ["a1 start", "b", "a1 end", "a2"]);
  });

  void it("keeps going after a failed task and forgets idle keys", async () => {
    const s = new KeyedSerializer();
    await assert.rejects(s.run("k", () => Promise.reject(new Error("boom"))));
    assert.equal(await s.run("k", () => Promise.resolve(7)), 7);
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(s.activeKeys, 0);
  });
});
