import type { HttpRequest } from "@azure/functions";
import { RequestBodyTooLargeError } from "./RequestBodyTooLargeError";

/** The largest request body the operator API reads (a mapping file is a few kilobytes). */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024;

/**
 * Reads a request body as UTF-8 text, at most `maxBytes`: a larger Content-Length is refused before anything is read,
 * and a body that turns out larger (chunked, or a lying header) is refused as soon as the limit is passed, without
 * buffering the rest. Throws RequestBodyTooLargeError (answered 413).
 */
export async function readBoundedText(request: HttpRequest, maxBytes = MAX_REQUEST_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new RequestBodyTooLargeError(maxBytes);
  const body = request.body;
  if (!body) return "";
  // The platform's body is a web ReadableStream of bytes (its type says `any` chunks).
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new RequestBodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
