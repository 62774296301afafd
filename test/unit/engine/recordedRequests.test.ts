/**
 * What an activity record keeps of its run's SCIM requests, on the in-memory engine (the product's ScimSlackTarget
 * talking in process to the Slack emulator's handler): the POST of a create with its body and Slack's answer, the
 * mapping's sensitive attributes redacted there and in the modified properties, Slack's refusal of a failed change,
 * and an on-demand run whose answer and record both show the run's requests.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { provisionUserOnDemand } from "../../../shared/engine/onDemand/provisionUserOnDemand";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping";
import { TARGET } from "../../../shared/mapping/scimTargets";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { seedUser } from "../../support/memory/seedUser";

const TOKEN = "xoxp-in-memory-test-token";
const SECRET_TITLE = "Head of Secret Projects";
/** The default mapping with the job title marked sensitive. */
const mapping = {
  ...DEFAULT_USER_MAPPING,
  attributes: DEFAULT_USER_MAPPING.attributes.map((a) => (a.target === TARGET.title ? { ...a, sensitive: true } : a)),
};

void describe("an activity record keeps its run's SCIM requests", () => {
  void it("a create: POST /Users with the body sent, 201 and Slack's answer; sensitive values redacted", async () => {
    const e = createInMemoryEngine({ mapping });
    const ada = entraUser("ada.park", { jobTitle: SECRET_TITLE });
    await seedUser(e, ada);

    const record = await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id));

    assert.equal(record?.action, "Create");
    const post = record?.requests?.find((r) => r.method === "POST");
    assert.equal(post?.path, "/Users");
    assert.equal(post?.status, 201);
    const sent = JSON.parse(post?.request ?? "{}") as { userName?: string; title?: string };
    assert.equal(sent.userName, "ada.park@contoso.example");
    assert.equal(sent.title, "[redacted]");
    const answered = JSON.parse(post?.response ?? "{}") as { id?: string; title?: string };
    assert.equal(answered.id, record?.slackId);
    assert.equal(answered.title, "[redacted]");
    assert.deepEqual(
      record?.modifiedProperties.find((p) => p.name === TARGET.title),
      { name: TARGET.title, oldValue: null, newValue: "[redacted]" },
    );
    assert.equal(e.slack.directory.allUsers()[0]?.title, SECRET_TITLE, "Slack still gets the value");
    const stored = JSON.stringify(await e.ctx.activity.byObject(e.ctx.jobId, ada.id));
    assert.equal(stored.includes(SECRET_TITLE), false);
    assert.equal(stored.includes(TOKEN), false);
  });

  void it("a failed change keeps Slack's refusal: its status and error body", async () => {
    const e = createInMemoryEngine();
    const bob = entraUser("bob.ito");
    await seedUser(e, bob);
    e.slack.injectFault({ method: "POST", pathContains: "/Users", status: 409, code: "username_taken" });

    const record = await new UserProvisioner(e.ctx).provision(userMessage(e, bob.id));

    assert.equal(record?.status, "Failure");
    const refused = record?.requests?.at(-1);
    assert.equal(refused?.method, "POST");
    assert.equal(refused?.status, 409);
    assert.match(refused?.response ?? "", /username_taken/);
  });

  void it("an on-demand run: the answer lists the run's exchanges and its record keeps the same requests", async () => {
    const e = createInMemoryEngine();
    await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({
      ...s,
      cycleId: "cycle-1",
      cycleStartedAt: "2025-01-15T09:55:00.000Z",
      cyclePhase: "committed",
      users: { ...s.users, round: 1, phase: "done" },
      groups: { ...s.groups, round: 1, phase: "done" },
      lastCommittedCycleId: "cycle-1",
      lastCommittedAt: "2025-01-15T09:56:00.000Z",
    }));
    const cy = entraUser("cy.ruiz");
    await seedUser(e, cy);
    e.graph.setUser(cy);

    const result = await provisionUserOnDemand(e.ctx, cy.id, { requestedBy: "ops (test)" });

    assert.equal(result.kind, "done");
    const answer = (result as { answer: { slack: { method: string; path: string }[] } }).answer;
    const [record] = await e.ctx.activity.byObject(e.ctx.jobId, cy.id);
    assert.ok((record?.requests?.length ?? 0) > 0);
    assert.deepEqual(
      record?.requests?.map((r) => `${r.method} ${r.path}`),
      answer.slack.slice(-(record?.requests?.length ?? 0)).map((x) => `${x.method} ${x.path}`),
    );
    assert.ok(record?.requests?.some((r) => r.method === "POST" && r.status === 201));
  });
});
