/**
 * Operator sign-in: the admin-run app registration (operator-app.bicep) with the app roles the handlers check, its
 * secretless federated credential and role assignments; and App Service Authentication on the function app
 * (authsettingsV2), on exactly when OPERATOR_APP_CLIENT_ID is set, with the automation routes excluded.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readHostJson } from "../../../dev/host/hostJson";
import { OPERATOR_ROLES } from "../../../shared/hosting/operatorRoles";
import { AUTOMATION_ROUTE_PREFIX } from "../../../shared/hosting/registerHttp";
import type { BicepFile, SyntaxNode } from "./bicep";
import {
  declarationBody,
  declarations,
  findProperties,
  infraDir,
  literal,
  objectProperties,
  parseBicep,
  repoRoot,
  resourcesOfType,
} from "./bicep";
import { conditionalAppSettings, functionAppFile, unconditionalAppSettings } from "./siteSettings";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `var name = <value>` node. */
function variable(f: BicepFile, name: string): SyntaxNode {
  const decl = declarations(f.root, "var").find((d) => d.name === name);
  assert.ok(decl, `${f.name}: var ${name}`);
  const value = decl.node.namedChildren.at(-1);
  assert.ok(value);
  return value;
}

/** The body of the one (non-existing) resource of a type. */
function only(f: BicepFile, typePrefix: string): { name: string; node: SyntaxNode; body: SyntaxNode } {
  const found = resourcesOfType(f, typePrefix).filter((d) => !/\bexisting\b/.test(d.node.text.split("{")[0] ?? ""));
  assert.equal(found.length, 1, `${f.name}: one ${typePrefix} resource`);
  const body = declarationBody(found[0]!.node);
  assert.ok(body);
  return { name: found[0]!.name, node: found[0]!.node, body };
}

/** A property at a dotted path below an object node. */
function at(obj: SyntaxNode, path: string): SyntaxNode | undefined {
  let node: SyntaxNode | undefined = obj;
  for (const key of path.split("."))
    node = node && node.type === "object" ? objectProperties(node).get(key) : undefined;
  return node;
}

/** The items of an array node, as text. */
const items = (node: SyntaxNode | undefined): string[] =>
  (node?.namedChildren ?? []).filter((c) => c.type !== "comment").map((c) => c.text);

