/**
 * The function app's app settings in Bicep against SETTINGS_CATALOG: every setting required by the loader or by the
 * host is set, every setting the Bicep sets is either in the catalog or a known host/platform setting, and the
 * deployment's defaults (main.parameters.json, main.bicep) are the catalog's.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { defaultText } from "../../../shared/config/defaultText";
import { SETTINGS_CATALOG } from "../../../shared/config/settingsCatalog";
import {
  NODE_WORKER_ARGUMENTS,
  NODE_WORKER_ARGUMENTS_SETTING,
  nodeWorkerArguments,
} from "../../../shared/hosting/nodeWorkerArguments";
import { declarations, infraDir, literal, parseBicep } from "./bicep";
import { appSettings, functionAppFile, unconditionalAppSettings } from "./siteSettings";

/**
 * Host/platform settings the app code does not read itself. OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID is read by App
 * Service Authentication (the managed identity that stands in for a client secret); languageWorkers__node__arguments
 * by the Functions host when it starts the Node worker.
 */
const PLATFORM_SETTING =
  /^(AzureWebJobsStorage__.+|FUNCTIONS_.+|APPLICATIONINSIGHTS_.+|WEBSITE_.+|AzureFunctionsJobHost__.+|OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID|languageWorkers__node__arguments)$/;

/** Settings the Flex Consumption plan rejects or ignores (runtime lives in functionAppConfig). */
const FLEX_DEPRECATED = [
  "FUNCTIONS_WORKER_RUNTIME",
  "FUNCTIONS_EXTENSION_VERSION",
  "WEBSITE_RUN_FROM_PACKAGE",
  "WEBSITE_CONTENTSHARE",
  "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
  "WEBSITE_NODE_DEFAULT_VERSION",
  "WEBSITE_TIME_ZONE",
  "SCM_DO_BUILD_DURING_DEPLOYMENT",
  "ENABLE_ORYX_BUILD",
];

void describe("function app settings (Bicep vs SETTINGS_CATALOG)", () => {
  const settings = appSettings(functionAppFile());
  const catalog = new Set(SETTINGS_CATALOG.map((s) => s.name));

  void test("every setting required by the loader (no default) or by the host (a binding) is always set", () => {
    const required = SETTINGS_CATALOG.filter((s) => s.required || s.hostRequires !== undefined).map((s) => s.name);
    assert.ok(required.includes("SLACK_TOKEN") && required.includes("SYNC_SCHEDULE"));
    const always = unconditionalAppSettings(functionAppFile());
    for (const name of required) assert.ok(always.has(name), `required setting ${name} is not always set by the Bicep`);
  });

  void test("the deployment's defaults are the catalog's (main.parameters.json ${NAME=default}, main.bicep)", () => {
    const file = JSON.parse(readFileSync(join(infraDir(), "main.parameters.json"), "utf8")) as {
      parameters: Record<string, { value: unknown }>;
    };
    const mainParams = declarations(parseBicep(join(infraDir(), "main.bicep")).root, "param");
    const checked: string[] = [];
    for (const [param, { value }] of Object.entries(file.parameters)) {
      const m = /^\$\{([A-Za-z0-9_]+)(?:=([^}]*))?\}$/.exec(String(value));
      const setting = SETTINGS_CATALOG.find((s) => s.name === m?.[1]);
      if (!m || !setting) continue;
      checked.push(setting.name);
      // `${NAME=}` (empty when unset) is no default.
      assert.equal(m[2] || undefined, defaultText(setting), `${setting.name}: main.parameters.json's default`);
      const declared = mainParams.find((p) => p.name === param);
      assert.ok(declared, `${param} is a parameter of main.bicep`);
      const bicepDefault = /=\s*(.+?)\s*$/.exec(declared.node.text)?.[1]?.replace(/^'(.*)'$/, "$1");
      assert.equal(
        bicepDefault || undefined,
        defaultText(setting),
        `${setting.name}: main.bicep's default for ${param}`,
      );
    }
    assert.ok(checked.includes("SYNC_SCHEDULE"), "SYNC_SCHEDULE's deployment default is checked");
  });

  void test("every setting is in the catalog or a known host/platform setting", () => {
    for (const name of settings.keys()) {
      assert.ok(
        catalog.has(name) || PLATFORM_SETTING.test(name),
        `${name} is neither in SETTINGS_CATALOG nor a platform setting`,
      );
    }
  });

  void test("identity-based host storage is complete and no connection string or key is used", () => {
    for (const name of [
      "AzureWebJobsStorage__credential",
      "AzureWebJobsStorage__clientId",
      "AzureWebJobsStorage__blobServiceUri",
      "AzureWebJobsStorage__queueServiceUri",
      "AzureWebJobsStorage__tableServiceUri",
    ]) {
      assert.ok(settings.has(name), `${name} is set`);
    }
    assert.equal(literal(settings.get("AzureWebJobsStorage__credential")), "managedidentity");
    assert.ok(!settings.has("AzureWebJobsStorage"), "no storage connection string");
    assert.ok(!settings.has("GRAPH_CLIENT_SECRET"), "Graph uses the managed identity, not a secret");
  });

  void test("App Insights is configured with Entra authentication for the identity", () => {
    assert.ok(settings.has("APPLICATIONINSIGHTS_CONNECTION_STRING"));
    const auth = settings.get("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")?.text ?? "";
    assert.match(auth, /^'ClientId=\$\{[^}]+clientId\};Authorization=AAD'$/);
  });

  void test("the Node worker runs with the app's arguments, in Azure, under func start and on the local host", () => {
    assert.equal(literal(settings.get(NODE_WORKER_ARGUMENTS_SETTING)), NODE_WORKER_ARGUMENTS);
    const example = JSON.parse(readFileSync(join(infraDir(), "..", "local.settings.example.json"), "utf8")) as {
      Values: Record<string, string>;
    };
    assert.equal(example.Values[NODE_WORKER_ARGUMENTS_SETTING], NODE_WORKER_ARGUMENTS);
    assert.deepEqual(nodeWorkerArguments(undefined), [NODE_WORKER_ARGUMENTS]);
    assert.deepEqual(nodeWorkerArguments(" --inspect=9229   --heap-growing-percent=40 "), [
      "--inspect=9229",
      "--heap-growing-percent=40",
    ]);
    assert.deepEqual(nodeWorkerArguments(""), []);
  });

  void test("no Flex-deprecated setting is set", () => {
    for (const name of FLEX_DEPRECATED) assert.ok(!settings.has(name), `${name} must not be set on Flex Consumption`);
  });
});
