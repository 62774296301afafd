import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ConfigurationError } from "../../../shared/errors";
import { DEFAULT_GROUP_MAPPING } from "../../../shared/mapping/DEFAULT_GROUP_MAPPING";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { loadMappingFile, mappingFileFormat } from "../../../shared/mapping/config/loadMappingFile";
import { MappingFileError } from "../../../shared/mapping/config/MappingFileError";
import { parseMappingConfig } from "../../../shared/mapping/config/parseMappingConfig";

/** A file of the repository, found by walking up from the compiled test (dist/test/unit/mapping), else the cwd. */
function repoFile(...parts: string[]): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++, dir = join(dir, "..")) {
    if (existsSync(join(dir, "config", "mapping.default.yaml"))) return join(dir, ...parts);
  }
  return join(process.cwd(), ...parts);
}

function problemsOf(text: string, format: "json" | "yaml" = "yaml"): string[] {
  try {
    parseMappingConfig(text, format, "test.yaml");
  } catch (e) {
    assert.ok(e instanceof MappingFileError, String(e));
    assert.ok(e instanceof ConfigurationError);
    return [...e.problems];
  }
  return [];
}

const minimal = `
version: 1
users:
  attributes:
    - target: userName
      source: { attribute: userPrincipalName }
      matching: 1
    - target: 'emails[type eq "work"].value'
      source: { expression: 'Coalesce([mail], [userPrincipalName])' }
      defaultValue: nobody@contoso.com
`;

void describe("config/mapping.default.yaml", () => {
  void it("loads to exactly DEFAULT_USER_MAPPING and the default group mapping", async () => {
    const config = await loadMappingFile(repoFile("config", "mapping.default.yaml"));
    assert.deepStrictEqual(config.users, DEFAULT_USER_MAPPING);
    assert.deepStrictEqual(config.groups, DEFAULT_GROUP_MAPPING);
    assert.equal(config.version, 1);
  });
});

void describe("parseMappingConfig", () => {
  void it("reads YAML: flow defaults to always, expression and defaultValue kept, groups default", () => {
    const config = parseMappingConfig(minimal, "yaml");
    assert.deepStrictEqual(config.users, {
      attributes: [
        { target: "userName", source: { kind: "attribute", name: "userPrincipalName" }, flow: "always", matching: 1 },
        {
          target: 'emails[type eq "work"].value',
          source: { kind: "expression", expression: "Coalesce([mail], [userPrincipalName])" },
          flow: "always",
          defaultValue: "nobody@contoso.com",
        },
      ],
    });
    assert.deepStrictEqual(config.groups, DEFAULT_GROUP_MAPPING);
  });

  void it("reads the same mapping from JSON, with scoping filters and constants", () => {
    const json = JSON.stringify({
      version: 1,
      users: {
        attributes: [
          { target: "userName", source: { attribute: "userPrincipalName" }, flow: "always", matching: 1 },
          { target: 'emails[type eq "work"].value', source: { attribute: "mail" }, flow: "always" },
          { target: "title", source: { constant: "Staff" }, flow: "createOnly" },
        ],
        scopingFilters: [{ name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] }],
      },
    });
    const config = parseMappingConfig(json, "json");
    assert.deepStrictEqual(config.users.attributes[2], {
      target: "title",
      source: { kind: "constant", value: "Staff" },
      flow: "createOnly",
    });
    assert.deepStrictEqual(config.users.scopingFilters, [
      { name: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
    ]);
  });

  const bad: { name: string; text: string; format?: "json" | "yaml"; want: RegExp }[] = [
    { name: "YAML syntax", text: "version: 1\nusers: [\n", want: /not valid YAML: .*line/ },
    { name: "JSON syntax", text: "{ version: 1 }", format: "json", want: /not valid JSON/ },
    { name: "wrong version", text: minimal.replace("version: 1", "version: 2"), want: /^version: must be 1, not 2\.$/ },
    { name: "missing users", text: "version: 1\n", want: /^\(top level\): the field "users" is missing\.$/ },
    {
      name: "missing source",
      text: minimal.replace("      source: { attribute: userPrincipalName }\n", ""),
      want: /^users\.attributes\[0\]: the field "source" is missing\.$/,
    },
    {
      name: "bad flow",
      text: minimal.replace("matching: 1", "matching: 1\n      flow: sometimes"),
      want: /^users\.attributes\[0\]\.flow: "sometimes" is not allowed; use one of "always", "createOnly"\.$/,
    },
    {
      name: "unknown field (typo)",
      text: minimal.replace("matching: 1", "matchng: 1"),
      want: /^users\.attributes\[0\]: unknown field "matchng"; allowed fields: target, source, flow, defaultValue, matching, sensitive\.$/,
    },
    {
      name: "matching not an integer",
      text: minimal.replace("matching: 1", "matching: first"),
      want: /^users\.attributes\[0\]\.matching: must be a integer, not string "first"\.$/,
    },
    {
      name: "matching below 1",
      text: minimal.replace("matching: 1", "matching: 0"),
      want: /^users\.attributes\[0\]\.matching: must be at least 1, not 0\.$/,
    },
    {
      name: "two source kinds",
      text: minimal.replace("{ attribute: userPrincipalName }", "{ attribute: upn, constant: x }"),
      want: /^users\.attributes\[0\]\.source: give exactly one of "attribute", "constant" or "expression", not "attribute" and "constant"\.$/,
    },
    {
      name: "item without attribute",
      text: minimal.replace("{ attribute: userPrincipalName }", "{ item: 1 }"),
      want: /users\.attributes\[0\]\.source: "item" needs "attribute"/,
    },
    {
      name: "unknown source key",
      text: minimal.replace("{ attribute: userPrincipalName }", "{ attr: userPrincipalName }"),
      want: /users\.attributes\[0\]\.source: unknown field "attr"/,
    },
    {
      name: "bad scoping operator",
      text: `${minimal}  scopingFilters:\n    - clauses:\n        - { attribute: department, operator: LIKE, value: x }\n`,
      want: /^users\.scopingFilters\[0\]\.clauses\[0\]\.operator: "LIKE" is not allowed; use one of "EQUALS"/,
    },
    {
      name: "expression syntax error with column",
      text: minimal.replace("'Coalesce([mail], [userPrincipalName])'", "'Coalesce([mail] [userPrincipalName])'"),
      want: /^users: Mapping 2 \(.*\) has an invalid expression\. Expression error at column 17: Expected "," or "\)"[\s\S]*\^$/,
    },
    {
      name: "unsupported target",
      text: minimal.replace("target: userName", "target: nickName"),
      want: /users: Mapping 1 \("nickName"\) targets an attribute this connector cannot write/,
    },
    {
      name: "semantic scoping problem",
      text: `${minimal}  scopingFilters:\n    - clauses:\n        - { attribute: employeeId, operator: Greater_Than, value: ten }\n`,
      want: /users: Scoping filter 1, clause 1: Greater_Than compares integers/,
    },
    {
      name: "sensitive not a boolean",
      text: minimal.replace("matching: 1", "matching: 1\n      sensitive: yes please"),
      want: /^users\.attributes\[0\]\.sensitive: must be a boolean/,
    },
    {
      name: "sensitive on a group attribute (the flag is about users)",
      text: `${minimal}groups:\n  attributes:\n    - target: displayName\n      source: { attribute: displayName }\n      sensitive: true\n`,
      want: /groups\.attributes\[0\]: unknown field "sensitive"/,
    },
    {
      name: "bad group target",
      text: `${minimal}groups:\n  attributes:\n    - target: description\n      source: { attribute: description }\n`,
      want: /groups: Group mapping 1 \("description"\) targets an attribute Slack groups do not have/,
    },
  ];
  for (const c of bad) {
    void it(`reports: ${c.name}`, () => {
      const problems = problemsOf(c.text, c.format);
      assert.ok(
        problems.some((p) => c.want.test(p)),
        problems.join("\n"),
      );
    });
  }

  void it("reads sensitive: true (kept) and false (left out: the default)", () => {
    const config = parseMappingConfig(
      minimal
        .replace("matching: 1", "matching: 1\n      sensitive: false")
        .replace("defaultValue:", "sensitive: true\n      defaultValue:"),
      "yaml",
    );
    assert.deepEqual(
      config.users.attributes.map((a) => a.sensitive),
      [undefined, true],
    );
  });

  void it("reports every schema problem at once", () => {
    const problems = problemsOf(minimal.replace("matching: 1", "matching: 0\n      flow: never\n      extra: 1"));
    assert.equal(problems.length, 3, problems.join("\n"));
  });
});

