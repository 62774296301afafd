import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./adminRoutes";
import {
  DEFAULT_SLACK_EMULATOR_CLIENT_ID,
  DEFAULT_SLACK_EMULATOR_CLIENT_SECRET,
  DEFAULT_SLACK_EMULATOR_TOKEN,
} from "./constants";
import { readBody, send, v2Error } from "./http";
import type { Reply } from "./http";
import { handleOAuth, isOAuthPath } from "./oauthRoutes";
import { handleWebApi, isWebApiPath } from "./webApiRoutes";
import type { OAuthAppCredentials } from "./SlackOAuth";
import type { RateLimitSetting } from "./rateLimits";
import { handleScim } from "./scimRoutes";
import { SlackEmulatorStore } from "./SlackEmulatorStore";

export interface SlackEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The bearer token the emulator accepts (default DEFAULT_SLACK_EMULATOR_TOKEN). */
  token?: string;
  /** "slack" (default): Slack's §5 buckets and per-resource write lock; "off"; or overrides of the figures. */
  rateLimits?: RateLimitSetting;
  /** Enterprise Grid: users get W… ids (default false: U… ids). */
  grid?: boolean;
  /** Channel names; a userName equal to one is username_taken. */
  channelNames?: string[];
  /** How long every SCIM write holds its resource lock, in ms (default 0). */
  writeLatencyMs?: number;
  /** The Slack app whose OAuth the emulator plays (default DEFAULT_SLACK_EMULATOR_CLIENT_ID and _SECRET). */
  oauth?: Partial<OAuthAppCredentials>;
}

export interface SlackEmulator {
  /** SCIM v2 base URL: http://127.0.0.1:PORT/scim/v2 */
  url: string;
  /** http://127.0.0.1:PORT (the admin API is under /_admin). */
  origin: string;
  port: number;
  /** The bearer token it starts with (OAuth adds more). */
  token: string;
  /** The Slack app's credentials its OAuth accepts (the app's SLACK_CLIENT_ID and SLACK_CLIENT_SECRET). */
  oauth: OAuthAppCredentials;
  /** In-process twin of the /_admin API. */
  store: SlackEmulatorStore;
  close(): Promise<void>;
}

/** Starts the Slack SCIM emulator on 127.0.0.1 and resolves once it listens. */
export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const token = options.token ?? DEFAULT_SLACK_EMULATOR_TOKEN;
  const oauth: OAuthAppCredentials = {
    clientId: options.oauth?.clientId ?? DEFAULT_SLACK_EMULATOR_CLIENT_ID,
    clientSecret: options.oauth?.clientSecret ?? DEFAULT_SLACK_EMULATOR_CLIENT_SECRET,
  };
  const store = new SlackEmulatorStore("http://127.0.0.1/scim/v2", {
    grid: options.grid ?? false,
    channelNames: options.channelNames ?? [],
    rateLimits: options.rateLimits ?? "slack",
    token,
    writeLatencyMs: options.writeLatencyMs ?? 0,
    oauth,
  });
  const closing = new AbortController();
  let scimBaseUrl = "";

  const server = createServer((req, res) => {
    const started = new Date();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    void (async () => {
      const rawBody = await readBody(req);
      let reply: Reply;
      try {
        if (url.pathname.startsWith("/_admin")) {
          send(res, handleAdmin(store, method, url.pathname, rawBody));
          return;
        }
        if (isWebApiPath(url.pathname)) {
          reply = handleWebApi(
            store,
            method,
            url,
            { authorization: req.headers.authorization, contentType: req.headers["content-type"] },
            rawBody,
          );
          const tokenLabel = store.tokens.labelOf(req.headers.authorization);
          store.log.record(
            {
              method,
              path: url.pathname,
              status: reply.status,
              time: started.toISOString(),
              ...(tokenLabel !== undefined ? { token: tokenLabel } : {}),
            },
            undefined,
          );
          send(res, reply);
          return;
        }
        if (isOAuthPath(url.pathname)) {
          reply = handleOAuth(
            store.oauth,
            method,
            url,
            { authorization: req.headers.authorization, contentType: req.headers["content-type"] },
            rawBody,
          );
          // The form carries the client secret and the code: never logged.
          store.log.record(
            { method, path: url.pathname, status: reply.status, time: started.toISOString() },
            undefined,
          );
          send(res, reply);
          return;
        }
        reply = await handleScim(
          { store, scimBaseUrl, signal: closing.signal },
          method,
          url,
          req.headers.authorization,
          rawBody,
        );
      } catch (e) {
        reply = v2Error(500, `internal_error (${e instanceof Error ? e.message : String(e)})`);
      }
      const isWrite = method !== "GET" && method !== "HEAD";
      const tokenLabel = store.tokens.labelOf(req.headers.authorization);
      store.log.record(
        {
          method,
          path: url.pathname + url.search,
          status: reply.status,
          time: started.toISOString(),
          ...(tokenLabel !== undefined ? { token: tokenLabel } : {}),
        },
        isWrite ? rawBody : undefined,
      );
      send(res, reply);
    })().catch(() => {
      send(res, v2Error(500, "internal_error"));
    });
  });
  // Keep idle connections open longer than a client's pool does (as Slack's load balancers do). With Node's 5 s default,
  // a test that blocks the loop while seeding thousands of users could have the server close a pooled connection just
  // as the client sends a POST on it (ECONNRESET, which a non-idempotent request must not retry).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  scimBaseUrl = `${origin}/scim/v2`;
  store.directory.setBaseUrl(scimBaseUrl);

  return {
    url: scimBaseUrl,
    origin,
    port,
    token,
    oauth,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
