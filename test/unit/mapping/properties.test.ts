import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { buildCreateResource } from "../../../shared/mapping/buildCreateResource";
import { buildPatchOperations } from "../../../shared/mapping/buildPatchOperations";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { findTarget } from "../../../shared/mapping/describeTarget";
import { diffMapped } from "../../../shared/mapping/diffMapped";
import { exportedValues } from "../../../shared/mapping/exportedValues";
import { hashExported } from "../../../shared/mapping/hashExported";
import type { MappedUser } from "../../../shared/mapping/MappedUser";
import { mapUser } from "../../../shared/mapping/mapUser";
import { readScimValue } from "../../../shared/mapping/readScimValue";
import { sameTargetValue } from "../../../shared/mapping/sameTargetValue";
import { applySlackPatch, slackEcho } from "./fixtures";

const RUNS = { numRuns: 300 };

/** Text as Entra holds it: any graphemes, padding, blanks, diacritics, mixed case. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 8 }),
  fc.constantFrom("", " ", "  padded ", "Zoë", "ZOË", "Ødegård", "Zoe\u0308", "a@B.example", "技术 🚀"),
);
const nonBlank = text.filter((s) => s.trim() !== "");
const optionalText = fc.option(text, { nil: null });

const graphUser: fc.Arbitrary<GraphUser> = fc.record(
  {
    id: fc.uuid(),
    userPrincipalName: optionalText,
    mail: optionalText,
    displayName: optionalText,
    givenName: optionalText,
    surname: optionalText,
    jobTitle: optionalText,
    department: optionalText,
    companyName: optionalText,
    employeeId: optionalText,
    mobilePhone: optionalText,
    businessPhones: fc.option(fc.array(text, { maxLength: 3 }), { nil: null }),
    streetAddress: optionalText,
    city: optionalText,
    state: optionalText,
    postalCode: optionalText,
    country: optionalText,
    preferredLanguage: optionalText,
  },
  { requiredKeys: ["id"] },
);
/** A user Slack can hold (userName and email present). */
const creatableUser = fc
  .tuple(graphUser, nonBlank, nonBlank)
  .map(([u, upn, mail]): GraphUser => ({ ...u, userPrincipalName: upn, mail }));

const mapped = (u: GraphUser): MappedUser => mapUser(u, DEFAULT_USER_MAPPING);
const ALL_FLOWS = ["always", "createOnly"] as const;

function assertSlackHolds(slackValue: string | null, desired: string | null, target: string): void {
  assert.ok(sameTargetValue(target, slackValue, desired), `${target}: Slack holds ${slackValue}, desired ${desired}`);
}

