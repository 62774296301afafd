/** One request the emulator answered. The Authorization header is never recorded. */
export interface RequestLogEntry {
  method: string;
  /** Path and query, e.g. /scim/v2/Users?filter=… */
  path: string;
  status: number;
  /** For SCIM requests: the label of the token that authorized it ("initial", "oauth-1", …), never the token. */
  token?: string;
  /** ISO 8601 time the request arrived. */
  time: string;
  /** For SCIM writes: the request body (parsed JSON, or the raw text if it was not JSON), tokens redacted. */
  body?: unknown;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly redact: (text: string) => string) {}

  record(entry: Omit<RequestLogEntry, "body">, rawBody: string | undefined): void {
    const e: RequestLogEntry = { ...entry };
    if (rawBody !== undefined && rawBody !== "") {
      const text = this.redact(rawBody);
      try {
        e.body = JSON.parse(text) as unknown;
      } catch {
        e.body = text;
      }
    }
    this.entries.push(e);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
