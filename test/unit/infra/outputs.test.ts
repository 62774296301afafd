/** Nothing secret leaves a deployment as an output: no @secure outputs, no secret-sounding names, no keys read. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { declarations, infraFiles, parseBicep } from "./bicep";

/** Words of an identifier: camelCase and UPPER_SNAKE both split, lower-cased. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether an output name suggests a secret. "Key" is fine only as in "key vault". */
function secretSoundingName(name: string): boolean {
  const w = words(name);
  return w.some(
    (word, i) =>
      /^(secret|secrets|password|passwd|pwd|token|tokens|sas|credential|credentials|connectionstring|instrumentationkey)$/.test(
        word,
      ) ||
      (word === "connection" && w[i + 1] === "string") ||
      (/^keys?$/.test(word) && w[i + 1] !== "vault"),
  );
}

const SECRET_EXPRESSION =
  /\blist(Keys|Secrets|AccountSas|ServiceSas|Credentials?)\s*\(|ConnectionString|InstrumentationKey|\.secrets?\b/i;

void describe("Bicep outputs", () => {
  void test("the name rule flags secret names and allows key vault names", () => {
    for (const bad of [
      "storageKey",
      "SLACK_TOKEN",
      "connectionString",
      "APPLICATIONINSIGHTS_CONNECTION_STRING",
      "adminPassword",
      "primaryKeys",
      "sasUrl",
    ]) {
      assert.ok(secretSoundingName(bad), bad);
    }
    for (const ok of ["AZURE_KEY_VAULT_NAME", "keyVaultName", "vaultUri", "principalId", "SERVICE_API_URI"]) {
      assert.ok(!secretSoundingName(ok), ok);
    }
  });

  for (const path of infraFiles(".bicep")) {
    void test(`${path.slice(path.lastIndexOf("infra"))}: no output is secure, secret-named or reads a key`, () => {
      const file = parseBicep(path);
      const secureParams = new Set(
        declarations(file.root, "param")
          .filter((p) => /@secure\s*\(/.test(p.decorators))
          .map((p) => p.name),
      );
      for (const out of declarations(file.root, "output")) {
        assert.ok(!/@secure\s*\(/.test(out.decorators), `${file.name}: output ${out.name} is @secure()`);
        assert.ok(!secretSoundingName(out.name), `${file.name}: output ${out.name} is named like a secret`);
        const value = out.node.text.slice(out.node.text.indexOf("=") + 1);
        assert.ok(!SECRET_EXPRESSION.test(value), `${file.name}: output ${out.name} reads a secret: ${value.trim()}`);
        const identifiers = out.node.descendantsOfType("identifier").map((n) => n.text);
        for (const id of identifiers)
          assert.ok(!secureParams.has(id), `${file.name}: output ${out.name} exposes @secure param ${id}`);
      }
    });
  }
});