void describe("mapping properties", () => {
  void it("diffMapped of a mapped user against its own exported values is empty", () => {
    fc.assert(
      fc.property(graphUser, (u) => {
        const m = mapped(u);
        assert.deepEqual(diffMapped(m, exportedValues(m, ALL_FLOWS), "update"), []);
        assert.deepEqual(diffMapped(m, exportedValues(m, ["always"]), "update"), []);
      }),
      RUNS,
    );
  });

  void it("applying diffMapped's changes to lastExported yields the desired 'always' values", () => {
    fc.assert(
      fc.property(graphUser, graphUser, (before, after) => {
        const last = exportedValues(mapped(before), ALL_FLOWS);
        const desired = mapped(after);
        const applied = { ...last };
        for (const c of diffMapped(desired, last, "update")) {
          assert.ok(!sameTargetValue(c.target, c.oldValue, c.newValue), "a change must change something");
          assert.equal(c.oldValue, last[c.target] ?? null);
          applied[c.target] = c.newValue;
        }
        for (const [target, value] of Object.entries(desired.values)) {
          if (desired.flows[target] === "always") assertSlackHolds(applied[target] ?? null, value, target);
          else assert.equal(applied[target], last[target], "createOnly targets are not touched on update");
        }
      }),
      RUNS,
    );
  });

  void it("a created user, read back from Slack's response, needs no changes when adopted", () => {
    fc.assert(
      fc.property(creatableUser, (u) => {
        const m = mapped(u);
        const slack = slackEcho(buildCreateResource(m));
        for (const [target, value] of Object.entries(m.values)) {
          if (findTarget(target)?.updatable !== false) assertSlackHolds(readScimValue(slack, target), value, target);
        }
        assert.deepEqual(diffMapped(m, undefined, "adopt", slack), []);
      }),
      RUNS,
    );
  });

  void it("update: Slack holds the desired values after the PATCH built from the diff", () => {
    fc.assert(
      fc.property(creatableUser, creatableUser, (before, after) => {
        const previous = mapped(before);
        const slackBefore = slackEcho(buildCreateResource(previous));
        const desired = mapped(after);
        const ops = buildPatchOperations(diffMapped(desired, exportedValues(previous, ALL_FLOWS), "update"), desired);
        const slackAfter = applySlackPatch(slackBefore, ops);
        for (const [target, value] of Object.entries(desired.values)) {
          if (desired.flows[target] === "always") assertSlackHolds(readScimValue(slackAfter, target), value, target);
          else assert.equal(readScimValue(slackAfter, target), readScimValue(slackBefore, target));
        }
      }),
      RUNS,
    );
  });

  void it("adopt: after the PATCH, Slack holds desired values (createOnly only where Slack was empty) and a re-diff is empty", () => {
    fc.assert(
      fc.property(creatableUser, creatableUser, fc.boolean(), (other, user, blankDisplayName) => {
        const slackBefore = slackEcho(buildCreateResource(mapped(other)));
        if (blankDisplayName) slackBefore.displayName = "";
        const desired = mapped(user);
        const ops = buildPatchOperations(diffMapped(desired, undefined, "adopt", slackBefore), desired);
        const slackAfter = applySlackPatch(slackBefore, ops);
        for (const [target, value] of Object.entries(desired.values)) {
          if (findTarget(target)?.updatable === false) continue;
          const before = readScimValue(slackBefore, target);
          const expected = desired.flows[target] === "createOnly" && before !== null ? before : value;
          assertSlackHolds(readScimValue(slackAfter, target), expected, target);
        }
        assert.deepEqual(diffMapped(desired, undefined, "adopt", slackAfter), []);
      }),
      RUNS,
    );
  });

  void it("userName and the work email are never removed", () => {
    fc.assert(
      fc.property(graphUser, graphUser, (before, after) => {
        const desired = mapped(after);
        const ops = buildPatchOperations(
          diffMapped(desired, exportedValues(mapped(before), ALL_FLOWS), "update"),
          desired,
        );
        assert.ok(!ops.some((o) => o.op === "remove" && (o.path === "userName" || o.path?.startsWith("emails"))));
      }),
      RUNS,
    );
  });
});

const values = fc.dictionary(fc.string({ maxLength: 6 }), fc.option(fc.string({ maxLength: 6 }), { nil: null }), {
  maxKeys: 8,
});

void describe("hashExported properties", () => {
  void it("does not depend on key order", () => {
    fc.assert(
      fc.property(
        values.chain((v) => {
          const keys = Object.keys(v);
          return fc.tuple(
            fc.constant(v),
            fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }),
          );
        }),
        ([v, order]) => {
          const reordered = Object.fromEntries(order.map((k) => [k, v[k] ?? null]));
          assert.equal(hashExported(reordered), hashExported(v));
        },
      ),
      RUNS,
    );
  });

  void it("changes when any value changes, or a target is added or removed", () => {
    fc.assert(
      fc.property(values, fc.nat(), fc.option(fc.string({ maxLength: 6 }), { nil: null }), (v, pick, replacement) => {
        const keys = Object.keys(v);
        const key = keys[pick % Math.max(keys.length, 1)];
        if (key !== undefined && v[key] !== replacement) {
          assert.notEqual(hashExported({ ...v, [key]: replacement }), hashExported(v));
          const { [key]: _removed, ...without } = v;
          assert.notEqual(hashExported(without), hashExported(v));
        }
        const added = `${keys.join("")}+`;
        assert.notEqual(hashExported({ ...v, [added]: null }), hashExported(v));
      }),
      RUNS,
    );
  });
});
