import { randomUUID } from "node:crypto";
import { loadSettings } from "../../shared/config/Settings";
import { CycleStarter } from "../../shared/engine/CycleStarter";
import type { StartCycleResult } from "../../shared/engine/CycleStarter";
import { cycleReport } from "../../shared/engine/CycleStatus";
import type { CycleReport } from "../../shared/engine/CycleStatus";
import { DeltaPageProcessor } from "../../shared/engine/DeltaPageProcessor";
import type { EngineContext } from "../../shared/engine/EngineContext";
import type { Logger } from "../../shared/engine/Logger";
import { requeueOnRetryable } from "../../shared/engine/requeueOnRetryable";
import { UserProvisioner } from "../../shared/engine/UserProvisioner";
import type {
  DeltaPageMessage,
  GroupsDeltaPageMessage,
  ProvisionGroupMessage,
  ProvisionUserMessage,
} from "../../shared/queue/messages";
import { GroupPageProcessor } from "../../shared/engine/GroupPageProcessor";
import { GroupProvisioner } from "../../shared/engine/GroupProvisioner";

type HarnessMessage = DeltaPageMessage | GroupsDeltaPageMessage | ProvisionUserMessage | ProvisionGroupMessage;
import { QUEUES } from "../../shared/queue/messages";
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
  private provisioner!: UserProvisioner;
  private groupProvisioner!: GroupProvisioner;

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
      ...this.options.settings,
    };
    const settings = loadSettings(this.settings);
    this.storage = createStorageClients(settings.storage);
    const ctx = createEngineContext(settings, this.log);
    this.ctx = this.options.customize ? this.options.customize(ctx) : ctx;
    this.provisioner = new UserProvisioner(this.ctx);
    this.groupProvisioner = new GroupProvisioner(this.ctx);
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
   * Processes queued messages (delta pages first, then provisioning) until both queues stay empty, including
   * messages re-queued with a delay (up to `timeoutMs`). Each message is deleted only after its handler returned.
   */
  async drain(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pages = await this.storage.ensureQueue(QUEUES.deltaPages);
    const work = await this.storage.ensureQueue(QUEUES.provisionUsers);
    const groupWork = await this.storage.ensureQueue(QUEUES.provisionGroups);
    for (;;) {
      let handled = 0;
      for (const [queue, name] of [
        [pages, QUEUES.deltaPages],
        [work, QUEUES.provisionUsers],
        [groupWork, QUEUES.provisionGroups],
      ] as const) {
        const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
        await Promise.all(
          receivedMessageItems.map(async (m) => {
            const msg = JSON.parse(Buffer.from(m.messageText, "base64").toString("utf8")) as
              DeltaPageMessage | ProvisionUserMessage;
            await this.dispatch(name, msg);
            await queue.deleteMessage(m.messageId, m.popReceipt);
          }),
        );
        handled += receivedMessageItems.length;
      }
      if (handled === 0) {
        const counts = await Promise.all([pages, work, groupWork].map((q) => q.getProperties()));
        if (counts.every((c) => (c.approximateMessagesCount ?? 0) === 0)) return;
        if (Date.now() > deadline) throw new Error("drain: messages still queued at the deadline");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Handles one message exactly as the queue functions do. */
  async dispatch(queue: string, msg: HarnessMessage): Promise<void> {
    if (queue === QUEUES.deltaPages) {
      const m = msg as DeltaPageMessage | GroupsDeltaPageMessage;
      await requeueOnRetryable(this.ctx.queue, QUEUES.deltaPages, m, this.log, async () => {
        if (m.kind === "groupsDeltaPage") await new GroupPageProcessor(this.ctx).process(m);
        else await new DeltaPageProcessor(this.ctx).process(m);
      });
    } else if (queue === QUEUES.provisionGroups) {
      const m = msg as ProvisionGroupMessage;
      await requeueOnRetryable(this.ctx.queue, QUEUES.provisionGroups, m, this.log, async () => {
        await this.groupProvisioner.provision(m);
      });
    } else {
      const m = msg as ProvisionUserMessage;
      await requeueOnRetryable(this.ctx.queue, QUEUES.provisionUsers, m, this.log, async () => {
        await this.provisioner.provision(m);
      });
    }
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
