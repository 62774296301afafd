import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { JobState, JobTransition } from "../../../shared/state/JobState";
import {
  activityPurgeClaimed,
  appRolesRead,
  convergenceReported,
  CYCLE_LEASE_MS,
  cycleFailed,
  cycleStarted,
  defersMemberWork,
  errorRecorded,
  groupsRoundCommitted,
  initialJobState,
  isDeclined,
  jobPaused,
  jobResumed,
  quarantined,
  quarantineInterval,
  resetAbandoned,
  resetFinished,
  resetProgressed,
  resetRequested,
  quarantineLifted,
  leaseHeld,
  memberFlushPending,
  memberWorkDeferred,
  memberWorkFlushed,
  pageEnqueued,
  pageRead,
  parseJobState,
  roundRestarted,
  usersRoundCommitted,
} from "../../../shared/state/JobState";

const T0 = new Date("2026-11-30T10:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

/** A job whose last cycle committed both rounds with these delta links and this configuration. */
function committedJob(): JobState {
  const s = initialJobState("slack");
  s.cycleId = "c1";
  s.cycleStartedAt = T0.toISOString();
  s.cyclePhase = "committed";
  s.configHash = "h1";
  s.users = { ...s.users, deltaLink: "U-LINK", round: 4, full: false, phase: "done", nextPageIndex: 2 };
  s.groups = { ...s.groups, deltaLink: "G-LINK", round: 3, full: false, phase: "done", nextPageIndex: 1 };
  s.cyclesCompleted = 7;
  return s;
}

/** The job just after cycle c2 started from committedJob (incremental, same configuration). */
function readingJob(): JobState {
  const next = cycleStarted({ cycleId: "c2", now: T0, restart: false, configHash: "h1", trigger: "timer" })(
    committedJob(),
  );
  assert.ok(!isDeclined(next));
  return next;
}

function apply(t: JobTransition, s: JobState): JobState {
  const next = t(s);
  assert.ok(!isDeclined(next), isDeclined(next) ? next.declined : "");
  return next;
}

interface Row {
  name: string;
  before: () => JobState;
  transition: JobTransition;
  /** What the next state must hold (a deep subset), or the refusal it must give. */
  expect: { declined: RegExp } | ((s: JobState) => void);
}

const ref = { cycleId: "c2", round: 4 + 1, pageIndex: 0 };
const groupsRef = { cycleId: "c2", round: 3 + 1, pageIndex: 0 };

const rows: Row[] = [
  {
    name: "cycle started (incremental): lease taken, both rounds start from their delta links",
    before: committedJob,
    transition: cycleStarted({ cycleId: "c2", now: T0, restart: false, configHash: "h1", trigger: "timer" }),
    expect: (s) => {
      assert.equal(s.cycleId, "c2");
      assert.equal(s.cyclePhase, "reading");
      assert.deepEqual(s.lease, { owner: "c2", expiresAt: later(CYCLE_LEASE_MS).toISOString() });
      assert.equal(s.users.round, 5);
      assert.equal(s.users.full, false);
      assert.equal(s.users.nextPageUrl, "U-LINK");
      assert.equal(s.users.deltaLink, "U-LINK", "the committed link stays until the round commits");
      assert.equal(s.groups.round, 4);
      assert.equal(s.groups.nextPageUrl, "G-LINK");
      assert.equal(s.fullReason, undefined);
      assert.equal(s.cycleConfigHash, "h1");
    },
  },
  {
    name: "cycle started on a new job: both rounds are full reads (initial cycle)",
    before: () => initialJobState("slack"),
    transition: cycleStarted({ cycleId: "c1", now: T0, restart: false, configHash: "h1", trigger: "timer" }),
    expect: (s) => {
      assert.equal(s.users.full, true);
      assert.equal(s.groups.full, true);
      assert.equal(s.users.nextPageUrl, undefined);
      assert.equal(s.fullReason, "initial cycle");
    },
  },
  {
    name: "cycle started after a mapping change: the users round is full, the groups round is not",
    before: committedJob,
    transition: cycleStarted({ cycleId: "c2", now: T0, restart: false, configHash: "h2", trigger: "timer" }),
    expect: (s) => {
      assert.equal(s.users.full, true);
      assert.equal(s.users.nextPageUrl, undefined);
      assert.equal(s.groups.full, false);
      assert.match(s.fullReason ?? "", /mapping or scoping configuration changed/);
    },
  },
  {
    name: "cycle started with restart: both rounds are full reads",
    before: committedJob,
    transition: cycleStarted({ cycleId: "c2", now: T0, restart: true, configHash: "h1", trigger: "timer" }),
    expect: (s) => {
      assert.equal(s.users.full, true);
      assert.equal(s.groups.full, true);
      assert.equal(s.groups.nextPageUrl, undefined);
      assert.equal(s.fullReason, "restart requested");
    },
  },
  {
    name: "cycle started while paused: declined",
    before: () => ({ ...committedJob(), paused: true }),
    transition: cycleStarted({ cycleId: "c2", now: T0, restart: false, configHash: "h1", trigger: "timer" }),
    expect: { declined: /paused/ },
  },
  {
    name: "cycle started while another cycle holds the lease: declined",
    before: readingJob,
    transition: cycleStarted({ cycleId: "c3", now: later(60_000), restart: false, configHash: "h1", trigger: "timer" }),
    expect: { declined: /cycle c2 is still reading Graph/ },
  },
  {
    name: "cycle started after the previous lease expired (a crashed reader): taken over",
    before: readingJob,
    transition: cycleStarted({
      cycleId: "c3",
      now: later(CYCLE_LEASE_MS + 1),
      restart: false,
      configHash: "h1",
      trigger: "timer",
    }),
    expect: (s) => assert.equal(s.lease?.owner, "c3"),
  },
  {
    name: "groups page enqueued: marked on the groups cursor",
    before: readingJob,
    transition: pageEnqueued("groups", groupsRef),
    expect: (s) => {
      assert.equal(s.groups.nextPageEnqueued, true);
      assert.equal(s.users.nextPageEnqueued, false);
    },
  },
  {
    name: "page enqueued for another cycle: declined",
    before: readingJob,
    transition: pageEnqueued("groups", { ...groupsRef, cycleId: "old" }),
    expect: { declined: /cycle old/ },
  },
  {
    name: "page read: cursor advances, counters grow, lease renewed",
    before: readingJob,
    transition: pageRead("users", { ...ref, nextLink: "NEXT-1", objects: 10, now: later(5_000) }),
    expect: (s) => {
      assert.equal(s.users.nextPageIndex, 1);
      assert.equal(s.users.nextPageUrl, "NEXT-1");
      assert.equal(s.users.nextPageEnqueued, false);
      assert.equal(s.users.pagesRead, 1);
      assert.equal(s.users.objectsRead, 10);
      assert.equal(s.lease?.expiresAt, later(5_000 + CYCLE_LEASE_MS).toISOString());
    },
  },
  {
    name: "page read twice (re-delivery): the second is declined",
    before: () => apply(pageRead("users", { ...ref, nextLink: "NEXT-1", objects: 10, now: T0 }), readingJob()),
    transition: pageRead("users", { ...ref, nextLink: "NEXT-1", objects: 10, now: T0 }),
    expect: { declined: /cursor is at page 1, not 0/ },
  },
  {
    name: "page of an earlier round: declined",
    before: readingJob,
    transition: pageRead("users", { ...ref, round: 4, nextLink: "X", objects: 1, now: T0 }),
    expect: { declined: /round 4 is no longer being read/ },
  },
  {
    name: "groups round committed: groups link stored, users round untouched, cycle still reading",
    before: readingJob,
    transition: groupsRoundCommitted({ ...groupsRef, deltaLink: "G-LINK-2", objects: 3, now: T0 }),
    expect: (s) => {
      assert.equal(s.groups.deltaLink, "G-LINK-2");
      assert.equal(s.groups.phase, "done");
      assert.equal(s.groups.nextPageUrl, undefined);
      assert.equal(s.cyclePhase, "reading");
      assert.equal(s.users.phase, "reading");
      assert.ok(s.lease);
    },
  },
  {
    name: "users round committed: cycle committed, lease released, error cleared, counted",
    before: () => ({ ...readingJob(), lastError: { code: "X", message: "m", at: T0.toISOString() } }),
    transition: usersRoundCommitted({ ...ref, deltaLink: "U-LINK-2", objects: 4, now: later(9_000) }),
    expect: (s) => {
      assert.equal(s.users.deltaLink, "U-LINK-2");
      assert.equal(s.cyclePhase, "committed");
      assert.equal(s.lease, undefined);
      assert.equal(s.lastError, undefined);
      assert.equal(s.cyclesCompleted, 8);
      assert.equal(s.lastCommittedCycleId, "c2");
      assert.equal(s.lastCommittedAt, later(9_000).toISOString());
      assert.equal(s.configHash, "h1");
    },
  },
  {
    name: "a full users round commits the cycle's configuration; an incremental one does not",
    before: () => {
      const s = apply(
        cycleStarted({ cycleId: "c2", now: T0, restart: false, configHash: "h2", trigger: "timer" }),
        committedJob(),
      );
      return s;
    },
    transition: usersRoundCommitted({ ...ref, deltaLink: "U2", objects: 0, now: T0 }),
    expect: (s) => assert.equal(s.configHash, "h2"),
  },
  {
    name: "users round committed twice: declined",
    before: () => apply(usersRoundCommitted({ ...ref, deltaLink: "U2", objects: 0, now: T0 }), readingJob()),
    transition: usersRoundCommitted({ ...ref, deltaLink: "U2", objects: 0, now: T0 }),
    expect: { declined: /no longer being read/ },
  },
  {
    name: "users round restarted (expired token): a new full round, link dropped, reason given",
    before: readingJob,
    transition: roundRestarted("users", { ...ref, now: later(1_000) }),
    expect: (s) => {
      assert.equal(s.users.round, 6);
      assert.equal(s.users.full, true);
      assert.equal(s.users.nextPageIndex, 0);
      assert.equal(s.users.deltaLink, undefined);
      assert.equal(s.users.nextPageUrl, undefined);
      assert.equal(s.fullReason, "the stored delta token expired");
      assert.equal(s.groups.deltaLink, "G-LINK");
    },
  },
  {
    name: "groups round restarted: only the groups cursor starts again",
    before: readingJob,
    transition: roundRestarted("groups", { ...groupsRef, now: T0 }),
    expect: (s) => {
      assert.equal(s.groups.round, 5);
      assert.equal(s.groups.full, true);
      assert.equal(s.groups.deltaLink, undefined);
      assert.equal(s.users.deltaLink, "U-LINK");
      assert.equal(s.fullReason, undefined);
    },
  },
  {
    name: "cycle failed: failed with the error, lease released, delta links kept",
    before: readingJob,
    transition: cycleFailed({ cycleId: "c2", code: "PoisonMessage", message: "m", now: T0 }),
    expect: (s) => {
      assert.equal(s.cyclePhase, "failed");
      assert.equal(s.lastError?.code, "PoisonMessage");
      assert.equal(s.lease, undefined);
      assert.equal(s.users.deltaLink, "U-LINK");
      assert.equal(leaseHeld(s, T0), false);
    },
  },
  {
    name: "failure of an older cycle: declined",
    before: readingJob,
    transition: cycleFailed({ cycleId: "c1", code: "X", message: "m", now: T0 }),
    expect: { declined: /not the current cycle/ },
  },
  {
    name: "error recorded: shown, cycle unchanged",
    before: readingJob,
    transition: errorRecorded("SlackCredentialError", "refused", T0),
    expect: (s) => {
      assert.equal(s.lastError?.code, "SlackCredentialError");
      assert.equal(s.cyclePhase, "reading");
    },
  },
  {
    name: "quarantined: first strike, the next timer cycle after 10 minutes, the error shown",
    before: readingJob,
    transition: quarantined({
      reason: "EncounteredQuarantineException",
      code: "SlackCredentialError",
      detail: "refused",
      cycleId: "c2",
      now: T0,
    }),
    expect: (s) => {
      assert.deepEqual(s.quarantine, {
        reason: "EncounteredQuarantineException",
        code: "SlackCredentialError",
        detail: "refused",
        since: T0.toISOString(),
        strikes: 1,
        cycleId: "c2",
        nextAttemptAt: later(10 * 60_000).toISOString(),
      });
      assert.equal(s.lastError?.code, "SlackCredentialError");
      assert.equal(s.cyclePhase, "reading", "the cycle itself goes on (its messages retry)");
    },
  },
  {
    name: "quarantined again in the same cycle: declined (one strike per cycle)",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c2", now: T0 }),
        readingJob(),
      ),
    transition: quarantined({
      reason: "EncounteredQuarantineException",
      code: "X",
      detail: "d",
      cycleId: "c2",
      now: later(1),
    }),
    expect: { declined: /already put the job in quarantine/ },
  },
  {
    name: "quarantined in a later cycle: a second strike doubles the wait, since is kept",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c1", now: T0 }),
        readingJob(),
      ),
    transition: quarantined({
      reason: "EncounteredQuarantineException",
      code: "X",
      detail: "d",
      cycleId: "c2",
      now: later(60_000),
    }),
    expect: (s) => {
      assert.equal(s.quarantine?.strikes, 2);
      assert.equal(s.quarantine?.since, T0.toISOString());
      assert.equal(s.quarantine?.nextAttemptAt, later(60_000 + 20 * 60_000).toISOString());
    },
  },
  {
    name: "quarantined at convergence for an escrow proportion after refused credentials: the reason changes, strikes go on",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c0", now: T0 }),
        committedJob(),
      ),
    transition: quarantined({
      reason: "EncounteredEscrowProportionThreshold",
      code: "EncounteredEscrowProportionThreshold",
      detail: "Cycle c1 escrowed 12 of the 12 users and groups it attempted",
      cycleId: "c1",
      now: later(60_000),
    }),
    expect: (s) => {
      assert.equal(s.quarantine?.reason, "EncounteredEscrowProportionThreshold");
      assert.equal(s.quarantine?.strikes, 2);
      assert.equal(s.quarantine?.since, T0.toISOString());
      assert.equal(s.quarantine?.cycleId, "c1");
      assert.equal(s.lastError?.code, "EncounteredEscrowProportionThreshold");
      assert.ok(isDeclined(quarantineLifted("c1")(s)), "the cycle that struck cannot lift it");
    },
  },
  {
    name: "a timer cycle while quarantined: declined until the next attempt time",
    before: () =>
      apply(
        quarantined({
          reason: "EncounteredQuarantineException",
          code: "X",
          detail: "token revoked",
          cycleId: "c1",
          now: T0,
        }),
        committedJob(),
      ),
    transition: cycleStarted({ cycleId: "c2", now: later(60_000), restart: false, configHash: "h1", trigger: "timer" }),
    expect: { declined: /quarantined \(EncounteredQuarantineException: token revoked\)/ },
  },
  {
    name: "a manual cycle while quarantined: started (the operator fixed it)",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c1", now: T0 }),
        committedJob(),
      ),
    transition: cycleStarted({
      cycleId: "c2",
      now: later(60_000),
      restart: false,
      configHash: "h1",
      trigger: "manual",
    }),
    expect: (s) => {
      assert.equal(s.cycleId, "c2");
      assert.ok(s.quarantine, "still quarantined until a cycle converges");
    },
  },
  {
    name: "a timer cycle after the quarantine's next attempt time: started",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c1", now: T0 }),
        committedJob(),
      ),
    transition: cycleStarted({
      cycleId: "c2",
      now: later(10 * 60_000),
      restart: false,
      configHash: "h1",
      trigger: "timer",
    }),
    expect: (s) => assert.equal(s.cycleId, "c2"),
  },
  {
    name: "quarantine lifted when a later cycle converged without a strike of its own",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c0", now: T0 }),
        committedJob(),
      ),
    transition: quarantineLifted("c1"),
    expect: (s) => {
      assert.equal(s.quarantine, undefined);
      assert.equal(s.lastError, undefined);
    },
  },
  {
    name: "quarantine kept when the cycle that struck converged (its refused work may only have been escrowed)",
    before: () =>
      apply(
        quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c1", now: T0 }),
        committedJob(),
      ),
    transition: quarantineLifted("c1"),
    expect: { declined: /itself hit the quarantine's problem/ },
  },
  {
    name: "quarantine lifted when not quarantined: declined",
    before: committedJob,
    transition: quarantineLifted("c1"),
    expect: { declined: /not quarantined/ },
  },
  { name: "paused", before: committedJob, transition: jobPaused(), expect: (s) => assert.equal(s.paused, true) },
  {
    name: "paused twice: declined",
    before: () => ({ ...committedJob(), paused: true }),
    transition: jobPaused(),
    expect: { declined: /already paused/ },
  },
  {
    name: "resumed",
    before: () => ({ ...committedJob(), paused: true }),
    transition: jobResumed(),
    expect: (s) => assert.equal(s.paused, false),
  },
  {
    name: "resumed when not paused: declined",
    before: committedJob,
    transition: jobResumed(),
    expect: { declined: /not paused/ },
  },
  {
    name: "restart requested: the marker, at step 0",
    before: committedJob,
    transition: resetRequested({ id: "r1", flags: ["Escrows"], now: T0, by: "op" }),
    expect: (s) =>
      assert.deepEqual(s.reset, {
        id: "r1",
        flags: ["Escrows"],
        requestedAt: T0.toISOString(),
        by: "op",
        step: 0,
        rows: 0,
        heartbeatAt: T0.toISOString(),
      }),
  },
  {
    name: "restart requested while another is under way: declined",
    before: () => apply(resetRequested({ id: "r1", flags: ["Escrows"], now: T0, by: "op" }), committedJob()),
    transition: resetRequested({ id: "r2", flags: ["Watermark"], now: T0, by: "op" }),
    expect: { declined: /restart r1 \(resetScope Escrows\) is still under way/ },
  },
  {
    name: "ConnectorDataStore while a cycle reads Graph: declined",
    before: readingJob,
    transition: resetRequested({ id: "r1", flags: ["Watermark", "ConnectorDataStore"], now: T0, by: "op" }),
    expect: { declined: /cycle c2 is reading Graph/ },
  },
  {
    name: "Escrows while a cycle reads Graph: allowed (it forgets no link)",
    before: readingJob,
    transition: resetRequested({ id: "r1", flags: ["Escrows"], now: T0, by: "op" }),
    expect: (s) => assert.equal(s.reset?.id, "r1"),
  },
  {
    name: "a cycle does not start while a restart is under way",
    before: () => apply(resetRequested({ id: "r1", flags: ["Watermark"], now: T0, by: "op" }), committedJob()),
    transition: cycleStarted({ cycleId: "c2", now: T0, restart: true, configHash: "h1", trigger: "manual" }),
    expect: { declined: /a restart \(resetScope Watermark\) is resetting/ },
  },
  {
    name: "restart progressed: step, cursor, rows and heartbeat",
    before: () => apply(resetRequested({ id: "r1", flags: ["Escrows"], now: T0, by: "op" }), committedJob()),
    transition: resetProgressed({ id: "r1", step: 1, after: "k9", rows: 12, now: later(5) }),
    expect: (s) =>
      assert.deepEqual(
        [s.reset?.step, s.reset?.after, s.reset?.rows, s.reset?.heartbeatAt],
        [1, "k9", 12, later(5).toISOString()],
      ),
  },
  {
    name: "another restart's progress: declined",
    before: () => apply(resetRequested({ id: "r1", flags: ["Escrows"], now: T0, by: "op" }), committedJob()),
    transition: resetProgressed({ id: "r0", step: 1, rows: 1, now: T0 }),
    expect: { declined: /restart r0 is not under way/ },
  },
  {
    name: "restart finished with Watermark and QuarantineState: next cycle full, quarantine lifted",
    before: () =>
      apply(
        resetRequested({ id: "r1", flags: ["Watermark", "QuarantineState"], now: T0, by: "op" }),
        apply(
          quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c1", now: T0 }),
          committedJob(),
        ),
      ),
    transition: resetFinished("r1"),
    expect: (s) => {
      assert.equal(s.reset, undefined);
      assert.equal(s.quarantine, undefined);
      assert.equal(s.fullRequested, "restart requested (resetScope Watermark, QuarantineState)");
      const started = apply(
        cycleStarted({ cycleId: "c2", now: T0, restart: false, configHash: "h1", trigger: "timer" }),
        s,
      );
      assert.deepEqual([started.users.full, started.groups.full, started.users.nextPageUrl], [true, true, undefined]);
      assert.equal(started.fullReason, "restart requested (resetScope Watermark, QuarantineState)");
      assert.equal(started.fullRequested, undefined);
    },
  },
  {
    name: "restart finished with Escrows only: the quarantine and the delta links stay",
    before: () =>
      apply(
        resetRequested({ id: "r1", flags: ["Escrows"], now: T0, by: "op" }),
        apply(
          quarantined({ reason: "EncounteredQuarantineException", code: "X", detail: "d", cycleId: "c1", now: T0 }),
          committedJob(),
        ),
      ),
    transition: resetFinished("r1"),
    expect: (s) => {
      assert.ok(s.quarantine);
      assert.equal(s.fullRequested, undefined);
      assert.equal(s.users.deltaLink, "U-LINK");
    },
  },
  {
    name: "restart abandoned: the marker goes, nothing else changes",
    before: () => apply(resetRequested({ id: "r1", flags: ["ConnectorDataStore"], now: T0, by: "op" }), committedJob()),
    transition: resetAbandoned("r1"),
    expect: (s) => assert.deepEqual(s, committedJob()),
  },
  {
    name: "app roles read: stored when they changed",
    before: committedJob,
    transition: appRolesRead({ r1: { value: "admin", displayName: "Admin" } }),
    expect: (s) => assert.deepEqual(s.appRoles, { r1: { value: "admin", displayName: "Admin" } }),
  },
  {
    name: "app roles read unchanged: declined (no write)",
    before: () => ({ ...committedJob(), appRoles: { r1: { value: "admin", displayName: "Admin" } } }),
    transition: appRolesRead({ r1: { value: "admin", displayName: "Admin" } }),
    expect: { declined: /did not change/ },
  },
  {
    name: "convergence reported once",
    before: committedJob,
    transition: convergenceReported("c1"),
    expect: (s) => assert.equal(s.reportedCycleId, "c1"),
  },
  {
    name: "convergence reported twice: declined",
    before: () => ({ ...committedJob(), reportedCycleId: "c1" }),
    transition: convergenceReported("c1"),
    expect: { declined: /already reported/ },
  },
  {
    name: "activity purge claimed when the last one is a day old",
    before: () => ({ ...committedJob(), lastPurgeAt: later(-86_400_000).toISOString() }),
    transition: activityPurgeClaimed(T0, 86_400_000),
    expect: (s) => assert.equal(s.lastPurgeAt, T0.toISOString()),
  },
  {
    name: "activity purge within the interval: declined",
    before: () => ({ ...committedJob(), lastPurgeAt: later(-60_000).toISOString() }),
    transition: activityPurgeClaimed(T0, 86_400_000),
    expect: { declined: /purged at/ },
  },
  {
    name: "member changes deferred in a full users round: marked for the cycle (not flushed)",
    before: fullReadingJob,
    transition: memberWorkDeferred("c2"),
    expect: (s) => assert.deepEqual(s.deferredMembers, { cycleId: "c2" }),
  },
  {
    name: "member changes deferred again in the same cycle: declined (one mark, one probe)",
    before: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c2" } }),
    transition: memberWorkDeferred("c2"),
    expect: { declined: /already deferred/ },
  },
  {
    name: "member changes deferred in an incremental round: declined (they are applied at once)",
    before: readingJob,
    transition: memberWorkDeferred("c2"),
    expect: { declined: /does not defer/ },
  },
  {
    name: "member changes deferred for a cycle that is not the current one: declined",
    before: fullReadingJob,
    transition: memberWorkDeferred("c1"),
    expect: { declined: /does not defer/ },
  },
  {
    name: "member changes deferred after the cycle's flush: declined (later changes are applied at once)",
    before: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c2", flushed: true } }),
    transition: memberWorkDeferred("c2"),
    expect: { declined: /does not defer/ },
  },
  {
    name: "member changes deferred in a failed cycle: declined",
    before: () => ({ ...fullReadingJob(), cyclePhase: "failed" as const }),
    transition: memberWorkDeferred("c2"),
    expect: { declined: /does not defer/ },
  },
  {
    name: "member changes deferred in a full round of a later cycle replace an older cycle's mark",
    before: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c1" } }),
    transition: memberWorkDeferred("c2"),
    expect: (s) => assert.deepEqual(s.deferredMembers, { cycleId: "c2" }),
  },
  {
    name: "deferred member changes flushed",
    before: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c2" } }),
    transition: memberWorkFlushed("c2"),
    expect: (s) => assert.deepEqual(s.deferredMembers, { cycleId: "c2", flushed: true }),
  },
  {
    name: "deferred member changes flushed twice: declined",
    before: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c2", flushed: true } }),
    transition: memberWorkFlushed("c2"),
    expect: { declined: /no member changes to flush/ },
  },
  {
    name: "member changes flushed for a cycle that deferred none: declined",
    before: fullReadingJob,
    transition: memberWorkFlushed("c2"),
    expect: { declined: /no member changes to flush/ },
  },
];

