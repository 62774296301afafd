/**
 * The reduced chaos run (the full one is `npm run chaos`): 200 users, direct and through nested groups, provisioned
 * while the host is SIGKILLed once and both emulators inject 5xx, 429 with Retry-After, a Slack timeout applied late and
 * 204 answers; then a round of changes and a mass removal. Slack must end exactly as the directory says, with the mass
 * removal held. CHAOS_SEED replays another run.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { REDUCED_CHAOS } from "../chaos/chaosProfiles";
import { formatChaosReport } from "../chaos/formatChaosReport";
import { runChaos } from "../chaos/runChaos";

const SEED = Number(process.env.CHAOS_SEED ?? 20_240_607);

void describe("chaos: crashes and faults while provisioning, then changes and a mass removal", () => {
  void it(`ends with Slack equal to the expected state (seed ${SEED})`, async () => {
    const report = await runChaos({ ...REDUCED_CHAOS, seed: SEED });
    const figures = formatChaosReport(report);

    assert.equal(report.kills.length, 1, figures);
    assert.ok(
      (report.kills[0]?.created ?? 0) < (report.kills[0]?.expectedCreates ?? 0),
      `the kill landed mid-provisioning\n${figures}`,
    );
    const { slack, graph } = report.faults;
    assert.ok(slack.serverError + graph.serverError > 0, `5xx were injected\n${figures}`);
    assert.ok(slack.throttle + graph.throttle > 0, `429s were injected\n${figures}`);
    assert.equal(slack.timeout, 1, `a Slack request timed out\n${figures}`);
    assert.ok(slack.noContent > 0, `PATCHes were answered 204\n${figures}`);
    assert.deepEqual(report.mismatches, [], figures);
    assert.ok(report.held.users > 20, `the mass removal was held (${report.held.users} users)\n${figures}`);
    assert.equal(report.held.groups, 3, figures);
    assert.deepEqual(
      report.phases.filter((p) => p.quarantine),
      [],
      `no quarantine\n${figures}`,
    );
    assert.deepEqual(
      report.phases.map((p) => p.name),
      ["provision", "changes", "massRemoval"],
    );
  });
});
