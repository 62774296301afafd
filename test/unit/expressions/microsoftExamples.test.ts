/** Microsoft's documented expression examples (functions-for-customizing-application-data), input → output. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { evaluateExpression } from "../../../shared/mapping/expressions/evaluateExpression";
import type { ExpressionResult } from "../../../shared/mapping/expressions/ExpressionResult";
import { parseExpression } from "../../../shared/mapping/expressions/parseExpression";

function run(expression: string, props: Record<string, unknown> = {}, isSoftDeleted?: boolean): ExpressionResult {
  const user: GraphUser = { id: "u1", ...props };
  return evaluateExpression(
    parseExpression(expression),
    isSoftDeleted === undefined ? { user } : { user, isSoftDeleted },
  );
}

const cases: { name: string; expression: string; user?: Record<string, unknown>; want: string | readonly string[] }[] =
  [
    {
      name: "Append",
      expression: 'Append([userPrincipalName], ".test")',
      user: { userPrincipalName: "John.Doe@contoso.com" },
      want: "John.Doe@contoso.com.test",
    },
    {
      name: "Coalesce with null mail",
      expression: "Coalesce([mail],[userPrincipalName])",
      user: { mail: null, userPrincipalName: "John.Doe@contoso.com" },
      want: "John.Doe@contoso.com",
    },
    {
      name: 'Join skips empty sources ("Doe, John")',
      expression: 'Join(", ", "", [surname], [givenName])',
      user: { givenName: "John", surname: "Doe" },
      want: "Doe, John",
    },
    {
      name: "Replace: strip a known domain (oldValue + replacementValue)",
      expression: 'Replace([mail], "@contoso.com", , ,"", ,)',
      user: { mail: "john.doe@contoso.com" },
      want: "john.doe",
    },
    {
      name: "Replace: regexGroupName Suffix removed",
      expression: 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
      user: { userPrincipalName: "jsmith@contoso.com" },
      want: "jsmith",
    },
    {
      name: "Replace: whole value (Product Developer → Software Engineer)",
      expression: 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
      user: { BusinessTitle: "Product Developer" },
      want: "Software Engineer",
    },
    {
      name: "Replace: oldValue + template",
      expression: 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
      user: { UserID: "jsmith" },
      want: "jsmith@contoso.com",
    },
    {
      name: "Replace: regexPattern + replacementValue with ${group}",
      expression:
        'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
      user: { businessPhones: ["+91 9998887777"] },
      want: "9998887777",
    },
    {
      name: "Replace: regex collapses a phone number",
      expression: 'Replace([mobile], , "[()\\\\s-]+", , "", , )',
      user: { mobilePhone: "+1 (999) 888-7777" },
      want: "+19998887777",
    },
    {
      name: "Replace: regexGroupName streetNumber → 888",
      expression: 'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
      user: { AddressLineData: "545 Tremont Street" },
      want: "888 Tremont Street",
    },
    {
      name: "Replace: replacementAttributeName when the source is empty",
      expression:
        'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
      user: { businessPhones: [], mobilePhone: "+91 8887779999" },
      want: "8887779999",
    },
    {
      name: "Replace: remove letters (john_doe72 → 72)",
      expression: 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )',
      user: { mailNickname: "john_doe72" },
      want: "72",
    },
    {
      name: "Switch: state → time zone",
      expression:
        'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
      user: { state: "QLD" },
      want: "Australia/Brisbane",
    },
    {
      name: "Switch: default when no key matches",
      expression: 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane")',
      user: { state: "WA" },
      want: "Australia/Sydney",
    },
    {
      name: "IIF: country is USA",
      expression: 'IIF([country]="USA",[country],[department])',
      user: { country: "USA", department: "Sales" },
      want: "USA",
    },
    {
      name: "IIF: country is not USA",
      expression: 'IIF([country]="USA",[country],[department])',
      user: { country: "DE", department: "Sales" },
      want: "Sales",
    },
    {
      name: "IIF: nested AND workaround",
      expression: 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
      user: { country: "USA", state: "CA" },
      want: "True",
    },
    {
      name: "ToLower(Join(NormalizeDiacritics(StripSpaces(…))))",
      expression:
        'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
      user: { PreferredFirstName: "John", PreferredLastName: "Smith" },
      want: "john.smith@contoso.com",
    },
    {
      name: "same, with spaces and diacritics",
      expression:
        'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
      user: { PreferredFirstName: "Zoë Anne", PreferredLastName: "Müller Ødegård" },
      want: "zoeanne.mulleroedegard@contoso.com",
    },
    {
      name: "FormatDateTime from extensionAttribute1",
      expression: 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
      user: { onPremisesExtensionAttributes: { extensionAttribute1: "20150123105347.1Z" } },
      want: "2015-01-23",
    },
    {
      name: "Item is 1-based",
      expression: "Item([proxyAddresses], 1)",
      user: { proxyAddresses: ["SMTP:a@x", "smtp:b@x"] },
      want: "SMTP:a@x",
    },
    {
      name: "Split",
      expression: 'Split([extensionAttribute5], ",")',
      user: { onPremisesExtensionAttributes: { extensionAttribute5: "PermissionSetOne,PermissionSetTwo" } },
      want: ["PermissionSetOne", "PermissionSetTwo"],
    },
    { name: "Word", expression: 'Word("The quick brown fox",3," ")', want: "brown" },
    {
      name: "Word with several delimiters",
      expression: 'Word("This,string!has&many separators",3,",!&#")',
      want: "has",
    },
    { name: "Left", expression: 'Left("John Doe", 3)', want: "Joh" },
    {
      name: "Append(Mid, Mid)",
      expression: "Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))",
      user: { givenName: "John", surname: "Doe" },
      want: "JohDoe",
    },
    {
      name: "NormalizeDiacritics Zoë",
      expression: "NormalizeDiacritics([givenName])",
      user: { givenName: "Zoë" },
      want: "Zoe",
    },
    { name: "DateFromNum", expression: "DateFromNum(129699324000000000)", want: "1/1/2012 11:00:00 PM" },
    { name: "InStr", expression: 'InStr("The quick brown fox","quick")', want: "5" },
    {
      name: "ConvertToBase64 (UTF-16)",
      expression: 'ConvertToBase64("Hello world!")',
      want: "SABlAGwAbABvACAAdwBvAHIAbABkACEA",
    },
    { name: "ConvertToUTF8Hex", expression: 'ConvertToUTF8Hex("Hello world!")', want: "48656C6C6F20776F726C6421" },
    {
      name: "Switch on lower-cased source",
      expression: 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
      user: { statusFlag: "TRUE" },
      want: "1",
    },
    {
      name: 'Switch: empty source matches the key ""',
      expression: 'Switch([statusFlag], "Default Value", "true", "1", "", "0")',
      want: "0",
    },
  ];

void describe("Microsoft's documented examples", () => {
  for (const c of cases) {
    void it(c.name, () => {
      assert.deepEqual(run(c.expression, c.user), { kind: "value", value: c.want });
    });
  }

  void it("active from IsSoftDeleted (the gallery-app expression)", () => {
    const expr = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';
    assert.deepEqual(run(expr, {}, false), { kind: "value", value: "True" });
    assert.deepEqual(run(expr, {}, true), { kind: "value", value: "False" });
    assert.deepEqual(run(expr, {}), { kind: "value", value: "True" }, "not soft-deleted unless the context says so");
    const alt = 'Switch([IsSoftDeleted], "", "True", "False", "False", "True")';
    assert.deepEqual(run(alt, {}, true), { kind: "value", value: "False" });
  });
});