void describe("operator-app.bicep (admin-run app registration)", () => {
  const app = parseBicep(join(infraDir(), "operator-app.bicep"));

  void test("uses the Microsoft Graph extension and never creates a client secret or certificate", () => {
    assert.match(app.source, /^extension microsoftGraphV1\s*$/m);
    assert.doesNotMatch(app.source, /passwordCredentials|keyCredentials|addPassword/);
  });

  void test("defines the two app roles the handlers check, with fixed distinct ids, for users and applications", () => {
    const roles = variable(app, "appRoles").namedChildren.filter((c) => c.type === "object");
    const byValue = new Map(roles.map((r) => [literal(objectProperties(r).get("value")), objectProperties(r)]));
    assert.deepEqual([...byValue.keys()].sort(), Object.values(OPERATOR_ROLES).sort());
    const idOf = (role: string): string => {
      const id = byValue.get(role)?.get("id");
      return literal(id) ?? literal(id && variable(app, id.text)) ?? "";
    };
    const reader = idOf(OPERATOR_ROLES.reader);
    const operator = idOf(OPERATOR_ROLES.operator);
    assert.match(reader, GUID);
    assert.match(operator, GUID);
    assert.notEqual(reader, operator);
    for (const props of byValue.values()) {
      assert.deepEqual(items(props.get("allowedMemberTypes")), ["'User'", "'Application'"]);
      assert.equal(props.get("isEnabled")?.text, "true");
      assert.ok(literal(props.get("displayName")) && literal(props.get("description")));
    }
  });

  void test("the registration: unique name, single tenant, a valid identifier URI, the Easy Auth callback, ID tokens", () => {
    const { body } = only(app, "Microsoft.Graph/applications@");
    assert.equal(at(body, "uniqueName")?.text, "uniqueName");
    assert.equal(literal(at(body, "signInAudience")), "AzureADMyOrg");
    assert.deepEqual(items(at(body, "identifierUris")), ["identifierUri"]);
    // api://<appId> is impossible in one pass; api://<tenant id>/<string> is a format Entra ID accepts by default.
    assert.equal(variable(app, "identifierUri").text, "'api://${tenant().tenantId}/${uniqueName}'");
    assert.equal(at(body, "appRoles")?.text, "appRoles");
    assert.deepEqual(items(at(body, "web.redirectUris")), [
      "'https://${functionAppHostName}/.auth/login/aad/callback'",
    ]);
    assert.equal(at(body, "web.implicitGrantSettings.enableIdTokenIssuance")?.text, "true");
    assert.equal(at(body, "web.implicitGrantSettings.enableAccessTokenIssuance")?.text, "false");
    assert.equal(at(body, "api.requestedAccessTokenVersion")?.text, "2");
  });

  void test("a federated credential trusts the function app's managed identity (no secret)", () => {
    const { body } = only(app, "Microsoft.Graph/applications/federatedIdentityCredentials@");
    const application = only(app, "Microsoft.Graph/applications@").name;
    assert.match(at(body, "name")?.text ?? "", new RegExp(`^'\\$\\{${application}\\.uniqueName\\}/[\\w-]+'$`));
    assert.equal(at(body, "issuer")?.text, "'${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'");
    assert.equal(at(body, "subject")?.text, "identityPrincipalId");
    assert.deepEqual(items(at(body, "audiences")), ["'api://AzureADTokenExchange'"]);
  });

  void test("its service principal requires an assigned role, and the roles go to the given principal ids", () => {
    const application = only(app, "Microsoft.Graph/applications@").name;
    const sp = only(app, "Microsoft.Graph/servicePrincipals@");
    assert.equal(at(sp.body, "appId")?.text, `${application}.appId`);
    assert.equal(at(sp.body, "appRoleAssignmentRequired")?.text, "true");
    const assignments = resourcesOfType(app, "Microsoft.Graph/appRoleAssignedTo@").map((d) => ({
      loop: /\bin\s+(\w+)\s*:/.exec(d.node.text)?.[1],
      role: at(declarationBody(d.node)!, "appRoleId")?.text,
      principal: at(declarationBody(d.node)!, "principalId")?.text,
      resource: at(declarationBody(d.node)!, "resourceId")?.text,
    }));
    assert.deepEqual(assignments, [
      { loop: "readerPrincipalIds", role: "readerRoleId", principal: "principalId", resource: `${sp.name}.id` },
      { loop: "operatorPrincipalIds", role: "operatorRoleId", principal: "principalId", resource: `${sp.name}.id` },
    ]);
    const readerValue = variable(app, "appRoles")
      .namedChildren.filter((c) => c.type === "object")
      .map((r) => objectProperties(r))
      .find((r) => r.get("id")?.text === "readerRoleId")
      ?.get("value");
    assert.equal(literal(readerValue), OPERATOR_ROLES.reader, "readerRoleId is the Reader role");
    for (const p of ["readerPrincipalIds", "operatorPrincipalIds"])
      assert.match(app.source, new RegExp(`^param ${p} array = \\[\\]$`, "m"), `${p} is optional`);
  });

  void test("inputs are main.bicep outputs; outputs are the client id and the identifier URI", () => {
    for (const p of ["functionAppHostName", "identityPrincipalId"])
      assert.match(app.source, new RegExp(`^param ${p} string$`, "m"), `${p} is required`);
    const main = parseBicep(join(infraDir(), "main.bicep"));
    assert.match(main.source, /^output AZURE_FUNCTION_APP_HOST_NAME string = functionApp\.outputs\.hostName$/m);
    assert.match(main.source, /^output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID string = identity\.outputs\.principalId$/m);
    const application = only(app, "Microsoft.Graph/applications@").name;
    assert.match(app.source, new RegExp(`^output clientId string = ${application}\\.appId$`, "m"));
    assert.match(app.source, /^output identifierUri string = identifierUri$/m);
  });
});

