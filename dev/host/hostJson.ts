import { readFileSync } from "node:fs";

/** The parts of host.json the local host honours, with the Functions host's defaults filled in. */
export interface HostConfig {
  /** host.json functionTimeout, in ms (default 30 min, Flex Consumption's default). */
  functionTimeoutMs: number;
  /** extensions.http.routePrefix (default "api"). */
  routePrefix: string;
  queues: QueueHostConfig;
}

export interface QueueHostConfig {
  /** Messages fetched per poll (default 16, at most 32). */
  batchSize: number;
  /** Fetch a new batch when in-flight messages drop to this (default batchSize / 2). */
  newBatchThreshold: number;
  /** Dequeues before a failing message moves to `<queue>-poison` (default 5). */
  maxDequeueCount: number;
  /** Delay before a failed message becomes visible again, in ms (default 0). */
  visibilityTimeoutMs: number;
  /** Ceiling of the empty-queue polling back-off, in ms (default 60 000, at least 100). */
  maxPollingIntervalMs: number;
  messageEncoding: "base64" | "none";
}

/** Parses a .NET TimeSpan string as host.json uses them ("hh:mm:ss", "hh:mm:ss.fff", "d.hh:mm:ss") into ms. */
export function parseTimeSpan(value: string): number {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(value.trim());
  if (!m) throw new Error(`"${value}" is not a TimeSpan (expected hh:mm:ss).`);
  const [, days, hours, minutes, seconds, fraction] = m;
  const ms =
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds ?? 0) * 1000 +
    Math.round(Number(`0.${fraction ?? "0"}`) * 1000);
  return ms;
}

function objectAt(parent: unknown, key: string): Record<string, unknown> {
  if (parent && typeof parent === "object" && !Array.isArray(parent)) {
    const v = (parent as Record<string, unknown>)[key];
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  }
  return {};
}

function intSetting(obj: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`host.json extensions.queues.${key} must be a whole number from ${min} to ${max}.`);
  }
  return v;
}

function timeSetting(obj: Record<string, unknown>, key: string, fallbackMs: number, where: string): number {
  const v = obj[key];
  if (v === undefined) return fallbackMs;
  if (typeof v !== "string") throw new Error(`host.json ${where}${key} must be a TimeSpan string such as "00:00:10".`);
  return parseTimeSpan(v);
}

/** Parses host.json content (already JSON-parsed) into HostConfig. Throws on malformed values. */
export function parseHostJson(json: unknown): HostConfig {
  const root = json && typeof json === "object" ? (json as Record<string, unknown>) : {};
  const extensions = objectAt(root, "extensions");
  const q = objectAt(extensions, "queues");
  const http = objectAt(extensions, "http");

  const batchSize = intSetting(q, "batchSize", 16, 1, 32);
  const encoding = q.messageEncoding ?? "base64";
  if (encoding !== "base64" && encoding !== "none") {
    throw new Error('host.json extensions.queues.messageEncoding must be "base64" or "none".');
  }
  const routePrefix = typeof http.routePrefix === "string" ? http.routePrefix.replace(/^\/+|\/+$/g, "") : "api";
  const functionTimeoutMs =
    root.functionTimeout === undefined || root.functionTimeout === null
      ? 30 * 60_000
      : timeSetting(root, "functionTimeout", 30 * 60_000, "");
  return {
    functionTimeoutMs,
    routePrefix,
    queues: {
      batchSize,
      newBatchThreshold: intSetting(q, "newBatchThreshold", Math.floor(batchSize / 2), 0, 1000),
      maxDequeueCount: intSetting(q, "maxDequeueCount", 5, 1, 1000),
      visibilityTimeoutMs: timeSetting(q, "visibilityTimeout", 0, "extensions.queues."),
      maxPollingIntervalMs: Math.max(100, timeSetting(q, "maxPollingInterval", 60_000, "extensions.queues.")),
      messageEncoding: encoding,
    },
  };
}

/** Reads and parses a host.json file. */
export function readHostJson(path: string): HostConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`Cannot read host.json at ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseHostJson(json);
}