void describe("loadMappingFile", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mapping-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  void it("chooses the format by extension", async () => {
    assert.equal(mappingFileFormat("a.JSON"), "json");
    assert.equal(mappingFileFormat("a.yml"), "yaml");
    assert.equal(mappingFileFormat("a.toml"), undefined);
    const path = join(dir, "m.json");
    await writeFile(path, JSON.stringify(parseMappingConfigInput()));
    const config = await loadMappingFile(path);
    assert.equal(config.users.attributes.length, 2);
  });

  void it("names a missing file and an unsupported extension", async () => {
    await assert.rejects(
      loadMappingFile(join(dir, "none.yaml")),
      /none\.yaml is invalid:\n- the file does not exist\./,
    );
    await assert.rejects(loadMappingFile(join(dir, "m.toml")), /unsupported extension "\.toml"/);
  });
});

function parseMappingConfigInput(): unknown {
  return {
    version: 1,
    users: {
      attributes: [
        { target: "userName", source: { attribute: "userPrincipalName" }, matching: 1 },
        { target: 'emails[type eq "work"].value', source: { attribute: "mail" } },
      ],
    },
  };
}

void describe("hostile mapping files", () => {
  void it("a YAML alias bomb is a MappingFileError (400), not a ReferenceError (500)", () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "users: {attributes: [*e]}",
    ].join("\n");
    assert.throws(
      () => parseMappingConfig(bomb, "yaml", "bomb.yaml"),
      (e: unknown) => e instanceof MappingFileError && /not usable YAML: .*at most 100 alias uses/.test(e.message),
    );
  });

  void it("thousands of problems are reported as the first 50 and a count", () => {
    const attributes = Array.from({ length: 3000 }, () => ({ source: 1 }));
    assert.throws(
      () => parseMappingConfig(JSON.stringify({ version: 1, users: { attributes } }), "json", "many.json"),
      (e: unknown) => {
        assert.ok(e instanceof MappingFileError);
        assert.equal(e.problems.length, 51);
        assert.match(e.problems[50] ?? "", /…and \d+ more problem\(s\)/);
        assert.ok(e.message.length < 20_000, `the message stays readable (${e.message.length} characters)`);
        return true;
      },
    );
  });
});
