import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { provisioningConfigHash } from "../../../shared/engine/CycleStarter";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { DEFAULT_USER_POLICIES } from "../../../shared/policies/UserPolicies";

const policies = DEFAULT_USER_POLICIES;

void describe("provisioningConfigHash", () => {
  void it("ignores the sensitive flag (it decides what the log keeps, not what Slack holds)", () => {
    const plain = provisioningConfigHash({ mapping: DEFAULT_USER_MAPPING, policies });
    const flagged = {
      ...DEFAULT_USER_MAPPING,
      attributes: DEFAULT_USER_MAPPING.attributes.map((a) => ({ ...a, sensitive: true })),
    };
    assert.equal(provisioningConfigHash({ mapping: flagged, policies }), plain);
  });

  void it("changes with anything that decides what Slack holds", () => {
    const plain = provisioningConfigHash({ mapping: DEFAULT_USER_MAPPING, policies });
    const changed = {
      ...DEFAULT_USER_MAPPING,
      attributes: DEFAULT_USER_MAPPING.attributes.map((a, i) => (i === 0 ? { ...a, flow: "createOnly" as const } : a)),
    };
    assert.notEqual(provisioningConfigHash({ mapping: changed, policies }), plain);
  });
});
