import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpRequest } from "@azure/functions";
import { httpStatusOf } from "../../../shared/hosting/httpErrors";
import { readBoundedText } from "../../../shared/hosting/readBoundedText";
import { RequestBodyTooLargeError } from "../../../shared/hosting/RequestBodyTooLargeError";

const post = (body: string, headers: Record<string, string> = {}) =>
  new HttpRequest({ method: "POST", url: "http://127.0.0.1/api/plan", body: { string: body }, headers });

void describe("readBoundedText", () => {
  void it("reads a body within the limit", async () => {
    assert.equal(await readBoundedText(post("users: {}"), 100), "users: {}");
  });

  void it("refuses a declared Content-Length over the limit before reading (413)", async () => {
    const req = post("small", { "content-length": String(48 * 1024 * 1024) });
    await assert.rejects(readBoundedText(req, 1024), (e: unknown) => {
      assert.ok(e instanceof RequestBodyTooLargeError);
      assert.equal(httpStatusOf(e), 413);
      assert.match(e.message, /larger than 1024 bytes/);
      return true;
    });
    assert.equal(req.bodyUsed, false, "nothing was read");
  });

  void it("refuses a body that turns out larger than the limit (no or a lying Content-Length)", async () => {
    await assert.rejects(readBoundedText(post("x".repeat(2048)), 1024), RequestBodyTooLargeError);
  });

  void it("an empty body is empty text", async () => {
    assert.equal(await readBoundedText(new HttpRequest({ method: "POST", url: "http://127.0.0.1/api/plan" })), "");
  });
});
