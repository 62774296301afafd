import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpRequest } from "@azure/functions";
import { checkAmbientCsrf } from "../../../shared/hosting/checkAmbientCsrf";
import { signInEnabled } from "../../../shared/hosting/signInEnabled";

const APP = "https://func-abc.azurewebsites.net/api/job/pause";

void describe("checkAmbientCsrf", () => {
  const cases: { name: string; method?: string; headers: Record<string, string>; refused: boolean }[] = [
    {
      name: "the dashboard's POST (cookie + X-Requested-With)",
      headers: {
        cookie: "AppServiceAuthSession=s",
        "x-requested-with": "XMLHttpRequest",
        origin: "https://func-abc.azurewebsites.net",
        "sec-fetch-site": "same-origin",
      },
      refused: false,
    },
    {
      name: "a form another site posts with the session cookie",
      headers: { cookie: "AppServiceAuthSession=s" },
      refused: true,
    },
    {
      name: "a cross-site fetch, even with the header",
      headers: {
        cookie: "AppServiceAuthSession=s",
        "x-requested-with": "XMLHttpRequest",
        origin: "https://evil.example",
      },
      refused: true,
    },
    {
      name: "a same-site (sibling subdomain) request",
      headers: { "x-requested-with": "XMLHttpRequest", "sec-fetch-site": "same-site" },
      refused: true,
    },
    { name: "an unreadable Origin", headers: { origin: "not a url" }, refused: true },
    {
      name: "automation with a bearer token (no ambient credential)",
      headers: { authorization: "Bearer eyJ" },
      refused: false,
    },
    { name: "a tool without cookies", headers: {}, refused: false },
    {
      name: "a read is never refused",
      method: "GET",
      headers: { cookie: "AppServiceAuthSession=s", origin: "https://evil.example" },
      refused: false,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = checkAmbientCsrf(new HttpRequest({ method: c.method ?? "POST", url: APP, headers: c.headers }));
      assert.equal(got?.status, c.refused ? 403 : undefined);
      if (c.refused) assert.match(JSON.stringify(got?.jsonBody), /CrossSiteRequestRefused/);
    });
  }
});

void describe("signInEnabled", () => {
  for (const [value, want] of [
    ["True", true],
    ["true", true],
    ["False", false],
    ["", false],
    [undefined, false],
    ["1", false],
  ] as const) {
    void it(`WEBSITE_AUTH_ENABLED=${String(value)} → ${String(want)}`, () => {
      assert.equal(signInEnabled(value === undefined ? {} : { WEBSITE_AUTH_ENABLED: value }), want);
    });
  }
});
