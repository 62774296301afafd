import assert from "node:assert/strict";
import { test } from "node:test";
import { decideUserState } from "../../../shared/engine/decideUserState";
import type { SourceUserRecord } from "../../../shared/state/SourceUserRepository";

const user = (over: Partial<SourceUserRecord> = {}): SourceUserRecord => ({
  objectId: "u1",
  snapshot: { id: "u1", userPrincipalName: "ada@contoso.example", accountEnabled: true },
  seq: "1",
  managed: false,
  ...over,
});
const inScope = { inScope: true, paths: ["assigned directly"] };
const outOfScope = { inScope: false, paths: [] };

const cases: {
  name: string;
  record: SourceUserRecord | undefined;
  scope: typeof inScope;
  kind: string;
  evidence?: RegExp;
}[] = [
  { name: "in scope and enabled → provision", record: user(), scope: inScope, kind: "provision" },
  {
    name: "no data → unknown (never deactivate without evidence)",
    record: undefined,
    scope: outOfScope,
    kind: "unknown",
  },
  {
    name: "record without snapshot → unknown",
    record: { objectId: "u1", seq: "", managed: true },
    scope: inScope,
    kind: "unknown",
  },
  {
    name: "soft delete → deprovision",
    record: user({ removed: "changed" }),
    scope: inScope,
    kind: "deprovision",
    evidence: /soft delete/,
  },
  {
    name: "hard delete → deprovision",
    record: user({ removed: "deleted" }),
    scope: inScope,
    kind: "deprovision",
    evidence: /permanently/,
  },
  {
    name: "accountEnabled=false → deprovision",
    record: user({ snapshot: { id: "u1", accountEnabled: false } }),
    scope: inScope,
    kind: "deprovision",
    evidence: /accountEnabled/,
  },
  {
    name: "unassigned → deprovision",
    record: user(),
    scope: outOfScope,
    kind: "deprovision",
    evidence: /no longer assigned/,
  },
  {
    name: "accountEnabled absent (not selected) is not evidence",
    record: user({ snapshot: { id: "u1" } }),
    scope: inScope,
    kind: "provision",
  },
];

for (const c of cases) {
  test(`decideUserState: ${c.name}`, () => {
    const d = decideUserState(c.record, c.scope);
    assert.equal(d.kind, c.kind);
    if (c.evidence) {
      assert.equal(d.kind, "deprovision");
      if (d.kind === "deprovision") assert.match(d.evidence, c.evidence);
    }
  });
}
