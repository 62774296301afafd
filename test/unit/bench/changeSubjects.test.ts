import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SubjectDirectory } from "../../../bench/latency/changeSubjects";
import { changeSubjects } from "../../../bench/latency/changeSubjects";

const user = (local: string, accountEnabled = true) => ({
  id: `id-${local}`,
  userPrincipalName: `${local}@contoso.example`,
  accountEnabled,
});
const member = (id: string, type: "user" | "group" = "user") => ({ id, type });

// top (assigned) → mid → leaf; loop (assigned) → back to top; side is not assigned and nothing leads to it.
const dir: SubjectDirectory = {
  users: [
    user("ann"),
    user("ben"),
    user("cat"),
    user("dan", false),
    user("eve"),
    user("fay"),
    user("gus"),
    user("hal"),
    user("ivy"),
  ],
  assignedUserIds: ["id-ann", "id-ben", "id-cat", "id-dan"],
  excludedUserIds: ["id-cat", "id-ivy"],
  groups: [
    { id: "top", members: [member("mid", "group"), member("id-ann")] },
    { id: "mid", members: [member("leaf", "group")] },
    { id: "leaf", members: [member("id-eve")] },
    { id: "loop", members: [member("top", "group")] },
    { id: "side", members: [member("id-fay")] },
  ],
  groupAssignments: ["top", "loop", "gone"],
};
const slack = [
  { id: "U-ann", userName: "ann", active: true },
  { id: "U-ben", userName: "ben", active: false },
  { id: "U-cat", userName: "cat", active: true },
  { id: "U-eve", userName: "eve", active: true },
  { id: "U-hal", userName: "hal", active: false },
];

void describe("changeSubjects", () => {
  const s = changeSubjects(dir, slack);
  void it("provisioned: assigned, enabled, not excluded and active in Slack, with the Slack id", () => {
    assert.deepEqual(s.provisioned, [
      { entraId: "id-ann", userPrincipalName: "ann@contoso.example", slackId: "U-ann" },
    ]);
  });
  void it("out of scope: enabled, unassigned, not reached through an assigned group, not in Slack, not excluded", () => {
    // eve is in scope through top → mid → leaf; hal has a (deactivated) Slack account; ivy is excluded.
    assert.deepEqual(
      s.outOfScope.map((u) => u.entraId),
      ["id-fay", "id-gus"],
    );
  });
  void it("nested groups: reached from an assigned group at any depth, the nesting cycle cut, not assigned", () => {
    assert.deepEqual([...s.nestedGroupIds].sort(), ["leaf", "mid"]);
  });
  void it("assigned groups: only those that exist", () => {
    assert.deepEqual(s.assignedGroupIds, ["top", "loop"]);
  });
});
