/**
 * SelectUniqueValue on create, on the in-memory engine: the first candidate Slack does not have (deactivated users
 * count as taken), each probe a real SCIM filter, and nothing created when every candidate is taken.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planAll } from "../../../shared/engine/planAll";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import type { UserMapping } from "../../../shared/mapping/AttributeMapping";
import { chooseUniqueValues } from "../../../shared/mapping/chooseUniqueValues";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { mapUser } from "../../../shared/mapping/mapUser";
import { userMappingProblems } from "../../../shared/mapping/validateUserMapping";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { seedUser } from "../../support/memory/seedUser";

const UNIQUE =
  'SelectUniqueValue(ToLower(Join(".", [givenName], [surname])), ToLower(Join(".", Mid([givenName], 1, 1), [surname])), ToLower(Join(".", Mid([givenName], 1, 2), [surname])))';

/** The default mapping with userName from SelectUniqueValue (create only, not matching): users match by email. */
const mapping: UserMapping = {
  attributes: DEFAULT_USER_MAPPING.attributes.map((a) =>
    a.target === "userName"
      ? { target: "userName", source: { kind: "expression", expression: UNIQUE }, flow: "createOnly" }
      : a,
  ),
};

const seedSlack = (e: ReturnType<typeof createInMemoryEngine>, userName: string, active: boolean) =>
  e.slack.directory.seedUser(
    { userName, emails: [{ value: `${userName}@elsewhere.example`, primary: true }] },
    "member",
    active,
  );

void describe("SelectUniqueValue on create", () => {
  void it("the mapping is valid, and the rules Entra sets are enforced", () => {
    assert.deepEqual(userMappingProblems(mapping), []);
    const bad = (patch: object) =>
      userMappingProblems({
        attributes: mapping.attributes.map((a) => (a.target === "userName" ? { ...a, ...patch } : a)),
      });
    assert.match(bad({ flow: "always" }).join(" "), /set its flow to "createOnly"/);
    assert.match(bad({ matching: 3 }).join(" "), /marked for matching; Entra does not allow this/);
    assert.match(
      bad({ source: { kind: "expression", expression: `Append(${UNIQUE}, "x")` } }).join(" "),
      /inside another function/,
    );
    assert.match(
      userMappingProblems({
        attributes: [
          ...mapping.attributes,
          {
            target: "title",
            source: { kind: "expression", expression: 'SelectUniqueValue("a", "b")' },
            flow: "createOnly",
          },
        ],
      }).join(" "),
      /can only check userName or the work email/,
    );
  });

  void it("skips a first choice held by a deactivated Slack user and creates with the second", async () => {
    const e = createInMemoryEngine({ mapping });
    seedSlack(e, "ada.park", false);
    const ada = entraUser("ada.park");
    await seedUser(e, ada);

    const record = await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id));

    assert.equal(record?.action, "Create");
    assert.equal(record?.status, "Success");
    const created = e.slack.directory.allUsers().find((u) => u.primaryEmail === "ada.park@contoso.example");
    assert.equal(created?.userName, "a.park");
    assert.match(
      record?.steps.find((s) => s.name === "action")?.detail ?? "",
      /SelectUniqueValue userName: "ada.park" taken in Slack, chose "a.park"/,
    );
    const probes = e.slack.requests.filter((r) => r.method === "GET" && /userName/.test(decodeURIComponent(r.path)));
    assert.equal(probes.length, 2, JSON.stringify(probes));

    // The next run is in sync: the choice is not made again, the user is not renamed.
    const again = await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id));
    assert.notEqual(again?.action, "Update");
    assert.equal(e.slack.directory.allUsers().find((u) => u.id === created?.id)?.userName, "a.park");
  });

  void it("the dry run names the candidates of a new user and asks Slack nothing", async () => {
    const e = createInMemoryEngine({ mapping });
    await seedUser(e, entraUser("ada.park"));
    const before = e.slack.requests.length;

    const plan = await planAll(e.ctx);

    assert.deepEqual(
      plan.changes.map((c) => [c.action, c.reason]),
      [
        [
          "create",
          'userName: the first of "ada.park", "a.park", "ad.park" that Slack does not have (SelectUniqueValue, asked on create)',
        ],
      ],
    );
    assert.equal(e.slack.requests.length, before);
  });

  void it("creates nothing and reports every candidate when all are taken", async () => {
    const e = createInMemoryEngine({ mapping });
    for (const n of ["ada.park", "a.park", "ad.park"]) seedSlack(e, n, n !== "a.park");
    const ada = entraUser("ada.park");
    await seedUser(e, ada);
    const before = e.slack.directory.allUsers().length;

    const record = await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id));

    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "UniqueValueUnavailable");
    assert.match(record?.errorMessage ?? "", /"ada.park", "a.park", "ad.park"/);
    assert.equal(e.slack.directory.allUsers().length, before);
  });

  void it("chooseUniqueValues asks nothing without SelectUniqueValue, and stops at the first free candidate", async () => {
    const asked: string[] = [];
    const probe = (_t: string, v: string) => {
      asked.push(v);
      return Promise.resolve(v === "a");
    };
    const plain = mapUser(entraUser("x.y"), DEFAULT_USER_MAPPING);
    assert.equal((await chooseUniqueValues(plain, probe)).mapped, plain);
    assert.deepEqual(asked, []);
    const m = mapUser(entraUser("x.y"), {
      attributes: [
        {
          target: "userName",
          source: { kind: "expression", expression: 'SelectUniqueValue("a", "b", "c")' },
          flow: "createOnly",
        },
      ],
    });
    assert.deepEqual(m.unique, { userName: ["a", "b", "c"] });
    assert.equal(m.values.userName, "a");
    const chosen = await chooseUniqueValues(m, probe);
    assert.equal(chosen.mapped.values.userName, "b");
    assert.deepEqual(asked, ["a", "b"]);
  });
});
