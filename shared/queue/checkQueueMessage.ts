import Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import { describeSchemaError } from "../mapping/config/describeSchemaError";
import type { MessageOf, QueueKey } from "./queueCatalog";
import { QUEUE_CATALOG } from "./queueCatalog";

export type QueueMessageCheck<K extends QueueKey> =
  { ok: true; message: MessageOf<K> } | { ok: false; problem: string };

/** Longest excerpt of a value quoted in a problem (a message may be up to 64 KB). */
const MAX_QUOTE = 120;

const ajv = new Ajv({ strict: true, allErrors: false, verbose: true });
const validators = new Map<string, ValidateFunction>();

/** The compiled validator of a message kind, compiled once per process. */
function validatorFor(key: QueueKey, kind: string): ValidateFunction | undefined {
  const id = `${key}/${kind}`;
  let validate = validators.get(id);
  if (!validate) {
    const found = QUEUE_CATALOG[key].messages.find((m) => m.kind === kind);
    if (!found) return undefined;
    validate = ajv.compile(found.schema);
    validators.set(id, validate);
  }
  return validate;
}

/** A value quoted for a problem: JSON, shortened to MAX_QUOTE characters. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}… (${text.length} characters)` : text;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `${typeof value} ${quote(value)}`;
}

/**
 * Checks a queue message (as the trigger received it, decoded) against the schema of its kind in the catalog. The
 * problem, when there is one, is the first schema error in words (field and what is wrong), with values shortened.
 */
export function checkQueueMessage<K extends QueueKey>(key: K, payload: unknown): QueueMessageCheck<K> {
  const kinds = QUEUE_CATALOG[key].messages.map((m) => m.kind);
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { ok: false, problem: `the message must be a JSON object, not ${describeValue(payload)}.` };
  }
  const kind = (payload as { kind?: unknown }).kind;
  const validate = typeof kind === "string" ? validatorFor(key, kind) : undefined;
  if (!validate) {
    const expected = kinds.map((k) => JSON.stringify(k)).join(" or ");
    const actual = kind === undefined ? "missing" : describeValue(kind);
    return { ok: false, problem: `kind: must be ${expected}, not ${actual}.` };
  }
  if (validate(payload)) return { ok: true, message: payload as MessageOf<K> };
  const [first] = validate.errors ?? [];
  const problem = first ? describeSchemaError({ ...first, data: shorten(first.data) }) : "the message is invalid.";
  return { ok: false, problem };
}

/** Long strings in an error's data are shortened so a problem never quotes a large value in full. */
function shorten(data: unknown): unknown {
  return typeof data === "string" && data.length > MAX_QUOTE ? `${data.slice(0, MAX_QUOTE)}…` : data;
}
