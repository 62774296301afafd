/** One HTTP request as an adapter sends it (the body already serialized). */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** The part of a response the adapters read. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The HTTP port of the Slack adapter: sends one request, resolves with the response whatever its status, rejects only
 * when no response arrived (network error, abort/timeout: an Error named "TimeoutError" or "AbortError").
 */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;
