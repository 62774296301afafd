/** What `npm run provision` prints for an on-demand answer. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatOnDemand } from "../../../dev/cli/formatOnDemand";

void test("formatOnDemand: the outcome, numbered steps, changes, the scope's age and each Slack exchange", () => {
  const lines = formatOnDemand({
    kind: "done",
    answer: {
      objectType: "User",
      query: "ada.park@contoso.example",
      objectId: "u1",
      identity: "ada.park@contoso.example",
      action: "Update",
      status: "Success",
      reason: "Updated title in Slack.",
      steps: [
        { name: "import", status: "Success", detail: "Read ada.park@contoso.example from Entra ID (direct read)." },
        { name: "action", status: "Success", detail: "PATCH U1 with 1 operation(s)." },
      ],
      modifiedProperties: [{ name: "title", oldValue: "Engineer", newValue: "Lead" }],
      recorded: true,
      requestedBy: "me",
      scopeAsOf: "Scope as of cycle c1.",
      waitedForLeaseMs: 1_500,
      slack: [{ method: "PATCH", path: "/Users/U1", status: 204, durationMs: 12 }],
    },
  });
  assert.deepEqual(lines, [
    "User ada.park@contoso.example (u1): Update, Success",
    "  Updated title in Slack.",
    "  1 import  Success  Read ada.park@contoso.example from Entra ID (direct read).",
    "  2 action  Success  PATCH U1 with 1 operation(s).",
    "  title: Engineer → Lead",
    "  waited 1.5 s for another run of it",
    "  Scope as of cycle c1.",
    "  Slack: PATCH /Users/U1 → 204 (12 ms)",
  ]);
  assert.deepEqual(formatOnDemand({ kind: "notFound", objectType: "User", query: "x", message: "No user" }), [
    "Not found: No user",
  ]);
});
