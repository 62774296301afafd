import type { DequeuedMessageItem, QueueClient } from "@azure/storage-queue";
import { setTimeout as sleep } from "node:timers/promises";
import { describeError } from "../../shared/errors";
import type { FunctionDefinition } from "../../shared/hosting/registerFunction";
import { decodeQueueMessage } from "../../shared/queue/queueMessageEncoding";
import type { StorageClients } from "../../shared/storage/createStorageClients";
import type { FunctionCounters } from "./FunctionCounters";
import type { QueueHostConfig } from "./hostJson";
import type { HostLogSink } from "./hostLog";
import { runInvocation } from "./runInvocation";

export type QueueDefinition = Extract<FunctionDefinition, { kind: "queue" }>;

export interface QueueListenerOptions {
  config: QueueHostConfig;
  sink: HostLogSink;
  counters: FunctionCounters;
  /** Visibility timeout while a message is processed; renewed at half-time while the handler runs (default 10 min). */
  receiveVisibilityMs?: number;
  /** First back-off delay when the queue is empty (default 100 ms). */
  minPollingIntervalMs?: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Polls one queue for one queue-triggered function with the Functions host's semantics (host.json
 * extensions.queues): batches of batchSize, a new batch when in-flight messages drop to newBatchThreshold (so at
 * most batchSize + newBatchThreshold run at once), exponential back-off up to maxPollingInterval when empty,
 * delete on success, visibilityTimeout before a retry on failure, and after maxDequeueCount failed dequeues the
 * original message text moves to `<queue>-poison`.
 */
export class QueueListener {
  readonly counters: FunctionCounters;
  private readonly config: QueueHostConfig;
  private readonly sink: HostLogSink;
  private readonly receiveVisibilityMs: number;
  private readonly minPollMs: number;
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly renewals = new Set<NodeJS.Timeout>();
  private slotFreed: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private loopStarted = false;
  private loopEnded = false;
  private queue!: QueueClient;
  private poison!: QueueClient;

  constructor(
    private readonly def: QueueDefinition,
    private readonly clients: StorageClients,
    options: QueueListenerOptions,
  ) {
    this.config = options.config;
    this.sink = options.sink;
    this.counters = options.counters;
    this.receiveVisibilityMs = options.receiveVisibilityMs ?? 10 * 60_000;
    this.minPollMs = Math.min(options.minPollingIntervalMs ?? 100, this.config.maxPollingIntervalMs);
  }

  get name(): string {
    return this.def.name;
  }

  get poisonQueueName(): string {
    return `${this.def.queueName}-poison`;
  }

  /** Creates the queue and its poison queue if missing, then starts polling. */
  async start(): Promise<void> {
    [this.queue, this.poison] = await Promise.all([
      this.clients.ensureQueue(this.def.queueName),
      this.clients.ensureQueue(this.poisonQueueName),
    ]);
    this.loopStarted = true;
    this.loopDone = this.loop().finally(() => (this.loopEnded = true));
  }

  /** Stops polling and waits (up to the deadline) for the messages being processed. */
  async stop(deadline: Promise<void>): Promise<void> {
    this.abort.abort();
    this.slotFreed?.();
    await this.loopDone;
    await Promise.race([Promise.all(this.inFlight), deadline]);
    for (const t of this.renewals) clearInterval(t);
    this.renewals.clear();
  }

  /** True from start until the polling loop has ended (stop() resolves only after it has). */
  get polling(): boolean {
    return this.loopStarted && !this.loopEnded;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    const { batchSize, newBatchThreshold } = this.config;
    const maxConcurrent = batchSize + newBatchThreshold;
    let backoff = this.minPollMs;
    while (!this.stopped) {
      if (this.inFlight.size > newBatchThreshold || this.inFlight.size >= maxConcurrent) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      let messages: DequeuedMessageItem[];
      try {
        const response = await this.queue.receiveMessages({
          numberOfMessages: Math.min(batchSize, maxConcurrent - this.inFlight.size, 32),
          visibilityTimeout: seconds(this.receiveVisibilityMs),
          abortSignal: this.abort.signal,
        });
        messages = response.receivedMessageItems;
      } catch (e) {
        if (this.stopped) break;
        const { code, message } = describeError(e);
        this.log("warning", `Polling queue '${this.def.queueName}' failed: ${code}: ${message}`);
        messages = [];
      }
      if (messages.length === 0) {
        if (!(await this.pause(backoff))) break;
        backoff = Math.min(backoff * 2, this.config.maxPollingIntervalMs);
        continue;
      }
      backoff = this.minPollMs;
      for (const m of messages) {
        const p: Promise<void> = this.process(m).finally(() => {
          this.inFlight.delete(p);
          const wake = this.slotFreed;
          this.slotFreed = undefined;
          wake?.();
        });
        this.inFlight.add(p);
      }
    }
  }

