import { GraphClientError } from "@microsoft/microsoft-graph-client";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { TransientError } from "../errors";
import { HttpRetryBudget } from "../retry/HttpRetryBudget";
import type { HttpRetryOptions } from "../retry/HttpRetryOptions";
import { toPhysicalUrl } from "./graphLinks";
import { requestUrlOf } from "./requestUrlOf";

export interface GraphHttpHandlerOptions {
  /** Settings.graph.baseUrl: the only host requests may go to. */
  baseUrl: string;
  /**
   * Per-attempt timeout (requestTimeoutMs), attempts after connection failures and timeouts (maxTransientAttempts)
   * and the backoff between them. Throttling answers are the GraphRetryMiddleware's business.
   */
  retry: HttpRetryOptions;
}

/**
 * The final handler of the Graph client's middleware chain: maps the logical URL onto the configured Graph base,
 * refuses any other host, applies a per-request timeout (AbortSignal) and retries connection failures and timeouts a
 * bounded number of times before throwing a TransientError (wrapped in a GraphClientError so the client passes it on).
 */
export class GraphHttpHandler implements Middleware {
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphHttpHandlerOptions) {
    this.timeoutMs = options.retry.requestTimeoutMs;
  }

  async execute(context: Context): Promise<void> {
    const logical = requestUrlOf(context);
    let physical: string;
    try {
      physical = toPhysicalUrl(logical, this.options.baseUrl);
    } catch (e) {
      const err = new GraphClientError("Refusing to send a Graph request to an unexpected host.");
      err.customError = e;
      throw err;
    }
    const budget = new HttpRetryBudget(this.options.retry);
    for (;;) {
      try {
        context.response = await fetch(physical, {
          ...context.options,
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: "manual",
        });
        return;
      } catch (e) {
        const waitMs = budget.failed(true);
        if (waitMs === undefined) {
          const attempts = budget.failures;
          const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
          const err = new GraphClientError("Microsoft Graph could not be reached.");
          err.customError = timedOut
            ? new TransientError(
                "GraphTimeout",
                `Microsoft Graph did not answer within ${Math.round(this.timeoutMs / 1000)} s (${attempts} attempts); it will be retried.`,
                { cause: e },
              )
            : new TransientError(
                "GraphConnectionFailed",
                `Could not connect to Microsoft Graph (${attempts} attempts: ${describe(e)}); it will be retried.`,
                { cause: e },
              );
          throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? cause.code : e.message;
}
