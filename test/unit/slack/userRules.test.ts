import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScimError } from "../../../dev/slack-emulator/ScimError";
import { normalizeUserName, validateDisplayName } from "../../../dev/slack-emulator/userRules";

void describe("Slack emulator userName and displayName rules", () => {
  const names: [unknown, string][] = [
    ["Jane", "jane"],
    ["Jane.Doe@corp.example", "jane.doe"],
    ["o'brien+x", "o_brien_x"],
    ["a-b_c.d", "a-b_c.d"],
    ["æøå", "___"],
    ["a".repeat(21), "a".repeat(21)],
  ];
  for (const [input, expected] of names) {
    void it(`normalises ${String(input)}`, () => assert.equal(normalizeUserName(input), expected));
  }
  const bad: [unknown, string][] = [
    ["", "username_empty"],
    ["@corp.example", "username_empty"],
    [undefined, "username_required"],
    ["a".repeat(22), "long_username"],
  ];
  for (const [input, code] of bad) {
    void it(`rejects ${String(input)} with ${code}`, () =>
      assert.throws(
        () => normalizeUserName(input),
        (e: unknown) => e instanceof ScimError && e.code === code,
      ));
  }
  const displayNames: [string, string | undefined][] = [
    ["Jane O'Brien (Ops)", undefined],
    ["x".repeat(80), undefined],
    ["x".repeat(81), "invalid_name_maxlength"],
    ["@jane", "invalid_starts_with_at"],
    ["jane@corp", "invalid_name_specials"],
  ];
  for (const [input, code] of displayNames) {
    void it(`displayName ${input.slice(0, 20)} → ${code ?? "ok"}`, () => {
      if (code === undefined) validateDisplayName(input, "u");
      else
        assert.throws(
          () => validateDisplayName(input, "u"),
          (e: unknown) => e instanceof ScimError && e.code === code,
        );
    });
  }
});
