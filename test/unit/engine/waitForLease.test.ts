/** The bounded wait of an on-demand run for a lease another run holds, on a fake clock. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { waitForLease } from "../../../shared/engine/onDemand/waitForLease";
import { LeaseBusyError, TransientError } from "../../../shared/errors";

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

void describe("waitForLease", () => {
  void it("runs at once when the lease is free (no wait)", async () => {
    const c = fakeClock();
    const got = await waitForLease(() => Promise.resolve(42), { maxMs: 1_000, pollMs: 250, ...c });
    assert.deepEqual(got, { result: 42, waitedMs: 0 });
    assert.deepEqual(c.sleeps, []);
  });

  void it("polls while the lease is busy and says how long it waited", async () => {
    const c = fakeClock();
    let calls = 0;
    const got = await waitForLease(
      () => (++calls < 3 ? Promise.reject(new LeaseBusyError("User u1", 2_000)) : Promise.resolve("ran")),
      { maxMs: 1_000, pollMs: 250, ...c },
    );
    assert.deepEqual(got, { result: "ran", waitedMs: 500 });
  });

  void it("gives up with the LeaseBusyError once the next poll would pass the bound", async () => {
    const c = fakeClock();
    let calls = 0;
    await assert.rejects(
      waitForLease(
        () => {
          calls++;
          return Promise.reject(new LeaseBusyError("User u1", 2_000));
        },
        { maxMs: 1_000, pollMs: 250, ...c },
      ),
      LeaseBusyError,
    );
    assert.equal(calls, 5, "at 0, 250, 500, 750 and 1,000 ms: the last try at the bound");
    assert.ok(c.now() <= 1_000);
  });

  void it("any other error is not waited out", async () => {
    const c = fakeClock();
    await assert.rejects(
      waitForLease(() => Promise.reject(new TransientError("SlackUnavailable", "down")), {
        maxMs: 1_000,
        pollMs: 250,
        ...c,
      }),
      TransientError,
    );
    assert.deepEqual(c.sleeps, []);
  });
});
