import { randomUUID } from "node:crypto";
import { loadSettings } from "../../shared/config/Settings";
import { CycleStarter } from "../../shared/engine/CycleStarter";
import type { StartCycleResult } from "../../shared/engine/CycleStarter";
import { cycleReport } from "../../shared/engine/CycleStatus";
import type { CycleReport } from "../../shared/engine/CycleStatus";
import type { EngineContext } from "../../shared/engine/EngineContext";
import type { Logger } from "../../shared/engine/Logger";
import { receiveQueueMessage } from "../../shared/engine/receiveQueueMessage";
import type { QueueMessage } from "../../shared/queue/messages";
import { QUEUE_NAMES } from "../../shared/queue/queueCatalog";
import { decodeQueueMessage } from "../../shared/queue/queueMessageEncoding";
import { createEngineContext } from "../../shared/runtime/createEngineContext";
import { createStorageClients } from "../../shared/storage/createStorageClients";
import type { StorageClients } from "../../shared/storage/createStorageClients";
import type { GraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import { startGraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import type { SlackEmulator } from "../../dev/slack-emulator/startSlackEmulator";
import { startSlackEmulator } from "../../dev/slack-emulator/startSlackEmulator";

export interface HarnessOptions {
  connectionString: string;
  /** A unique job id keeps tests in one Azurite apart. */
  jobId?: string;
  deltaPageSize?: number;
  settings?: Record<string, string>;
  /** Replace parts of the wired context (e.g. a Slack target that crashes at a chosen moment). */
  customize?: (ctx: EngineContext) => EngineContext;
}

/** Log lines the engine wrote during the test (to assert that no secret is ever logged). */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(m);
  }
  warn(m: string): void {
    this.lines.push(m);
  }
  error(m: string): void {
    this.lines.push(m);
  }
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The engine in-process against real Azurite and both emulators: the same use cases the functions call, with a `drain`
 * that plays the Functions host's role (receive, dispatch, delete) so a test controls every step.
 */
export class EngineHarness {
  readonly log = new CapturingLogger();
  ctx!: EngineContext;
  graph!: GraphEmulator;
  slack!: SlackEmulator;
  storage!: StorageClients;
  settings!: Record<string, string>;

  constructor(private readonly options: HarnessOptions) {}

  async start(): Promise<this> {
    this.graph = await startGraphEmulator({ deltaPageSize: this.options.deltaPageSize ?? 5 });
    this.slack = await startSlackEmulator({ rateLimits: "off" });
    const jobId = this.options.jobId ?? `job${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    this.settings = {
      AzureWebJobsStorage: this.options.connectionString,
      SYNC_JOB_ID: jobId,
      GRAPH_BASE_URL: this.graph.url,
      GRAPH_AUTHORITY_HOST: this.graph.authorityHost,
      GRAPH_TENANT_ID: this.graph.tenantId,
      GRAPH_CLIENT_ID: this.graph.clientId,
      GRAPH_CLIENT_SECRET: this.graph.clientSecret,
      ENTRA_SERVICE_PRINCIPAL_ID: this.graph.servicePrincipalId,
      SLACK_SCIM_BASE_URL: this.slack.url,
      SLACK_TOKEN: this.slack.token,
      SLACK_MAX_WRITES_PER_MINUTE: "100000",
      SLACK_MAX_READS_PER_MINUTE: "100000",
      USER_LEASE_SECONDS: "2",
      // Test tenants are small: only the absolute limit of the deletion guard applies (its own tests set the rest).
      DEACTIVATION_THRESHOLD_PERCENT: "100",
      ...this.options.settings,
    };
    const settings = loadSettings(this.settings);
    this.storage = createStorageClients(settings.storage);
    const ctx = createEngineContext(settings, this.log);
    this.ctx = this.options.customize ? this.options.customize(ctx) : ctx;
    return this;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.graph?.close(), this.slack?.close()]);
  }

  /** Creates and assigns a user in the Graph emulator. */
  addUser(upn: string, props: Record<string, unknown> = {}, assign = true): string {
    const local = upn.split("@")[0] ?? upn;
    const u = this.graph.directory.createUser({
      userPrincipalName: upn,
      mail: upn,
      displayName: local.replace(/[._]/g, " "),
      givenName: local,
      surname: "Test",
      accountEnabled: true,
      ...props,
    });
    if (assign) this.graph.directory.assign({ principalId: u.id });
    return u.id;
  }

  startCycle(full = false): Promise<StartCycleResult> {
    return new CycleStarter(this.ctx).start({ trigger: "manual", full });
  }

  /** Starts a cycle and drains every queue until the cycle has converged. */
  async runCycle(full = false): Promise<CycleReport> {
    const started = await this.startCycle(full);
    if (!started.started) throw new Error(`cycle not started: ${started.reason}`);
    await this.drain();
    return this.report();
  }

  report(): Promise<CycleReport> {
    return cycleReport(this.ctx);
  }

  /**
   * Processes queued messages (in catalog order: delta pages first, then provisioning) until every queue stays empty,
   * including messages re-queued with a delay (up to `timeoutMs`). Each message is decoded and dispatched as the
   * functions do, and deleted only after its handler returned.
   */
  async drain(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const queues = await Promise.all(
      QUEUE_NAMES.map(async (name) => ({ name, client: await this.storage.ensureQueue(name) })),
    );
    for (;;) {
      let handled = 0;
      for (const { name, client } of queues) {
        const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
        await Promise.all(
          receivedMessageItems.map(async (m) => {
            await this.receive(name, decodeQueueMessage(m.messageText));
            await client.deleteMessage(m.messageId, m.popReceipt);
          }),
        );
        handled += receivedMessageItems.length;
      }
      if (handled === 0) {
        const counts = await Promise.all(queues.map((q) => q.client.getProperties()));
        if (counts.every((c) => (c.approximateMessagesCount ?? 0) === 0)) return;
        if (Date.now() > deadline) throw new Error("drain: messages still queued at the deadline");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /**
   * Handles one message exactly as the queue functions do (validation, the queue's handler from the catalog, re-queue on
   * a retryable error). `queue` may be a poison queue. Handler log lines (the functions' invocation log) are dropped.
   */
  async dispatch(queue: string, msg: QueueMessage): Promise<void> {
    await this.receive(queue, msg);
  }

  /** Like `dispatch`, for a message as the trigger received it (any decoded value, valid or not). */
  async receive(queue: string, payload: unknown): Promise<void> {
    await receiveQueueMessage(this.ctx, queue, payload, silent);
  }

  /** Slack's users as the emulator holds them (including deactivated ones). */
  slackUsers() {
    return this.slack.store.listUsers();
  }

  async link(objectId: string) {
    return (await this.ctx.links.get(this.ctx.jobId, objectId))?.link;
  }

  async slackUserOf(objectId: string) {
    const link = await this.link(objectId);
    return link?.slackId ? this.slack.store.getUser(link.slackId) : undefined;
  }
}
