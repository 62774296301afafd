/** The Graph emulator keeps userPrincipalName unique among active users through an index (not a scan per create). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DirectoryStore } from "../../../dev/graph-emulator/DirectoryStore";

const taken = /same value for property userPrincipalName/;

void describe("Graph emulator: userPrincipalName uniqueness", () => {
  void it("refuses a second active holder, case-insensitively, and finds users by UPN", () => {
    const store = new DirectoryStore("00000000-0000-0000-0000-0000000000aa");
    const a = store.createUser({ userPrincipalName: "Ann@contoso.example" });
    assert.throws(() => store.createUser({ userPrincipalName: "ann@CONTOSO.example" }), taken);
    assert.equal(store.findUser("ANN@contoso.example")?.id, a.id);
    assert.equal(store.findUser("nobody@contoso.example"), undefined);
  });

  void it("frees the old UPN on a rename and takes the new one", () => {
    const store = new DirectoryStore("00000000-0000-0000-0000-0000000000aa");
    const a = store.createUser({ userPrincipalName: "ann@contoso.example" });
    const b = store.createUser({ userPrincipalName: "bob@contoso.example" });
    assert.throws(() => store.updateUser(b.id, { userPrincipalName: "ANN@contoso.example" }), taken);
    store.updateUser(a.id, { userPrincipalName: "ann.lee@contoso.example" });
    assert.equal(store.findUser("ann@contoso.example"), undefined);
    assert.equal(store.findUser("ann.lee@contoso.example")?.id, a.id);
    store.updateUser(b.id, { userPrincipalName: "ann@contoso.example" });
    assert.equal(store.findUser("ann@contoso.example")?.id, b.id);
    store.updateUser(b.id, { userPrincipalName: "ann@contoso.example" });
    assert.throws(() => store.createUser({ userPrincipalName: "ann@contoso.example" }), taken);
  });

  void it("lets a soft-deleted user's UPN be reused, then refuses the restore; a purge frees it", () => {
    const store = new DirectoryStore("00000000-0000-0000-0000-0000000000aa");
    const a = store.createUser({ userPrincipalName: "ann@contoso.example" });
    store.softDeleteUser(a.id);
    assert.equal(store.findUser("ann@contoso.example")?.id, undefined);
    const b = store.createUser({ userPrincipalName: "ann@contoso.example" });
    assert.throws(() => store.restoreUser(a.id), taken);
    store.purgeUser(b.id);
    store.restoreUser(a.id);
    assert.equal(store.findUser("ann@contoso.example")?.id, a.id);
    store.purgeUser(a.id);
    assert.equal(
      store.createUser({ userPrincipalName: "ann@contoso.example" }).userPrincipalName,
      "ann@contoso.example",
    );
  });
});
