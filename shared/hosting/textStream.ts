/** Characters gathered before a chunk is handed on (fewer, larger writes than one per CSV line). */
const CHUNK_CHARS = 64 * 1024;

/**
 * A byte stream (UTF-8) of the texts `chunks` yields, read only as the consumer pulls (backpressure): about
 * CHUNK_CHARS characters are held at a time. An error of `chunks` errors the stream.
 */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let pending = "";
      while (pending.length < CHUNK_CHARS) {
        const next = await iterator.next();
        if (next.done) {
          if (pending) controller.enqueue(encoder.encode(pending));
          controller.close();
          return;
        }
        pending += next.value;
      }
      controller.enqueue(encoder.encode(pending));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