/** The job just after cycle c2 started as a restart (both rounds full). */
function fullReadingJob(): JobState {
  return apply(
    cycleStarted({ cycleId: "c2", now: T0, restart: true, configHash: "h1", trigger: "manual" }),
    committedJob(),
  );
}

describe("deferred member changes: who defers, and when the cycle still waits for them", () => {
  const table: { name: string; state: () => JobState; cycleId: string; defers: boolean; pending: boolean }[] = [
    { name: "a full users round defers", state: fullReadingJob, cycleId: "c2", defers: true, pending: false },
    { name: "an incremental round does not", state: readingJob, cycleId: "c2", defers: false, pending: false },
    {
      name: "a message of an older cycle does not",
      state: fullReadingJob,
      cycleId: "c1",
      defers: false,
      pending: false,
    },
    {
      name: "deferred, not flushed: the cycle waits for the flush",
      state: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c2" } }),
      cycleId: "c2",
      defers: true,
      pending: true,
    },
    {
      name: "flushed: later changes are applied at once, nothing is pending",
      state: () => ({ ...fullReadingJob(), deferredMembers: { cycleId: "c2", flushed: true } }),
      cycleId: "c2",
      defers: false,
      pending: false,
    },
    {
      name: "an older cycle's mark is nothing to this cycle",
      state: () => ({ ...readingJob(), deferredMembers: { cycleId: "c1" } }),
      cycleId: "c2",
      defers: false,
      pending: false,
    },
    {
      name: "a committed full cycle still defers until its flush (its users' runs may still be applying)",
      state: () => ({ ...fullReadingJob(), cyclePhase: "committed" as const, deferredMembers: { cycleId: "c2" } }),
      cycleId: "c2",
      defers: true,
      pending: true,
    },
  ];
  for (const row of table) {
    test(row.name, () => {
      assert.equal(defersMemberWork(row.state(), row.cycleId), row.defers);
      assert.equal(memberFlushPending(row.state(), row.cycleId), row.pending);
    });
  }
});

