import type { GraphEmulator } from "../../../dev/graph-emulator";

export interface GraphAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A Graph request with a bearer token and an optional JSON body; parses the JSON answer (empty → {}). */
export async function graphSend(method: string, url: string, token: string, body?: unknown): Promise<GraphAnswer> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** An ISO time `minutes` from now. */
export function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

/** Graph's error code and message of an answer. */
export function errorOf(answer: GraphAnswer): { code: string; message: string } {
  const e = answer.body.error as { code: string; message: string } | undefined;
  return { code: e?.code ?? "", message: e?.message ?? "" };
}

/** POST /v1.0/subscriptions; throws unless 201. Returns the subscription resource. */
export async function subscribe(
  emu: GraphEmulator,
  token: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown> & { id: string; expirationDateTime: string }> {
  const r = await graphSend("POST", `${emu.url}/v1.0/subscriptions`, token, {
    expirationDateTime: minutesFromNow(60),
    ...body,
  });
  if (r.status !== 201) throw new Error(`subscribe: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, unknown> & { id: string; expirationDateTime: string };
}

/** Deletes every live subscription (test isolation). */
export async function deleteAllSubscriptions(emu: GraphEmulator, token: string): Promise<void> {
  for (const s of emu.directory.listSubscriptions()) {
    await graphSend("DELETE", `${emu.url}/v1.0/subscriptions/${s.id}`, token);
  }
}
