import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSlackError } from "../../../shared/slack/parseSlackError";

void describe("parseSlackError", () => {
  const cases: [string, number, string, { code: string; description: string }][] = [
    [
      "v2 detail",
      409,
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"email_taken (existing_user=U1)","status":409}',
      { code: "email_taken", description: "email_taken (existing_user=U1)" },
    ],
    [
      "v1 Errors",
      400,
      '{"Errors":{"description":"no_filters (is_aggregate_call=1)","code":400}}',
      { code: "no_filters", description: "no_filters (is_aggregate_call=1)" },
    ],
    [
      "v1 Errors as a list",
      400,
      '{"Errors":[{"description":"long_username","code":400}]}',
      { code: "long_username", description: "long_username" },
    ],
    ["not JSON", 502, "<html>bad gateway</html>", { code: "http_502", description: "http_502" }],
    ["empty", 400, "", { code: "http_400", description: "http_400" }],
  ];
  for (const [name, status, body, expected] of cases) {
    void it(name, () => assert.deepEqual(parseSlackError(status, body), expected));
  }
});