describe("job state transitions", () => {
  for (const row of rows) {
    test(row.name, () => {
      const before = row.before();
      const frozen = JSON.stringify(before);
      const next = row.transition(before);
      assert.equal(JSON.stringify(before), frozen, "a transition never changes its input");
      if (typeof row.expect === "function") {
        assert.ok(!isDeclined(next), isDeclined(next) ? `declined: ${next.declined}` : "");
        row.expect(next);
      } else {
        assert.ok(isDeclined(next), "expected the transition to decline");
        assert.match(next.declined, row.expect.declined);
      }
    });
  }

  test("a whole cycle: groups round, users round over two pages, committed", () => {
    let s = readingJob();
    s = apply(pageEnqueued("groups", groupsRef), s);
    s = apply(groupsRoundCommitted({ ...groupsRef, deltaLink: "G2", objects: 2, now: T0 }), s);
    s = apply(pageEnqueued("users", ref), s);
    s = apply(pageRead("users", { ...ref, nextLink: "P1", objects: 5, now: T0 }), s);
    s = apply(pageEnqueued("users", { ...ref, pageIndex: 1 }), s);
    s = apply(usersRoundCommitted({ ...ref, pageIndex: 1, deltaLink: "U2", objects: 3, now: T0 }), s);
    assert.equal(s.cyclePhase, "committed");
    assert.deepEqual([s.users.pagesRead, s.users.objectsRead, s.groups.pagesRead], [2, 8, 1]);
    assert.deepEqual([s.users.deltaLink, s.groups.deltaLink], ["U2", "G2"]);
  });
});

