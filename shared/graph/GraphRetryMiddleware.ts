import { setTimeout as delay } from "node:timers/promises";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { HttpRetryBudget } from "../retry/HttpRetryBudget";
import type { HttpRetryOptions } from "../retry/HttpRetryOptions";
import { parseRetryAfter } from "../retry/parseRetryAfter";

/** The answers Graph asks to be retried after a wait (throttling, and a service busy or timing out). */
const RETRY_AFTER_STATUSES = new Set([429, 503, 504]);

/**
 * The retry step of the Graph client's middleware chain, on the same per-call budget as the Slack adapter
 * (HttpRetryBudget): a 429, 503 or 504 is retried after the Retry-After Graph sent (or a growing backoff) while the
 * budget lasts; then the answer is passed on, and classifyGraphError turns it into ThrottledError or TransientError
 * for the queue's retry policy. Connection failures and timeouts are the GraphHttpHandler's, on the same budget type.
 */
export class GraphRetryMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly options: HttpRetryOptions) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error("GraphRetryMiddleware has no next middleware.");
    const budget = new HttpRetryBudget(this.options);
    for (;;) {
      await this.next.execute(context);
      const res = context.response;
      if (!res || !RETRY_AFTER_STATUSES.has(res.status)) return;
      const { waitMs, retry } = budget.throttled(parseRetryAfter(res.headers.get("retry-after")));
      if (!retry) return;
      await res.arrayBuffer().catch(() => undefined); // free the connection before the next attempt
      await delay(waitMs);
    }
  }
}
