/** The outcome of one notification POST: delivered on any 2xx answered within the timeout. */
export interface PostOutcome {
  delivered: boolean;
  /** The status answered, if any. */
  status?: number;
  /** Why it failed ("timeout", "HTTP 500", a connection error), when it did. */
  reason?: string;
}

/**
 * POSTs a notification collection ({"value":[...]}) as Graph does: JSON, no redirects followed, and an answer expected
 * within `timeoutMs` (Graph: 3 s). Never throws.
 */
export async function postNotification(
  url: string,
  body: unknown,
  timeoutMs: number,
  closing: AbortSignal,
): Promise<PostOutcome> {
  if (closing.aborted) return { delivered: false, reason: "emulator closed" };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onClose = (): void => controller.abort();
  closing.addEventListener("abort", onClose, { once: true });
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: controller.signal,
    });
    await res.body?.cancel().catch(() => undefined);
    const delivered = res.status >= 200 && res.status < 300;
    return delivered
      ? { delivered, status: res.status }
      : { delivered, status: res.status, reason: `HTTP ${res.status}` };
  } catch (e) {
    if (timedOut) return { delivered: false, reason: "timeout" };
    return { delivered: false, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
    closing.removeEventListener("abort", onClose);
  }
}
