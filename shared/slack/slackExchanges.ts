import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One HTTP exchange with Slack's SCIM API as an on-demand run shows it: what was sent and what came back. The
 * Authorization header is never part of it, and the token is redacted from every text (ScimSlackTarget redacts first).
 */
export interface SlackExchange {
  method: string;
  /** Path below the SCIM base URL, with its query (e.g. "/Users?filter=…" or "/Users/U123"). */
  path: string;
  /** The HTTP status, or 0 when no answer arrived (timeout, network error: see `error`). */
  status: number;
  durationMs: number;
  /** The JSON body sent, when there was one (a string when it was cut at MAX_BODY_CHARS). */
  requestBody?: unknown;
  /** The body answered: JSON when it parses, else its text (cut at MAX_BODY_CHARS); absent when empty. */
  responseBody?: unknown;
  /** Why no answer arrived. */
  error?: string;
}

/** The longest body text kept per exchange (a group of thousands of members is cut, with its length said). */
export const MAX_BODY_CHARS = 16_384;

/** The recordings open in an asynchronous context, innermost first. */
interface Recording {
  into: SlackExchange[];
  outer?: Recording;
}

const recorder = new AsyncLocalStorage<Recording>();

/**
 * Runs `work` and appends to `into` every Slack exchange made by it (and by what it awaits), however many other
 * requests the same Slack target serves meanwhile for other callers: the recording follows the asynchronous context
 * (AsyncLocalStorage), not the target. A nested recording (a provisioning run's, inside an on-demand request's) sees
 * only the exchanges made inside it, and each of them is also appended to every enclosing recording. `into` keeps
 * what was recorded even when `work` throws.
 */
export function recordSlackExchanges<T>(into: SlackExchange[], work: () => Promise<T>): Promise<T> {
  const outer = recorder.getStore();
  return recorder.run(outer ? { into, outer } : { into }, work);
}

/** Whether the current asynchronous context records Slack exchanges (so the target builds them only then). */
export function recordingSlackExchanges(): boolean {
  return recorder.getStore() !== undefined;
}

/** Adds one exchange to the current recording, if any. Texts are expected redacted already. */
export function noteSlackExchange(exchange: {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestText?: string;
  responseText?: string;
  error?: string;
}): void {
  const recording = recorder.getStore();
  if (!recording) return;
  const requestBody = bodyOf(exchange.requestText);
  const responseBody = bodyOf(exchange.responseText);
  const noted: SlackExchange = {
    method: exchange.method,
    path: exchange.path,
    status: exchange.status,
    durationMs: exchange.durationMs,
    ...(requestBody !== undefined ? { requestBody } : {}),
    ...(responseBody !== undefined ? { responseBody } : {}),
    ...(exchange.error !== undefined ? { error: exchange.error } : {}),
  };
  for (let r: Recording | undefined = recording; r; r = r.outer) r.into.push(noted);
}

/** Pure: a body as shown: parsed JSON, else the text; cut at MAX_BODY_CHARS; undefined when empty. */
export function bodyOf(text: string | undefined): unknown {
  if (text === undefined || text.trim() === "") return undefined;
  if (text.length > MAX_BODY_CHARS) {
    return `${text.slice(0, MAX_BODY_CHARS)}… (cut: ${text.length} characters in all)`;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
