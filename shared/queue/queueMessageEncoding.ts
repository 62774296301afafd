import { ProvisioningError } from "../errors";

/** Azure Queue Storage's limit on a message, counted on the (base64) text as sent. */
export const MAX_QUEUE_MESSAGE_BYTES = 64 * 1024;

/**
 * JSON → base64, matching host.json `messageEncoding: "base64"`. Throws a non-retryable `QueueMessageTooLarge` error
 * when the encoded message would exceed 64 KB (the service would reject it with 413).
 */
export function encodeQueueMessage(queue: string, message: unknown): string {
  const encoded = Buffer.from(JSON.stringify(message), "utf8").toString("base64");
  const bytes = Buffer.byteLength(encoded, "utf8");
  if (bytes > MAX_QUEUE_MESSAGE_BYTES) {
    throw new ProvisioningError(
      "QueueMessageTooLarge",
      `A message for queue ${queue} is ${bytes} bytes once encoded; Azure Queue Storage accepts at most ` +
        `${MAX_QUEUE_MESSAGE_BYTES}. Send a reference to the data instead of the data.`,
      { retryable: false },
    );
  }
  return encoded;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * What the Functions host hands a queue trigger: base64-decoded text (when `encoding` is "base64"), then parsed JSON
 * if the text is JSON, else the text itself. Throws when the text is not valid base64 (the host fails the invocation,
 * so the message eventually reaches the poison queue).
 */
export function decodeQueueMessage(text: string, encoding: "base64" | "none" = "base64"): unknown {
  let decoded = text;
  if (encoding === "base64") {
    const compact = text.replace(/\s+/g, "");
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
      throw new ProvisioningError(
        "QueueMessageNotBase64",
        "The queue message is not valid base64, but host.json extensions.queues.messageEncoding is base64.",
      );
    }
    decoded = Buffer.from(compact, "base64").toString("utf8");
  }
  try {
    return JSON.parse(decoded) as unknown;
  } catch {
    return decoded;
  }
}
