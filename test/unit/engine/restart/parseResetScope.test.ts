import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseResetScope } from "../../../../shared/engine/restart/parseResetScope";
import { resetScopeFromRequest } from "../../../../shared/engine/restart/resetScopeFromRequest";
import { RESET_SCOPE_VALUES } from "../../../../shared/state/ResetFlag";

void describe("parseResetScope (Graph's synchronizationJobRestartScope flags)", () => {
  const cases: [string | undefined, string[] | RegExp][] = [
    [undefined, ["Watermark", "Escrows", "QuarantineState"]],
    ["", ["Watermark", "Escrows", "QuarantineState"]],
    [" , ", ["Watermark", "Escrows", "QuarantineState"]],
    ["Watermark", ["Watermark"]],
    ["Escrows", ["Escrows"]],
    ["QuarantineState", ["QuarantineState"]],
    ["ConnectorDataStore", ["Watermark", "ConnectorDataStore"]],
    ["Full", ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore"]],
    ["Escrows, Watermark", ["Watermark", "Escrows"]],
    ["watermark,ESCROWS,Escrows", ["Watermark", "Escrows"]],
    ["Full,Watermark", ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore"]],
    [
      "Wat3rmark",
      /"Wat3rmark" is not supported\. Valid values: Watermark, Escrows, QuarantineState, ConnectorDataStore, Full/,
    ],
    ["ForceDeletes", /POST \/api\/held\/approve/],
    ["None", /POST \/api\/job\/resume/],
    ["Watermark,Bogus", /"Bogus" is not supported/],
    ["x".repeat(201), /longer than 200/],
  ];
  for (const [raw, expected] of cases) {
    void it(`${JSON.stringify(raw)?.slice(0, 40) ?? "absent"} → ${String(expected)}`, () => {
      const parsed = parseResetScope(raw);
      if (expected instanceof RegExp) {
        assert.ok("error" in parsed, "refused");
        assert.match(parsed.error, expected);
      } else {
        assert.deepEqual(parsed, { flags: expected });
      }
    });
  }

  void it("any combination of valid values, in any case and order, parses to each flag once, in a fixed order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...RESET_SCOPE_VALUES), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (values, upper) => {
          const raw = values.map((v) => (upper ? v.toUpperCase() : v)).join(" , ");
          const parsed = parseResetScope(raw);
          assert.ok("flags" in parsed);
          assert.equal(new Set(parsed.flags).size, parsed.flags.length);
          const order = ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore"];
          assert.deepEqual(
            parsed.flags,
            order.filter((f) => parsed.flags.includes(f as never)),
          );
          if (values.includes("Full")) assert.equal(parsed.flags.length, 4);
          if (values.includes("ConnectorDataStore")) assert.ok(parsed.flags.includes("Watermark"));
        },
      ),
    );
  });
});

void describe("resetScopeFromRequest", () => {
  const cases: [string | null, string, string[] | RegExp][] = [
    [null, "", ["Watermark", "Escrows", "QuarantineState"]],
    [null, '{"criteria":{"resetScope":"Watermark, Escrows"}}', ["Watermark", "Escrows"]],
    [null, '{"resetScope":"QuarantineState"}', ["QuarantineState"]],
    ["Escrows", "", ["Escrows"]],
    ["Escrows", '{"resetScope":"Escrows"}', ["Escrows"]],
    [null, '{"criteria":{}}', ["Watermark", "Escrows", "QuarantineState"]],
    [null, "{not json", /must be JSON/],
    [null, "[1]", /JSON object/],
    [null, '{"criteria":"Full"}', /criteria must be an object/],
    [null, '{"resetScope":["Full"]}', /must be a string/],
    [null, '{"criteria":{"resetScope":"Full"},"resetScope":"Escrows"}', /two different resetScope/],
    ["Full", '{"resetScope":"Escrows"}', /query and the body/],
    [null, '{"resetScope":"ForceDeletes"}', /Valid values/],
  ];
  for (const [query, body, expected] of cases) {
    void it(`query ${String(query)}, body ${body || "(empty)"}`, () => {
      const parsed = resetScopeFromRequest(query, body);
      if (expected instanceof RegExp) {
        assert.ok("error" in parsed, "refused");
        assert.match(parsed.error, expected);
      } else {
        assert.deepEqual(parsed, { flags: expected });
      }
    });
  }
});
