import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { removalProbeDelayMs } from "../../../shared/engine/removalProbeDelayMs";

void describe("removalProbeDelayMs", () => {
  const cases: { attempt: number; want: number }[] = [
    { attempt: 1, want: 1_000 },
    { attempt: 2, want: 1_000 },
    { attempt: 60, want: 1_000 },
    { attempt: 61, want: 10_000 },
    { attempt: 2_500, want: 10_000 },
  ];
  for (const c of cases) {
    void it(`look ${c.attempt} waits ${c.want} ms`, () => assert.equal(removalProbeDelayMs(c.attempt), c.want));
  }
});