test("quarantine interval: 10 minutes doubling per strike, at most a day", () => {
  assert.deepEqual(
    [1, 2, 3, 8, 9, 20].map((n) => quarantineInterval(n) / 60_000),
    [10, 20, 40, 1280, 1440, 1440],
  );
});

describe("parseJobState", () => {
  test("reads a row written before the cursors were grouped", () => {
    const legacy = {
      jobId: "slack",
      deltaLink: "U-LINK",
      round: 4,
      cycleId: "c1",
      cycleFull: false,
      cyclePhase: "committed",
      nextPageIndex: 2,
      nextPageEnqueued: false,
      pagesRead: 2,
      objectsRead: 30,
      paused: true,
      cyclesCompleted: 7,
      configHash: "h1",
      groupsDeltaLink: "G-LINK",
      groupCursor: {
        round: 3,
        phase: "done",
        full: false,
        nextPageIndex: 1,
        nextPageEnqueued: false,
        pagesRead: 1,
        groupsRead: 4,
      },
      leaseOwner: "c1",
      leaseExpiresAt: T0.toISOString(),
    };
    const s = parseJobState("slack", JSON.stringify(legacy));
    assert.equal(s.users.deltaLink, "U-LINK");
    assert.equal(s.users.round, 4);
    assert.equal(s.users.phase, "done");
    assert.equal(s.users.objectsRead, 30);
    assert.equal(s.groups.deltaLink, "G-LINK");
    assert.equal(s.groups.round, 3);
    assert.equal(s.groups.objectsRead, 4);
    assert.deepEqual(s.lease, { owner: "c1", expiresAt: T0.toISOString() });
    assert.equal(s.paused, true);
    assert.equal(s.cyclesCompleted, 7);
    assert.equal(s.configHash, "h1");
    assert.equal("deltaLink" in s, false, "no legacy field is carried over");
    // The next cycle continues from the stored links.
    const next = apply(
      cycleStarted({
        cycleId: "c2",
        now: later(CYCLE_LEASE_MS + 1),
        restart: false,
        configHash: "h1",
        trigger: "timer",
      }),
      { ...s, paused: false },
    );
    assert.equal(next.users.nextPageUrl, "U-LINK");
    assert.equal(next.groups.nextPageUrl, "G-LINK");
  });

  test("a current row round-trips", () => {
    const s = readingJob();
    assert.deepEqual(parseJobState("slack", JSON.stringify(s)), s);
  });
});
