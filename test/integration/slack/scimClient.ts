/** A bare SCIM client for emulator tests: raw status, headers and JSON body, no retries. */
export interface RawReply {
  status: number;
  headers: Headers;
  // The body is whatever JSON the emulator answered; tests inspect it field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper reads arbitrary JSON shapes
  body: any;
}

export function scimClient(baseUrl: string, token: string | undefined) {
  return async (method: string, path: string, body?: unknown): Promise<RawReply> => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  };
}
