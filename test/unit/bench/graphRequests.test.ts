import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { graphApiCalls, noChangeGraphBudget } from "../../../bench/graphRequests";

void describe("Graph request figures", () => {
  void it("counts API calls, not the token endpoint", () => {
    const paths = ["/tenant/oauth2/v2.0/token", "/v1.0/groups/delta", "/v1.0/users/delta?$deltatoken=x", "/v1.0x"];
    assert.equal(graphApiCalls(paths.map((path) => ({ path }))), 2);
  });

  void it("budgets a no-change cycle at three calls plus one per 999 assignments", () => {
    assert.equal(noChangeGraphBudget(0), 3);
    assert.equal(noChangeGraphBudget(110), 4);
    assert.equal(noChangeGraphBudget(999), 4);
    assert.equal(noChangeGraphBudget(10_010), 14);
  });
});