  /** Sleeps unless stopped; false when stopped. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.abort.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async process(m: DequeuedMessageItem): Promise<void> {
    try {
      if (m.dequeueCount > this.config.maxDequeueCount) {
        // Dequeued more often than allowed without a recorded failure (the host crashed mid-invocation).
        await this.moveToPoison(m, m.popReceipt);
        return;
      }
      const renewal = this.renewWhileRunning(m);
      const outcome = await runInvocation({
        functionName: this.def.name,
        trigger: {
          type: "queueTrigger",
          name: "queueItem",
          queueName: this.def.queueName,
          connection: this.def.connection,
        },
        triggerMetadata: {
          id: m.messageId,
          dequeueCount: m.dequeueCount,
          insertionTime: m.insertedOn.toISOString(),
          expirationTime: m.expiresOn.toISOString(),
          nextVisibleTime: m.nextVisibleOn.toISOString(),
          popReceipt: m.popReceipt,
          queueTrigger: m.messageText,
        },
        reason: `New queue message detected on '${this.def.queueName}'.`,
        sink: this.sink,
        counters: this.counters,
        call: (context) => this.def.handler(decodeQueueMessage(m.messageText, this.config.messageEncoding), context),
      });
      const popReceipt = await renewal.finish();
      if (outcome.ok) {
        await this.queue.deleteMessage(m.messageId, popReceipt);
      } else if (m.dequeueCount >= this.config.maxDequeueCount) {
        await this.moveToPoison(m, popReceipt);
      } else {
        await this.queue.updateMessage(m.messageId, popReceipt, undefined, seconds(this.config.visibilityTimeoutMs));
      }
    } catch (e) {
      // Storage failed while completing the message; it becomes visible again when its visibility timeout ends.
      const { code, message } = describeError(e);
      this.log("warning", `Completing message ${m.messageId} on '${this.def.queueName}' failed: ${code}: ${message}`);
    }
  }

  private async moveToPoison(m: DequeuedMessageItem, popReceipt: string): Promise<void> {
    this.log(
      "warning",
      `Message ${m.messageId} has reached MaxDequeueCount of ${this.config.maxDequeueCount}. ` +
        `Moving message to queue '${this.poisonQueueName}'.`,
    );
    await this.poison.sendMessage(m.messageText, { messageTimeToLive: -1 });
    await this.queue.deleteMessage(m.messageId, popReceipt);
    this.counters.poisoned++;
  }

  /** Keeps the message invisible while the handler runs (renewing at half the receive visibility timeout). */
  private renewWhileRunning(m: DequeuedMessageItem): { finish(): Promise<string> } {
    let popReceipt = m.popReceipt;
    let pending: Promise<void> = Promise.resolve();
    const timer = setInterval(
      () => {
        pending = pending.then(async () => {
          try {
            const r = await this.queue.updateMessage(
              m.messageId,
              popReceipt,
              undefined,
              seconds(this.receiveVisibilityMs),
            );
            if (r.popReceipt) popReceipt = r.popReceipt;
          } catch (e) {
            const { code, message } = describeError(e);
            this.log(
              "warning",
              `Renewing message ${m.messageId} on '${this.def.queueName}' failed: ${code}: ${message}`,
            );
          }
        });
      },
      Math.max(500, this.receiveVisibilityMs / 2),
    );
    timer.unref();
    this.renewals.add(timer);
    return {
      finish: async () => {
        clearInterval(timer);
        this.renewals.delete(timer);
        await pending;
        return popReceipt;
      },
    };
  }

  private log(level: "warning" | "error" | "information", message: string): void {
    this.sink({ level, message, functionName: this.def.name });
  }
}
