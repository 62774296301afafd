import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkLocalRequest } from "../../../dev/host/checkLocalRequest";

const PORT = 7071;

void describe("checkLocalRequest", () => {
  const cases: { name: string; host?: string; origin?: string; refused: RegExp | undefined }[] = [
    { name: "curl, the CLI and tests", host: "127.0.0.1:7071", refused: undefined },
    { name: "localhost", host: "localhost:7071", refused: undefined },
    { name: "IPv6 loopback", host: "[::1]:7071", refused: undefined },
    { name: "the dashboard's own page", host: "127.0.0.1:7071", origin: "http://127.0.0.1:7071", refused: undefined },
    { name: "DNS rebinding: a foreign name", host: "evil.example:7071", refused: /Host "evil.example:7071"/ },
    { name: "a loopback name on another port", host: "127.0.0.1:8080", refused: /is not this machine/ },
    { name: "no Host header", refused: /is not this machine/ },
    { name: "a name that only starts like loopback", host: "127.0.0.1.evil.example:7071", refused: /not this machine/ },
    {
      name: "a web page blind-POSTing",
      host: "127.0.0.1:7071",
      origin: "https://evil.example",
      refused: /Origin "https:\/\/evil.example"/,
    },
    {
      name: "a loopback page on another port",
      host: "127.0.0.1:7071",
      origin: "http://localhost:3000",
      refused: /Origin/,
    },
    { name: "a sandboxed page", host: "127.0.0.1:7071", origin: "null", refused: /Origin "null"/ },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = checkLocalRequest(
        { ...(c.host ? { host: c.host } : {}), ...(c.origin ? { origin: c.origin } : {}) },
        PORT,
      );
      if (c.refused === undefined) assert.equal(got, undefined);
      else assert.match(got ?? "(allowed)", c.refused);
    });
  }
});
