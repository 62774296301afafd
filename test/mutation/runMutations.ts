/**
 * The mutation check: removes each safety mechanism from the compiled engine in turn and runs the tests that claim to
 * prove it; every one of them must then fail. A mechanism whose tests stay green is reported as SURVIVED and the run
 * exits 1. The compiled file is restored after each run, whatever happens.
 *
 * Usage: npm run mutation   (builds first; runs unit tests on the in-memory engine, about a minute on 2 cores)
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Mutation {
  /** The mechanism the mutation removes. */
  mechanism: string;
  /** A compiled file under dist/. */
  file: string;
  /** Text that must occur exactly once in the file, and what replaces it. */
  find: string;
  replace: string;
  /** Compiled test files (under dist/) that must fail without the mechanism. */
  tests: string[];
}

const MUTATIONS: Mutation[] = [
  {
    mechanism: "outbox: work queued by a step is written to the backlog before it is sent",
    file: "shared/engine/queueWork.js",
    find: "await ctx.pending.add(cycleId, entries);",
    replace: "void entries;",
    tests: ["test/unit/engine/outbox.test.js"],
  },
  {
    mechanism: "outbox: a first delivery that takes over a crashed run's lease re-sends what that run had written",
    file: "shared/engine/ObjectProvisioner.js",
    find: "if (firstRun && held.tookOver)",
    replace: "if (false)",
    tests: ["test/unit/engine/outbox.test.js"],
  },
  {
    mechanism: "page cursor: a page applies only when it is the page its round waits for",
    file: "shared/state/JobState.js",
    find: "function pageMismatch(state, which, page) {",
    replace: "function pageMismatch(state, which, page) {\n    return undefined;",
    tests: ["test/unit/state/jobTransitions.test.js", "test/unit/engine/deltaRounds.test.js"],
  },
  {
    mechanism: "per-object lease: a lease held by another run is not taken",
    file: "shared/engine/linkLease.js",
    find: "if (l.leaseOwner && l.leaseOwner !== owner && l.leaseExpiresAt && Date.parse(l.leaseExpiresAt) > at.getTime()) {",
    replace: "if (false) {",
    tests: ["test/unit/engine/UserProvisioner.test.js"],
  },
  {
    mechanism: "no duplicates: match by userName, then email, before creating",
    file: "shared/engine/UserProvisioner.js",
    find: "for (const attr of (0, mapping_1.matchingAttributes)(mapped, ctx.mapping)) {",
    replace: "for (const attr of []) {",
    tests: ["test/unit/engine/UserProvisioner.test.js"],
  },
  {
    mechanism: "no deactivation without evidence: a user nothing was read about is left alone",
    file: "shared/engine/decideUserState.js",
    find: 'return { kind: "unknown", reason: "no data about this user has been read from Entra ID yet" };',
    replace: 'return { kind: "deprovision", evidence: "mutated" };',
    tests: ["test/unit/engine/decideUserState.test.js"],
  },
  {
    mechanism: "deletion guard: a cycle's removals above the limit are held, not released",
    file: "shared/engine/removalLimits.js",
    find: 'return staged > limit ? "hold" : "release";',
    replace: 'return "release";',
    tests: ["test/unit/engine/deletionGuard.test.js"],
  },
  {
    mechanism: "deletion guard: a run stages its removal instead of applying it",
    file: "shared/engine/UserProvisioner.js",
    find: "if (!released)",
    replace: "if (false)",
    tests: ["test/unit/engine/UserProvisioner.test.js", "test/unit/engine/deletionGuard.test.js"],
  },
  {
    mechanism: "quarantine: an escrow-proportion quarantine lasts while its objects are escrowed",
    file: "shared/engine/CycleStarter.js",
    find: "if (stillEscrowed.entries.length >= escrowProportion_1.ESCROW_PROPORTION_MINIMUM)",
    replace: "if (false)",
    tests: ["test/unit/engine/escrowProportionQuarantine.test.js"],
  },
  {
    mechanism: "any SCIM server: a group read without members asks for them before a reconcile diffs them",
    file: "shared/slack/ScimSlackTarget.js",
    find: "if (!group || group.members !== undefined)",
    replace: "if (true)",
    tests: ["test/unit/slack/ScimSlackTarget.test.js"],
  },
  {
    mechanism: "escrow: an object whose retry budget for the cycle is spent is escrowed, not retried on",
    file: "shared/errors/retryPolicy.js",
    find: "&& budgetSpent(options.escrow, failure.retry, attempt)",
    replace: "&& false",
    tests: ["test/unit/engine/escrow.test.js"],
  },
  {
    mechanism: "escrow: a completed run ends the escrow",
    file: "shared/engine/ObjectProvisioner.js",
    find: "delete next.escrow;",
    replace: "void next;",
    tests: ["test/unit/engine/escrow.test.js"],
  },
  {
    mechanism: "quarantine: one strike per cycle, however many messages are refused",
    file: "shared/state/JobState.js",
    find: "if (q?.cycleId === input.cycleId)",
    replace: "if (false)",
    tests: ["test/unit/state/jobTransitions.test.js", "test/unit/engine/quarantine.test.js"],
  },
  {
    mechanism: "quarantine: a converged cycle that escrowed most of its work quarantines the job",
    file: "shared/engine/CycleStarter.js",
    find: "await (0, quarantineOnEscrowProportion_1.quarantineOnEscrowProportion)(ctx, previous);",
    replace: "void quarantineOnEscrowProportion_1;",
    tests: ["test/unit/engine/escrowProportionQuarantine.test.js"],
  },
  {
    mechanism: "counters: a backlog row is deleted in one transaction with its shard's update",
    file: "shared/state/backlogCount.js",
    find: 'return [{ kind: "delete", rowKey }, setShard(index, shard, (shard?.n ?? 0) - 1)];',
    replace: 'return [{ kind: "delete", rowKey }];',
    tests: ["test/unit/state/CountedBacklog.test.js"],
  },
  {
    mechanism:
      "counters: the backlog never reads 0 while a row remains (a sum of zero or less is checked and repaired)",
    file: "shared/state/backlogCount.js",
    find: 'return sum > 0 ? { count: sum } : "repair";',
    replace: "return { count: Math.max(0, sum) };",
    tests: ["test/unit/state/CountedBacklog.test.js"],
  },
  {
    mechanism: "counters: a record is counted in its cycle's tally once (its key in its object's latest row)",
    file: "shared/state/CycleTallyLedger.js",
    find: "if ((0, cycleTally_1.wasCounted)(latest, recordKey))",
    replace: "if (false)",
    tests: ["test/unit/state/CycleTallyLedger.test.js"],
  },
  {
    mechanism: "counters: a removal row's change of state moves its counts",
    file: "shared/state/CountedRemovals.js",
    find: "const delta = (0, removalCounts_1.countsDelta)(objectType, current?.state, next?.state);",
    replace: "const delta = undefined;",
    tests: ["test/unit/state/CountedRemovals.test.js"],
  },
  {
    mechanism: "group members: a full users round defers its member changes to the cycle's flush",
    file: "shared/state/JobState.js",
    find: 'if (state.cycleId !== cycleId || !state.users.full || state.cyclePhase === "failed")',
    replace: "if (true)",
    tests: [
      "test/unit/state/jobTransitions.test.js",
      "test/unit/engine/memberChanges.test.js",
      "test/unit/engine/deferredMembersCycle.test.js",
    ],
  },
  {
    mechanism: "group members: a cycle is not converged while its deferred member changes are not flushed",
    file: "shared/engine/CycleStatus.js",
    find: " || (0, JobState_1.memberFlushPending)(state, cycleId)",
    replace: "",
    tests: ["test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "group members: a member change is decided from the user's state now (member, active account)",
    file: "shared/engine/planMemberChanges.js",
    find: "if (s.member && s.slackActive === true)",
    replace: "if (true)",
    tests: ["test/unit/engine/planMemberChanges.test.js", "test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "group members: a new row per change, so a run never clears a change recorded after its read",
    file: "shared/state/MemberChangeRepository.js",
    find: "rowKey(c.userId, c.id)",
    replace: 'rowKey(c.userId, "same")',
    tests: ["test/unit/state/MemberChangeRepository.test.js"],
  },
  {
    mechanism: "group members: a user run delivered again after saving its link records its member changes again",
    file: "shared/engine/UserProvisioner.js",
    find: "const redelivered = before.lastChangeId === msg.changeId && after.slackId !== undefined;",
    replace: "const redelivered = false;",
    tests: ["test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "group members: the run that empties a full round's backlog flushes its deferred members at once",
    file: "shared/engine/ObjectProvisioner.js",
    find: "await (0, flushDeferredMembers_1.flushIfDrained)(ctx, msg.cycleId);",
    replace: "void 0;",
    tests: ["test/unit/engine/groupMembersAtRoundEnd.test.js"],
  },
  {
    mechanism: "group members: the runs a crashed flush wrote to the backlog are sent again",
    file: "shared/engine/flushDeferredMembers.js",
    find: "await (0, queueWork_1.resendPending)(ctx, cycleId, flushOrigin(cycleId));",
    replace: "void flushOrigin;",
    tests: ["test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "group members: a waiting member-change run never stands in for a reconcile",
    file: "shared/engine/queueWork.js",
    find: 'queuedAt: ["queuedAt"],',
    replace: 'queuedAt: ["queuedAt", "membersQueuedAt"],',
    tests: ["test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "token check: every cycle start verifies the Slack token and its owner before reading Graph",
    file: "shared/engine/CycleStarter.js",
    find: "await ctx.slackHealth.verify();",
    replace: "void ctx.slackHealth;",
    tests: ["test/unit/engine/tokenHealthQuarantine.test.js"],
  },
  {
    mechanism: "drift scan: a page applies only while the scan waits for it (a re-delivered page counts once)",
    file: "shared/drift/DriftScanState.js",
    find: "function driftPageMismatch(state, scanId, pageIndex) {",
    replace:
      "function driftPageMismatch(state, scanId, pageIndex) {\n    if (state.running?.scanId === scanId) return undefined;",
    tests: ["test/unit/drift/DriftScanState.test.js", "test/unit/drift/DriftScanner.test.js"],
  },
  {
    mechanism: "drift scan: only a Slack user linked to this very Slack id is compared (never an unmanaged one)",
    file: "shared/drift/detectUserDrift.js",
    find: "if (link?.slackId === undefined || link.slackId !== slackUser.id)",
    replace: "if (link === undefined)",
    tests: ["test/unit/drift/detectUserDrift.test.js"],
  },
  {
    mechanism: "secrets stay secret: a secret-named property in a SCIM body is redacted in the activity record",
    file: "shared/activity/redactScimBody.js",
    find: "SECRET_KEY.test(k) ? redactAll(x) :",
    replace: "false ? redactAll(x) :",
    tests: ["test/unit/activity/redaction.test.js"],
  },
  {
    mechanism: "sensitive attributes: a user's sensitive single-valued attributes are redacted in kept bodies",
    file: "shared/activity/redactScimBody.js",
    find: "for (const a of s.simple)\n        redactKey(r, a);",
    replace: "void s.simple;",
    tests: ["test/unit/activity/redaction.test.js", "test/unit/activity/activityRequests.test.js"],
  },
  {
    mechanism: "a stored activity record always fits Table Storage's 64 KiB string property",
    file: "shared/activity/fitActivityRecord.js",
    find: "function fitActivityRecord(record, max = exports.MAX_RECORD_CHARS) {",
    replace: "function fitActivityRecord(record, max = exports.MAX_RECORD_CHARS) {\n    return record;",
    tests: ["test/unit/activity/activityRequests.test.js"],
  },
  {
    mechanism: "CSV export: a cell that starts like a formula is neutralised",
    file: "shared/activity/csvCell.js",
    find: "FORMULA_START.test(value) ?",
    replace: "false ?",
    tests: ["test/unit/activity/csvCell.test.js", "test/unit/activity/activityCsv.test.js"],
  },
  {
    mechanism: "sensitive attributes: their old and new values are redacted in a run's modified properties",
    file: "shared/engine/ObjectProvisioner.js",
    find: "modifiedProperties: (0, redactModifiedProperties_1.redactModifiedProperties)(outcome.modified, ctx.mapping.attributes),",
    replace: "modifiedProperties: outcome.modified,",
    tests: ["test/unit/engine/recordedRequests.test.js"],
  },
  {
    mechanism: "re-hire: an account changes owner only once delta too has seen the owner leave",
    file: "shared/engine/decideRelink.js",
    find: "if (!input.mirrorRemoved) {",
    replace: "if (false) {",
    tests: ["test/unit/engine/rehire.test.js"],
  },
  {
    mechanism: "re-hire: the owner of a matched account is read from Graph (live, soft-deleted, purged)",
    file: "shared/engine/UserProvisioner.js",
    find: "presence: await this.presenceOf(owner),",
    replace: 'presence: "purged",',
    tests: ["test/unit/engine/rehire.test.js"],
  },
  {
    mechanism: "restart: no cycle starts while a restart resets the job's state",
    file: "shared/state/JobState.js",
    find: 'return { declined: "the job is paused" };\n        if (s.reset) {',
    replace: 'return { declined: "the job is paused" };\n        if (false) {',
    tests: ["test/unit/engine/restart/JobRestarter.test.js"],
  },
  {
    mechanism: "user policies: OUT_OF_SCOPE_ACTION / DISABLED_USER_ACTION = leave never deactivates",
    file: "shared/engine/decideUserState.js",
    find: 'return action === "leave"',
    replace: 'return action === "never"',
    tests: ["test/unit/engine/decideUserState.test.js", "test/unit/engine/userPolicies.test.js"],
  },
  {
    mechanism: "user policies: the drift scan does not repair a user left as it is",
    file: "shared/drift/detectUserDrift.js",
    find: "if (link.leftAlone !== undefined)",
    replace: "if (false)",
    tests: ["test/unit/drift/detectUserDrift.test.js"],
  },
  {
    mechanism: "guest policy: an existing Slack admin or owner is not made a guest (cannot_make_user_guest)",
    file: "shared/engine/UserProvisioner.js",
    find: 'if (standing !== "admin")',
    replace: "if (true)",
    tests: ["test/unit/engine/userPolicies.test.js"],
  },
  {
    mechanism: "guest policy: a guest expiration already past is refused before Slack is asked",
    file: "shared/validation/guestProblems.js",
    find: "else if (now !== undefined && Date.parse(normalised) <= now.getTime()) {",
    replace: "else if (false) {",
    tests: ["test/unit/policies/guestExtension.test.js", "test/unit/engine/userPolicies.test.js"],
  },
  {
    mechanism: "SelectUniqueValue: a candidate Slack already has (a deactivated user's included) is never sent",
    file: "shared/mapping/chooseUniqueValues.js",
    find: "if (!(await isTaken(target, candidate))) {",
    replace: "if (true) {",
    tests: ["test/unit/engine/selectUniqueValue.test.js"],
  },
  {
    mechanism: "the full scope derivation in key ranges: each range's graph holds only that range's users",
    file: "shared/engine/ScopeMaterializer.js",
    find: "if (!here(u))",
    replace: "if (false)",
    tests: ["test/unit/engine/scopeIncremental.test.js"],
  },
  {
    mechanism: "a full users round's scope-step group reconcile leaves the members to the round's end",
    file: "shared/engine/GroupProvisioner.js",
    find: 'msg.reason === "scope" &&',
    replace: "false &&",
    tests: ["test/unit/engine/groupMembersAtRoundEnd.test.js"],
  },
  {
    mechanism: "a full round's user runs record no member change for a group the round left whole to its flush",
    file: "shared/engine/WholeGroupCoverage.js",
    find: "if (first?.userId === exports.WHOLE_GROUP_CHANGE)",
    replace: "if (false)",
    tests: ["test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "a reconcile in the middle of a full round keeps the round's whole-group change for the flush",
    file: "shared/engine/GroupProvisioner.js",
    find: "const applied = keepWholeGroupChange",
    replace: "const applied = false",
    tests: ["test/unit/engine/memberChanges.test.js"],
  },
  {
    mechanism: "a process's whole-group member reads run two at a time (MemberReadSlots)",
    file: "shared/engine/GroupProvisioner.js",
    find: "memberReads = new MemberReadSlots_1.MemberReadSlots()",
    replace: "memberReads = new MemberReadSlots_1.MemberReadSlots(100)",
    tests: ["test/unit/engine/memberReadSlots.test.js"],
  },
  {
    mechanism: "the follow-up lane: a report queued by its manager's arrival goes to provision-followups",
    file: "shared/engine/queueWork.js",
    find: 'reason === "manager" ? messages_1.QUEUES.provisionFollowUps',
    replace: "false ? messages_1.QUEUES.provisionFollowUps",
    tests: ["test/unit/engine/outbox.test.js"],
  },
  {
    mechanism: "the backlog window: a page is not read while BACKLOG_WINDOW messages of the cycle are waiting",
    file: "shared/engine/DeltaRoundReader.js",
    find: "if (waiting >= ctx.backlogWindow) {",
    replace: "if (false) {",
    tests: ["test/unit/engine/backlogWindow.test.js"],
  },
  {
    mechanism:
      "outbox: a re-delivered provisioning run re-sends what its crashed run had written (a first delivery skips the read)",
    file: "shared/engine/ObjectProvisioner.js",
    find: "if (!firstRun)",
    replace: "if (false)",
    tests: ["test/unit/engine/outbox.test.js"],
  },
  {
    mechanism: "a report whose manager is not in Slack yet waits on the manager's list",
    file: "shared/engine/resolveManager.js",
    find: "if (manager === null && options.waitAs !== undefined && ctx.reports) {",
    replace: "if (false) {",
    tests: ["test/unit/engine/outbox.test.js"],
  },
  {
    mechanism: "a manager's arrival (or its re-delivered run) queues the reports on its waiting list",
    file: "shared/engine/UserProvisioner.js",
    find: "if (arrived || redelivered) {",
    replace: "if (arrived) {",
    tests: ["test/unit/engine/outbox.test.js"],
  },
  {
    mechanism: "the escrow-proportion check skips the records only when the tally's Failures are below the minimum",
    file: "shared/engine/quarantineOnEscrowProportion.js",
    find: "if (failures < escrowProportion_1.ESCROW_PROPORTION_MINIMUM)",
    replace: "if (true)",
    tests: ["test/unit/engine/escrowProportionQuarantine.test.js"],
  },
];

const dist = join(__dirname, "..", "..");
let survived = 0;
for (const m of MUTATIONS) {
  const path = join(dist, m.file);
  const original = readFileSync(path, "utf8");
  const occurrences = original.split(m.find).length - 1;
  if (occurrences !== 1) {
    console.log(`STALE     ${m.mechanism}: the text to mutate occurs ${occurrences} times in ${m.file}`);
    survived++;
    continue;
  }
  try {
    writeFileSync(path, original.replace(m.find, m.replace));
    const started = Date.now();
    const run = spawnSync(process.execPath, ["--test", ...m.tests.map((t) => join(dist, t))], {
      encoding: "utf8",
      timeout: 180_000,
    });
    const failed = /^# fail (\d+)/m.exec(run.stdout)?.[1] ?? "?";
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (run.status === 0) {
      survived++;
      console.log(`SURVIVED  ${m.mechanism} (${m.tests.join(", ")} still pass)`);
    } else console.log(`killed    ${m.mechanism}: ${failed} test(s) failed in ${seconds} s`);
  } finally {
    writeFileSync(path, original);
  }
}
console.log(`mutation check: ${MUTATIONS.length - survived} mechanisms killed their tests, ${survived} survived`);
process.exit(survived === 0 ? 0 : 1);
