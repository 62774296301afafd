import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ForeignGraphHostError, graphScope, toLogicalUrl, toPhysicalUrl } from "../../../shared/graph/graphLinks";

void describe("graph link translation", () => {
  const cases: { name: string; base: string; server: string; logical: string }[] = [
    {
      name: "emulator nextLink",
      base: "http://127.0.0.1:7101",
      server: "http://127.0.0.1:7101/v1.0/users/delta?$skiptoken=abc.def",
      logical: "https://graph.microsoft.com/v1.0/users/delta?$skiptoken=abc.def",
    },
    {
      name: "emulator base with trailing slash",
      base: "http://127.0.0.1:7101/",
      server: "http://127.0.0.1:7101/v1.0/users/delta?$deltatoken=x",
      logical: "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x",
    },
    {
      name: "real Graph is the identity",
      base: "https://graph.microsoft.com",
      server: "https://graph.microsoft.com/v1.0/servicePrincipals/s/appRoleAssignedTo?$top=999&$skiptoken=Q",
      logical: "https://graph.microsoft.com/v1.0/servicePrincipals/s/appRoleAssignedTo?$top=999&$skiptoken=Q",
    },
    {
      name: "host case differs",
      base: "https://graph.microsoft.com",
      server: "https://Graph.Microsoft.com/v1.0/users/delta?$deltatoken=Tok",
      logical: "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=Tok",
    },
    {
      name: "sovereign cloud",
      base: "https://graph.microsoft.us",
      server: "https://graph.microsoft.us/v1.0/users/delta?$deltatoken=t",
      logical: "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=t",
    },
  ];
  for (const c of cases) {
    void it(`${c.name}: server → logical → physical round-trips`, () => {
      assert.equal(toLogicalUrl(c.server, c.base), c.logical);
      assert.equal(toPhysicalUrl(c.logical, c.base).toLowerCase(), c.server.toLowerCase());
    });
  }

  const refused: { name: string; base: string; url: string }[] = [
    { name: "other host", base: "http://127.0.0.1:7101", url: "https://evil.example/v1.0/users/delta" },
    { name: "other port", base: "http://127.0.0.1:7101", url: "http://127.0.0.1:7102/v1.0/users/delta" },
    { name: "host prefix trick", base: "http://127.0.0.1:7101", url: "http://127.0.0.1:71019/v1.0/users" },
    {
      name: "real link while on the emulator",
      base: "http://127.0.0.1:7101",
      url: "https://graph.microsoft.com/v1.0/users/delta",
    },
    {
      name: "userinfo trick",
      base: "https://graph.microsoft.com",
      url: "https://graph.microsoft.com@evil.example/v1.0/users",
    },
    { name: "http downgrade", base: "https://graph.microsoft.com", url: "http://graph.microsoft.com/v1.0/users" },
  ];
  for (const c of refused) {
    void it(`refuses ${c.name}`, () => {
      assert.throws(() => toLogicalUrl(c.url, c.base), ForeignGraphHostError);
    });
  }

  void it("toPhysicalUrl refuses non-logical URLs", () => {
    assert.throws(() => toPhysicalUrl("https://evil.example/v1.0/users", "http://127.0.0.1:1"), ForeignGraphHostError);
    assert.throws(
      () => toPhysicalUrl("https://graph.microsoft.com.evil.example/v1.0", "http://127.0.0.1:1"),
      ForeignGraphHostError,
    );
  });

  void it("scope follows the cloud, and the public one for loopback", () => {
    assert.equal(graphScope("https://graph.microsoft.com"), "https://graph.microsoft.com/.default");
    assert.equal(graphScope("https://graph.microsoft.us"), "https://graph.microsoft.us/.default");
    assert.equal(graphScope("http://127.0.0.1:7101"), "https://graph.microsoft.com/.default");
  });
});
