import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildDemoDirectory, slackUserNameFor, slug } from "../../../dev/seed";

void describe("demo directory seed", () => {
  const demo = buildDemoDirectory();

  void it("is deterministic for a seed and differs across seeds", () => {
    assert.deepEqual(buildDemoDirectory(), demo);
    assert.notDeepEqual(buildDemoDirectory(7).users, demo.users);
  });

  void it("has about 300 users, about 260 assigned, a few disabled, unique ids and UPNs", () => {
    assert.equal(demo.users.length, 300);
    assert.equal(demo.assignedUserIds.length, 260);
    assert.equal(new Set(demo.users.map((u) => u.id)).size, 300);
    assert.equal(new Set(demo.users.map((u) => u.userPrincipalName.toLowerCase())).size, 300);
    const disabled = demo.users.filter((u) => u.accountEnabled === false);
    assert.ok(disabled.length >= 3 && disabled.length <= 10);
    assert.ok(demo.users.every((u) => u.userPrincipalName.endsWith("@contoso.example")));
    assert.ok(
      demo.users.some((u) => /[À-ž]/.test(u.displayName)),
      "diacritics",
    );
    assert.ok(
      demo.users.some((u) => u.displayName.includes("'")),
      "apostrophes",
    );
    assert.ok(
      demo.users.some((u) => u.jobTitle === undefined && u.department === undefined),
      "missing optional fields",
    );
    assert.ok(demo.users.some((u) => u.preferredLanguage === "de-DE"));
    for (const u of demo.users)
      assert.ok(u.employeeId === undefined || (typeof u.employeeId === "string" && u.employeeId.length <= 16));
  });

  void it("every user is valid for Slack except exactly the expected rejections", () => {
    const rejected = new Map(demo.expectedRejections.map((r) => [r.objectId, r]));
    assert.deepEqual([...demo.expectedRejections.map((r) => r.slackError)].sort(), [
      "email_empty",
      "email_taken",
      "invalid_name_specials",
      "long_username",
    ]);
    const assigned = new Set(demo.assignedUserIds);
    const userNames = new Set<string>();
    const mails = new Map<string, string>();
    for (const u of demo.users) {
      const r = rejected.get(u.id);
      const userName = slackUserNameFor(u.userPrincipalName);
      const mail = typeof u.mail === "string" ? u.mail.toLowerCase() : undefined;
      if (r) {
        assert.ok(assigned.has(u.id) && u.accountEnabled === true, "rejected users are assigned and enabled");
        if (r.slackError === "long_username") assert.ok(userName.length > 21);
        if (r.slackError === "invalid_name_specials") assert.ok(u.displayName.includes("@"));
        if (r.slackError === "email_empty") assert.equal(u.mail, null);
        if (r.slackError === "email_taken") {
          const holder = demo.users.find((x) => x.id !== u.id && String(x.mail).toLowerCase() === mail);
          assert.ok(holder && assigned.has(holder.id) && !rejected.has(holder.id));
        }
        continue;
      }
      assert.ok(userName.length <= 21, userName);
      assert.equal(userName, u.userPrincipalName.split("@")[0]?.toLowerCase());
      assert.ok(!userNames.has(userName), `unique ${userName}`);
      userNames.add(userName);
      assert.ok(!u.displayName.includes("@") && u.displayName.length <= 80);
      assert.ok(mail, "valid users have a mail");
      assert.ok(!mails.has(mail), `unique mail ${mail}`);
      mails.set(mail, u.id);
    }
  });

  void it("pre-seeds Slack with userName and email matches (two inactive), Slack-only users and an owner", () => {
    const byKind = (k: string) => demo.slackMatches.filter((m) => m.kind === k);
    assert.equal(demo.slackUsers.length, demo.slackMatches.length);
    assert.ok(demo.slackUsers.length >= 12);
    assert.equal(byKind("slackOnly").length, 3);
    assert.equal(byKind("primaryOwner").length, 1);
    assert.equal(demo.slackMatches.filter((m) => !m.activeBefore).length, 2);
    const users = new Map(demo.users.map((u) => [u.id, u]));
    const entraUserNames = new Set(demo.users.map((u) => slackUserNameFor(u.userPrincipalName)));
    for (const m of demo.slackMatches) {
      const s = demo.slackUsers.find((x) => x.userName === m.userName);
      assert.ok(s);
      assert.equal(s.active, m.activeBefore);
      if (m.kind === "userName" || m.kind === "email") {
        const u = users.get(m.entraObjectId ?? "");
        assert.ok(u && demo.assignedUserIds.includes(u.id) && u.accountEnabled === true);
        assert.equal(s.emails?.[0]?.value, String(u.mail).toLowerCase());
        if (m.kind === "userName") assert.equal(s.userName, slackUserNameFor(u.userPrincipalName));
        else assert.ok(!entraUserNames.has(s.userName));
      } else {
        assert.ok(!entraUserNames.has(s.userName));
        const email = s.emails?.[0]?.value ?? "";
        assert.ok(!demo.users.some((u) => String(u.mail).toLowerCase() === email));
      }
    }
  });

  void it("slug strips diacritics and apostrophes", () => {
    assert.equal(slug("Zoë"), "zoe");
    assert.equal(slug("O'Brien"), "obrien");
    assert.equal(slug("Łukasz"), "lukasz");
    assert.equal(slug("Nguyễn"), "nguyen");
    assert.equal(slug("Van der Berg"), "vanderberg");
  });
});
