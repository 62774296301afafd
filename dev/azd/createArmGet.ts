import type { TokenCredential } from "@azure/identity";
import type { ArmGet } from "./checkSlackTokenSecret";

export interface ArmGetOptions {
  /** Azure Resource Manager's endpoint (the public cloud's by default). */
  endpoint?: string;
  /** Per request, token included. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * An ArmGet that sends a bearer token of `credential` for Azure Resource Manager. Never throws: a failed token, a
 * network error, a timeout or a body that is not JSON come back as `{ failed }`, which the seed decision treats as
 * "cannot tell".
 */
export function createArmGet(credential: TokenCredential, options: ArmGetOptions = {}): ArmGet {
  const endpoint = (options.endpoint ?? "https://management.azure.com").replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const fetchFn = options.fetch ?? fetch;
  return async (path) => {
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const token = await credential.getToken(`${endpoint}/.default`, { abortSignal: signal });
      if (!token) return { failed: "no Azure Resource Manager token (is `azd auth login` done?)" };
      const response = await fetchFn(`${endpoint}${path}`, {
        headers: { authorization: `Bearer ${token.token}`, accept: "application/json" },
        signal,
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        return { failed: `HTTP ${response.status} with a body that is not JSON` };
      }
      return { status: response.status, body };
    } catch (err) {
      return { failed: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
  };
}
