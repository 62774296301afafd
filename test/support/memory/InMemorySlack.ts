import { fromScimError, v2Error } from "../../../dev/slack-emulator/http";
import type { Reply } from "../../../dev/slack-emulator/http";
import { ScimError } from "../../../dev/slack-emulator/ScimError";
import { handleScim } from "../../../dev/slack-emulator/scimRoutes";
import type { SlackDirectory } from "../../../dev/slack-emulator/SlackDirectory";
import { SlackEmulatorStore } from "../../../dev/slack-emulator/SlackEmulatorStore";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../shared/http/HttpClient";
import { ScimSlackTarget } from "../../../shared/slack/ScimSlackTarget";

/** One request the target sent: method, path below the SCIM base (with query) and the parsed body. */
export interface InMemorySlackRequest {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * A scripted failure: the next `times` (default 1) requests matching `method` and a `pathContains` substring answer
 * `status` with Slack's error `code` (default `injected_fault`).
 */
export interface InMemorySlackFault {
  method?: string;
  /** Matched against the request's path and its body (so a create can be failed by the userName it sends). */
  pathContains?: string;
  status: number;
  code?: string;
  times?: number;
  /** For a 429: the Retry-After, in seconds (default 1). */
  retryAfterSeconds?: number;
}

const BASE = "https://slack.test/scim/v2";
const TOKEN = "xoxp-in-memory-test-token";

/**
 * The product's own Slack adapter (ScimSlackTarget: request building, paging, error mapping) over an in-process HTTP
 * client that hands each request to the Slack emulator's SCIM handler (Slack's rules, error bodies and status codes),
 * without a socket. Retries are off, so an injected fault surfaces at once, as after the real target's last retry.
 * `requests` logs every request sent; `directory` is the emulator's directory, to seed and inspect.
 */
export class InMemorySlack extends ScimSlackTarget {
  readonly store: SlackEmulatorStore;
  readonly directory: SlackDirectory;
  readonly requests: InMemorySlackRequest[];
  /** The token the target sends (the emulator's initial token). */
  readonly bearerToken = TOKEN;
  private readonly faults: { fault: InMemorySlackFault; left: number }[];

  constructor(options: { grid?: boolean; channelNames?: readonly string[] } = {}) {
    const store = new SlackEmulatorStore(BASE, {
      grid: options.grid ?? false,
      channelNames: options.channelNames ?? [],
      rateLimits: "off",
      token: TOKEN,
      writeLatencyMs: 0,
    });
    const requests: InMemorySlackRequest[] = [];
    const faults: { fault: InMemorySlackFault; left: number }[] = [];
    super({
      scimBaseUrl: BASE,
      token: TOKEN,
      maxWritesPerMinute: 1_000_000,
      maxReadsPerMinute: 1_000_000,
      retry: { maxTransientAttempts: 1, maxThrottleRetries: 0 },
      http: inProcessHttp(store, requests, faults),
    });
    this.store = store;
    this.directory = store.directory;
    this.requests = requests;
    this.faults = faults;
  }

  injectFault(fault: InMemorySlackFault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /** The write requests (POST, PATCH, PUT, DELETE) sent so far. */
  writeRequests(): InMemorySlackRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }
}

/** An HttpClient that logs the request, answers a scripted fault, or lets the emulator's SCIM handler answer it. */
function inProcessHttp(
  store: SlackEmulatorStore,
  requests: InMemorySlackRequest[],
  faults: { fault: InMemorySlackFault; left: number }[],
): HttpClient {
  const closing = new AbortController();
  return async (request: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(request.url);
    const path = request.url.slice(BASE.length);
    const body = request.body === undefined ? undefined : (JSON.parse(request.body) as unknown);
    requests.push({ method: request.method, path, ...(body === undefined ? {} : { body }) });
    const fault = takeFault(faults, request.method, `${path} ${request.body ?? ""}`);
    const reply: Reply = fault
      ? fromScimError(
          new ScimError(
            fault.status,
            fault.code ?? "injected_fault",
            `status=${fault.status}`,
            fault.retryAfterSeconds,
          ),
        )
      : await handleScim(
          { store, scimBaseUrl: BASE, signal: closing.signal },
          request.method,
          url,
          request.headers.authorization,
          request.body ?? "",
        ).catch((e: unknown) => v2Error(500, `internal_error (${e instanceof Error ? e.message : String(e)})`));
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    const headers = new Map(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: reply.status,
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      text: () => Promise.resolve(text),
    };
  };
}

function takeFault(
  faults: { fault: InMemorySlackFault; left: number }[],
  method: string,
  path: string,
): InMemorySlackFault | undefined {
  const hit = faults.find(
    ({ fault, left }) =>
      left > 0 &&
      (fault.method === undefined || fault.method === method) &&
      (fault.pathContains === undefined || path.includes(fault.pathContains)),
  );
  if (!hit) return undefined;
  hit.left -= 1;
  if (hit.left === 0) faults.splice(faults.indexOf(hit), 1);
  return hit.fault;
}
