import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpRequest } from "@azure/functions";
import { signedInOperator } from "../../../shared/hosting/signedInOperator";

const principal = (claims: { typ: string; val: string }[]) =>
  Buffer.from(JSON.stringify({ auth_typ: "aad", claims })).toString("base64");
const request = (headers: Record<string, string>) =>
  new HttpRequest({ method: "GET", url: "http://127.0.0.1/api/slack/authorize", headers });

void describe("signedInOperator", () => {
  const cases: { name: string; headers: Record<string, string>; want: ReturnType<typeof signedInOperator> }[] = [
    {
      name: "the object id claim, with the name",
      headers: {
        "x-ms-client-principal": principal([
          { typ: "name", val: "ada@contoso.example" },
          { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: "oid-ada" },
        ]),
        "x-ms-client-principal-id": "header-id",
      },
      want: { id: "oid-ada", name: "ada@contoso.example" },
    },
    {
      name: "App Service's x-ms-client-principal-id when the claims carry no object id",
      headers: {
        "x-ms-client-principal": principal([{ typ: "name", val: "bob" }]),
        "x-ms-client-principal-id": "id-b",
      },
      want: { id: "id-b", name: "bob" },
    },
    { name: "no one", headers: {}, want: undefined },
    { name: "a principal without any id", headers: { "x-ms-client-principal": principal([]) }, want: undefined },
  ];
  for (const c of cases) void it(c.name, () => assert.deepEqual(signedInOperator(request(c.headers)), c.want));
});
