import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/identity";

/** A secret version as the fake keeps it. */
interface Version {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
}

/** What a test sees of a request to the fake (never the bearer token). */
export interface VaultRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  authorized: boolean;
}

export interface FakeKeyVault {
  /** http://127.0.0.1:PORT (stands for https://<vault>.vault.azure.net). */
  url: string;
  /** A credential whose token the fake accepts, recording the scopes asked for. */
  credential: TokenCredential & { scopes: string[] };
  /** The identity's rights, as Key Vault Secrets User (read) and Secrets Officer (read and write) give them. */
  allow: { read: boolean; write: boolean };
  versions(name: string): readonly Version[];
  requests: VaultRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for Key Vault's secrets REST API on loopback, enough for the app's token store: `GET /secrets/{name}`
 * (the latest version, or 404 SecretNotFound) and `PUT /secrets/{name}` (a new version), each needing
 * `api-version` and the bearer token of its credential (401 otherwise) and the right (403 ForbiddenByRbac otherwise),
 * with Key Vault's body shapes.
 */
export async function startFakeKeyVault(): Promise<FakeKeyVault> {
  const accepted = `kv-${randomBytes(8).toString("hex")}`;
  const store = new Map<string, Version[]>();
  const requests: VaultRequest[] = [];
  const allow = { read: true, write: true };
  let origin = "";
  const error = (status: number, code: string, message: string, inner?: string) => ({
    status,
    body: { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } },
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const method = req.method ?? "GET";
      const authorized = req.headers.authorization === `Bearer ${accepted}`;
      requests.push({ method, path: url.pathname, apiVersion: url.searchParams.get("api-version"), authorized });
      const m = /^\/secrets\/([0-9A-Za-z-]+)\/?$/.exec(url.pathname);
      let answer: { status: number; body: unknown };
      if (!authorized) answer = error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
      else if (!url.searchParams.get("api-version")) answer = error(400, "BadParameter", "api-version is missing");
      else if (!m?.[1]) answer = error(404, "NotFound", "no such route");
      else if (method === "GET") {
        const latest = store.get(m[1])?.at(-1);
        answer = !allow.read
          ? error(403, "Forbidden", "Caller is not authorized to perform action on resource.", "ForbiddenByRbac")
          : latest
            ? { status: 200, body: bundle(m[1], latest) }
            : error(404, "SecretNotFound", `A secret with (name/id) ${m[1]} was not found in this key vault.`);
      } else if (method === "PUT") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Partial<Version>;
        if (!allow.write) {
          answer = error(
            403,
            "Forbidden",
            "Caller is not authorized to perform action on resource.",
            "ForbiddenByRbac",
          );
        } else if (typeof body.value !== "string") {
          answer = error(400, "BadParameter", "value is required");
        } else {
          const version: Version = {
            version: randomBytes(16).toString("hex"),
            value: body.value,
            ...(body.contentType ? { contentType: body.contentType } : {}),
            ...(body.tags ? { tags: body.tags } : {}),
          };
          store.set(m[1], [...(store.get(m[1]) ?? []), version]);
          answer = { status: 200, body: bundle(m[1], version) };
        }
      } else answer = error(405, "MethodNotAllowed", method);
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" }).end(text);
    });
  });
  const bundle = (name: string, v: Version) => ({
    value: v.value,
    id: `${origin}/secrets/${name}/${v.version}`,
    attributes: { enabled: true, recoveryLevel: "Recoverable+Purgeable" },
    ...(v.contentType ? { contentType: v.contentType } : {}),
    ...(v.tags ? { tags: v.tags } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scopes: string[] = [];
  const credential = {
    scopes,
    getToken: (scope: string | string[]): Promise<AccessToken> => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return Promise.resolve({ token: accepted, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
  return {
    url: origin,
    credential,
    allow,
    versions: (name) => store.get(name) ?? [],
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
