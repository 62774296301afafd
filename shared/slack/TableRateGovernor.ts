import type { TableClient, TableEntityResult, TransactionAction } from "@azure/data-tables";
import { odata } from "@azure/data-tables";
import { setTimeout as delay } from "node:timers/promises";
import { ThrottledError, TransientError } from "../errors";
import { isConflict, isPreconditionFailed } from "../state/tableErrors";
import type { GovernorState, Reservation } from "./gcra";
import { pauseUntil, reserveMany } from "./gcra";
import type { RateGovernor } from "./RateGovernor";
import type { GovernorLimits, SlackBucket } from "./slackRateLimits";

// A type alias, not an interface: the transaction API wants an entity with an index signature.
type BucketRow = {
  partitionKey: string;
  rowKey: string;
  /** GCRA theoretical arrival time (bucket rows) or the pause's end (the pause row), ms since the epoch. */
  at: number;
};

const PAUSE_ROW = "~pause";

interface Waiter {
  buckets: readonly SlackBucket[];
  resolve: (r: Reservation) => void;
  reject: (e: unknown) => void;
}

export interface TableRateGovernorOptions {
  /** Partition of the governor's rows: every instance of one job shares it (and so Slack's limits). */
  partitionKey: string;
  limits: GovernorLimits;
  /** The longest a request may be held back; beyond, ThrottledError gives the work back to the queue. */
  maxWaitMs: number;
  /** Attempts at one reservation when other instances keep winning the race (each a read and a transaction). */
  maxAttempts?: number;
  now?: () => number;
  /** Told of every send time reserved (tests check them against the limits; telemetry may count waits). */
  onReservation?: (buckets: readonly SlackBucket[], at: number) => void;
  /** Told when a pause could not be shared with the other instances (this process still pauses). */
  onPauseNotShared?: (error: unknown) => void;
}

/**
 * The rate governor every instance shares, in Table Storage: one row per bucket holding its GCRA state and a pause
 * row, all in one partition. A reservation reads the partition (a dozen rows at most), computes the send times and
 * writes the new state in one entity-group transaction guarded by the rows' ETags, so two instances can never both
 * take the same token: the loser reads again. Requests of one process that arrive while a reservation is in flight
 * are reserved together in the next one (one round trip for many requests), so the table sees a few operations per
 * batch, not per request. A Retry-After from any instance is written to the pause row and holds everyone back.
 */
export class TableRateGovernor implements RateGovernor {
  private readonly waiting: Waiter[] = [];
  private flushing = false;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  /** This process's own copy of the pause, in force even when writing it to the table failed. */
  private localNotBefore = 0;

  constructor(
    private readonly table: () => Promise<TableClient>,
    private readonly options: TableRateGovernorOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 20;
    this.now = options.now ?? Date.now;
  }

  async acquire(buckets: readonly SlackBucket[]): Promise<void> {
    const reservation = await new Promise<Reservation>((resolve, reject) => {
      this.waiting.push({ buckets, resolve, reject });
      if (!this.flushing) void this.flush();
    });
    if ("tooLongMs" in reservation) throw new ThrottledError("slack", reservation.tooLongMs);
    const wait = Math.max(reservation.at, this.localNotBefore) - this.now();
    if (wait > 0) await delay(Math.ceil(wait));
  }

  async pause(ms: number): Promise<void> {
    this.localNotBefore = Math.max(this.localNotBefore, this.now() + ms);
    try {
      await this.update((state, now) => ({ state: pauseUntil(state, now + ms), result: undefined }));
    } catch (e) {
      this.options.onPauseNotShared?.(e);
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, 50);
        try {
          const reservations = await this.update((state, now) => {
            const r = reserveMany(
              state,
              this.options.limits,
              batch.map((w) => w.buckets),
              now,
              this.options.maxWaitMs,
            );
            return { state: r.state, result: r.reservations };
          });
          batch.forEach((w, i) => {
            const r = reservations[i];
            if (r && "at" in r) this.options.onReservation?.(w.buckets, r.at);
            if (r) w.resolve(r);
            else w.reject(new Error("The rate governor lost a reservation."));
          });
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Reads the partition, applies `change`, and writes the rows it changed under their ETags; again on a lost race. */
  private async update<T>(
    change: (state: GovernorState, now: number) => { state: GovernorState; result: T },
  ): Promise<T> {
    const client = await this.table();
    const pk = this.options.partitionKey;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const rows = new Map<string, TableEntityResult<BucketRow>>();
      for await (const row of client.listEntities<BucketRow>({
        queryOptions: { filter: odata`PartitionKey eq ${pk}` },
      })) {
        rows.set(row.rowKey, row);
      }
      const state: GovernorState = { tats: {}, notBefore: rows.get(PAUSE_ROW)?.at ?? 0 };
      for (const [key, row] of rows) if (key !== PAUSE_ROW) state.tats[key as SlackBucket] = row.at;
      const { state: next, result } = change(state, this.now());
      const actions: TransactionAction[] = [];
      const put = (rowKey: string, before: number | undefined, at: number | undefined) => {
        if (at === undefined || at === before) return;
        const existing = rows.get(rowKey);
        const entity: BucketRow = { partitionKey: pk, rowKey, at };
        actions.push(existing ? ["update", entity, "Replace", { etag: existing.etag }] : ["create", entity]);
      };
      for (const [bucket, at] of Object.entries(next.tats)) put(bucket, state.tats[bucket as SlackBucket], at);
      put(
        PAUSE_ROW,
        state.notBefore === 0 ? undefined : state.notBefore,
        next.notBefore === 0 ? undefined : next.notBefore,
      );
      if (actions.length === 0) return result;
      try {
        await client.submitTransaction(actions);
        return result;
      } catch (e) {
        // Another instance wrote a row between our read and our write (412), or created it first (409).
        if (!isPreconditionFailed(e) && !isConflict(e)) throw e;
        await delay(Math.random() * Math.min(50, 2 * attempt));
      }
    }
    throw new TransientError(
      "RateGovernorContended",
      `The shared Slack rate governor stayed contended for ${this.maxAttempts} attempts; the work will be retried.`,
    );
  }
}
