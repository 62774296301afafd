/**
 * CachedSlackTokenStore on an in-memory vault and a clock the test moves: the fallback until a token is kept, the
 * TTL, a save used at once, a refusal reading the vault again (at most every minRefreshMs), a failed read keeping the
 * last token, one read for concurrent callers, and a read that overlapped a save never putting the old token back.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CachedSlackTokenStore } from "../../../../shared/slack/tokens/CachedSlackTokenStore";
import type { SlackTokenVault } from "../../../../shared/slack/tokens/SlackTokenVault";
import { ManualClock } from "../../../support/memory/ManualClock";

class MemoryVault implements SlackTokenVault {
  readonly location = "memory";
  reads = 0;
  failReads = false;
  /** While set, a read waits for it (to interleave a save). */
  gate: Promise<void> | undefined;
  constructor(public token: string | undefined = undefined) {}
  async read(): Promise<string | undefined> {
    this.reads += 1;
    const seen = this.token;
    if (this.gate) await this.gate;
    if (this.failReads) throw new Error("vault unreachable");
    return seen;
  }
  write(token: string): Promise<void> {
    this.token = token;
    return Promise.resolve();
  }
}

const TTL = 60_000;
const MIN_REFRESH = 10_000;

function setUp(kept?: string) {
  const clock = new ManualClock();
  const vault = new MemoryVault(kept);
  const failures: unknown[] = [];
  const store = new CachedSlackTokenStore(vault, {
    fallback: "xoxp-setting",
    ttlMs: TTL,
    minRefreshMs: MIN_REFRESH,
    clock: clock.now,
    onReadFailed: (e) => failures.push(e),
  });
  return { clock, vault, store, failures };
}

void describe("CachedSlackTokenStore", () => {
  const currentCases: { name: string; kept: string | undefined; want: string }[] = [
    { name: "nothing kept: SLACK_TOKEN as set", kept: undefined, want: "xoxp-setting" },
    { name: "a token kept (Authorize, or a secret): that one", kept: "xoxp-kept", want: "xoxp-kept" },
  ];
  for (const c of currentCases) {
    void it(c.name, async () => {
      const { store } = setUp(c.kept);
      assert.equal(await store.current(), c.want);
    });
  }

  void it("reads the vault once per TTL, then again", async () => {
    const { clock, vault, store } = setUp("xoxp-1");
    await store.current();
    vault.token = "xoxp-2";
    clock.advance(TTL - 1);
    assert.equal(await store.current(), "xoxp-1", "within the TTL: the cached token");
    clock.advance(1);
    assert.equal(await store.current(), "xoxp-2", "the TTL is over: read again");
    assert.equal(vault.reads, 2);
  });

  void it("a saved token is written to the vault and sent by the next call, without a read", async () => {
    const { vault, store } = setUp();
    await store.current();
    await store.save("xoxp-authorized");
    assert.equal(vault.token, "xoxp-authorized");
    assert.equal(await store.current(), "xoxp-authorized");
    assert.equal(vault.reads, 1);
  });

  void it("after a refusal: a token changed elsewhere is read and retried; the same one is not", async () => {
    const { clock, vault, store } = setUp("xoxp-old");
    await store.current();
    clock.advance(MIN_REFRESH);
    assert.equal(await store.refreshAfterRejection("xoxp-old"), undefined, "nothing newer: the refusal stands");
    vault.token = "xoxp-new";
    clock.advance(MIN_REFRESH);
    assert.equal(await store.refreshAfterRejection("xoxp-old"), "xoxp-new");
    assert.equal(await store.current(), "xoxp-new");
  });

  void it("refusals in a burst read the vault at most once per minRefreshMs", async () => {
    const { clock, vault, store } = setUp("xoxp-old");
    await store.current();
    const before = vault.reads;
    for (let i = 0; i < 5; i++) assert.equal(await store.refreshAfterRejection("xoxp-old"), undefined);
    assert.equal(vault.reads, before, "read a moment ago: not again");
    clock.advance(MIN_REFRESH);
    await store.refreshAfterRejection("xoxp-old");
    assert.equal(vault.reads, before + 1);
  });

  void it("a request refused with a token older than the cached one retries with the cached one", async () => {
    const { store } = setUp("xoxp-old");
    await store.current();
    await store.save("xoxp-new");
    assert.equal(await store.refreshAfterRejection("xoxp-old"), "xoxp-new");
  });

  void it("a vault that cannot be read: the last token read is kept and the failure reported", async () => {
    const { clock, vault, store, failures } = setUp("xoxp-kept");
    await store.current();
    vault.failReads = true;
    clock.advance(TTL);
    assert.equal(await store.current(), "xoxp-kept");
    assert.equal(failures.length, 1);
    const fresh = setUp("xoxp-kept");
    fresh.vault.failReads = true;
    assert.equal(await fresh.store.current(), "xoxp-setting", "never read: SLACK_TOKEN as set");
  });

  void it("concurrent callers share one read", async () => {
    const { vault, store } = setUp("xoxp-kept");
    const tokens = await Promise.all(Array.from({ length: 10 }, () => store.current()));
    assert.deepEqual(new Set(tokens), new Set(["xoxp-kept"]));
    assert.equal(vault.reads, 1);
  });

  void it("a read that started before a save does not put the old token back", async () => {
    const { vault, store } = setUp("xoxp-old");
    let open!: () => void;
    vault.gate = new Promise((resolve) => (open = resolve));
    const reading = store.current();
    await store.save("xoxp-new");
    open();
    assert.equal(await reading, "xoxp-new");
    assert.equal(await store.current(), "xoxp-new");
  });
});
