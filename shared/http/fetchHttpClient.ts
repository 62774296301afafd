import type { HttpClient } from "./HttpClient";

/** The default HttpClient: Node's global fetch. */
export const fetchHttpClient: HttpClient = (request) =>
  fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