void describe("App Service Authentication on the function app (authsettingsV2)", () => {
  const fa = functionAppFile();
  const auth = only(fa, "Microsoft.Web/sites/config@");
  const props = at(auth.body, "properties");
  assert.ok(props);

  void test("is declared in every deployment, and on exactly when operatorAppClientId is set", () => {
    assert.equal(literal(at(auth.body, "name")), "authsettingsV2");
    assert.equal(at(auth.body, "parent")?.text, only(fa, "Microsoft.Web/sites@").name);
    assert.doesNotMatch(
      auth.node.text.split("{")[0] ?? "",
      /\bif\s*\(/,
      "not conditional: emptying the id turns it off",
    );
    assert.equal(variable(fa, "operatorSignIn").text, "!empty(operatorAppClientId)");
    assert.match(fa.source, /^param operatorAppClientId string = ''$/m);
    assert.equal(at(props, "platform.enabled")?.text, "operatorSignIn");
    assert.equal(at(props, "identityProviders.azureActiveDirectory.enabled")?.text, "operatorSignIn");
  });

  void test("requires sign-in, redirects browsers to it, and leaves the automation routes to function keys", () => {
    assert.equal(at(props, "globalValidation.requireAuthentication")?.text, "true");
    assert.equal(literal(at(props, "globalValidation.unauthenticatedClientAction")), "RedirectToLoginPage");
    // The automation routes are /<routePrefix>/automation/<route> (shared/hosting/registerHttp.ts); a trailing /*
    // excludes every path below, any other entry one exact path.
    const routePrefix = readHostJson(join(repoRoot(), "host.json")).routePrefix;
    assert.deepEqual(items(at(props, "globalValidation.excludedPaths")), [
      `'/${routePrefix}/${AUTOMATION_ROUTE_PREFIX}/*'`,
      // Microsoft Graph's notifications: no sign-in, no key; each carries the clientState secret.
      `'/${routePrefix}/graph/notifications'`,
    ]);
    assert.equal(at(props, "httpSettings.requireHttps")?.text, "true");
  });

  void test("Entra ID with the operator app's client id, the managed identity instead of a secret, this tenant", () => {
    const aad = at(props, "identityProviders.azureActiveDirectory");
    assert.ok(aad);
    assert.equal(at(aad, "registration.clientId")?.text, "operatorAppClientId");
    assert.equal(literal(at(aad, "registration.clientSecretSettingName")), "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID");
    assert.equal(
      at(aad, "registration.openIdIssuer")?.text,
      "'${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'",
    );
    const audiences = at(aad, "validation.allowedAudiences")?.text ?? "";
    assert.match(audiences, /\boperatorAppClientId\b/);
    assert.match(audiences, /\boperatorAppIdentifierUri\b/);
    assert.equal(at(props, "login.tokenStore.enabled")?.text, "true");
  });

  void test("the secretless-mode and tenant settings are set only with sign-in; WEBSITE_AUTH_ENABLED is the platform's", () => {
    const conditional = conditionalAppSettings(fa).filter((c) => c.condition === "operatorSignIn");
    assert.deepEqual(
      conditional.map((c) => [c.condition, [...c.settings.keys()].sort()]),
      [["operatorSignIn", ["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID", "WEBSITE_AUTH_AAD_ALLOWED_TENANTS"]]],
    );
    const settings = conditional[0]!.settings;
    assert.equal(settings.get("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID")?.text, "identity.properties.clientId");
    assert.equal(settings.get("WEBSITE_AUTH_AAD_ALLOWED_TENANTS")?.text, "tenant().tenantId");
    const always = unconditionalAppSettings(fa);
    for (const name of [...settings.keys(), "WEBSITE_AUTH_ENABLED"]) assert.ok(!always.has(name), name);
    assert.doesNotMatch(fa.source, /name:\s*'WEBSITE_AUTH_ENABLED'/, "the platform sets it when authentication is on");
  });

  void test("main.bicep and main.parameters.json wire OPERATOR_APP_CLIENT_ID and OPERATOR_APP_IDENTIFIER_URI", () => {
    const main = parseBicep(join(infraDir(), "main.bicep"));
    const file = JSON.parse(readFileSync(join(infraDir(), "main.parameters.json"), "utf8")) as {
      parameters: Record<string, { value: unknown }>;
    };
    for (const [param, env] of [
      ["operatorAppClientId", "OPERATOR_APP_CLIENT_ID"],
      ["operatorAppIdentifierUri", "OPERATOR_APP_IDENTIFIER_URI"],
    ] as const) {
      assert.match(main.source, new RegExp(`^param ${param} string = ''$`, "m"));
      assert.equal(file.parameters[param]?.value, `\${${env}=}`);
      const fn = declarations(main.root, "module").find((d) => d.name === "functionApp")!;
      assert.equal(objectProperties(findProperties(fn.node, "params")[0]!.value).get(param)?.text, param);
    }
  });
});
