import assert from "node:assert/strict";
import { test } from "node:test";
import { compileRoute } from "../../../dev/host/routeMatcher";

void test("literal routes match case-insensitively, with or without slashes", () => {
  const r = compileRoute("status");
  assert.deepEqual(r.match("/status"), {});
  assert.deepEqual(r.match("Status/"), {});
  assert.equal(r.match("/status/x"), undefined);
  assert.equal(r.match("/statusx"), undefined);
});

void test("required and optional params", () => {
  const r = compileRoute("activity/{objectId}/{kind?}");
  assert.deepEqual(r.match("/activity/abc"), { objectId: "abc" });
  assert.deepEqual(r.match("/activity/abc/create"), { objectId: "abc", kind: "create" });
  assert.equal(r.match("/activity"), undefined);
  assert.equal(r.match("/activity/a/b/c"), undefined);
  const opt = compileRoute("activity/{objectId?}");
  assert.deepEqual(opt.match("/activity"), {});
  assert.deepEqual(opt.match("/activity/u1"), { objectId: "u1" });
});

void test("params are percent-decoded", () => {
  assert.deepEqual(compileRoute("users/{id}").match("/users/b%C3%B6b%20x"), { id: "böb x" });
  assert.deepEqual(compileRoute("users/{id}").match("/users/%E0%A4%A"), { id: "%E0%A4%A" }, "bad escapes kept");
});

void test("constraints restrict what a param matches", () => {
  const r = compileRoute("items/{n:int}");
  assert.deepEqual(r.match("/items/42"), { n: "42" });
  assert.equal(r.match("/items/forty"), undefined);
  const g = compileRoute("jobs/{id:guid}");
  assert.ok(g.match("/jobs/3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
  assert.equal(g.match("/jobs/nope"), undefined);
});

void test("params inside a segment and catch-all", () => {
  assert.deepEqual(compileRoute("files/{name}.{ext}").match("/files/report.csv"), { name: "report", ext: "csv" });
  const all = compileRoute("dashboard/{*path}");
  assert.deepEqual(all.match("/dashboard/a/b/c.js"), { path: "a/b/c.js" });
  assert.deepEqual(all.match("/dashboard"), {});
});

void test("the empty route matches only the root", () => {
  const r = compileRoute("");
  assert.deepEqual(r.match("/"), {});
  assert.deepEqual(r.match(""), {});
  assert.equal(r.match("/x"), undefined);
});

void test("regex characters in literals are literal", () => {
  const r = compileRoute("a.b/(c)");
  assert.deepEqual(r.match("/a.b/(c)"), {});
  assert.equal(r.match("/axb/(c)"), undefined);
});
