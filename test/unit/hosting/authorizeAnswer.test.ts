import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpRequest } from "@azure/functions";
import { authorizeAnswer, wantsHtml } from "../../../shared/hosting/authorizeAnswer";

/** The page's HTML (authorizeAnswer puts it in `body` as a string). */
function bodyText(answer: { body?: unknown }): string {
  assert.equal(typeof answer.body, "string");
  return answer.body as string;
}

const connected = {
  slackUserId: "U0ADMIN0001",
  teamId: "T1",
  enterpriseId: undefined,
  scope: "admin",
  storedIn: "the Key Vault secret SLACK-TOKEN of https://kv.vault.azure.net",
};

void describe("authorizeAnswer", () => {
  void it("a browser gets a page without script, framing, caching or referrer; a client JSON", () => {
    const page = authorizeAnswer({ kind: "connected", connected }, true);
    assert.equal(page.status, 200);
    const headers = page.headers as Record<string, string>;
    assert.match(headers["content-security-policy"] ?? "", /default-src 'none'/);
    assert.equal(headers["referrer-policy"], "no-referrer");
    assert.equal(headers["cache-control"], "no-store");
    assert.match(bodyText(page), /Slack is connected.*U0ADMIN0001.*SLACK-TOKEN/);
    const json = authorizeAnswer({ kind: "connected", connected }, false);
    assert.deepEqual(Object.keys(json.jsonBody as object).sort(), [
      "connected",
      "enterpriseId",
      "message",
      "scope",
      "slackUserId",
      "storedIn",
      "teamId",
    ]);
  });

  void it("a refusal keeps its status and code; text is escaped in the page", () => {
    const refused = {
      kind: "refused" as const,
      status: 400,
      code: "OAuthStateUnknown",
      message: 'bad <b>"x"</b> & co',
    };
    const page = authorizeAnswer(refused, true);
    assert.equal(page.status, 400);
    assert.ok(!bodyText(page).includes("<b>"));
    assert.match(bodyText(page), /bad &#60;b&#62;&#34;x&#34;&#60;\/b&#62; &#38; co \(OAuthStateUnknown\)/);
    assert.deepEqual(authorizeAnswer(refused, false).jsonBody, {
      error: { code: "OAuthStateUnknown", message: 'bad <b>"x"</b> & co' },
    });
  });

  void it("wantsHtml follows the Accept header", () => {
    const req = (accept?: string) =>
      new HttpRequest({ method: "GET", url: "http://h/x", headers: accept ? { accept } : {} });
    assert.equal(wantsHtml(req("text/html,application/xhtml+xml,*/*;q=0.8")), true);
    assert.equal(wantsHtml(req("*/*")), false);
    assert.equal(wantsHtml(req()), false);
  });
});
