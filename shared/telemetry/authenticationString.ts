/**
 * Reads APPLICATIONINSIGHTS_AUTHENTICATION_STRING (`Authorization=AAD;ClientId=<managed identity client id>`), the
 * Functions convention for Entra-authenticated ingestion when the component has local auth disabled. Returns whether
 * Entra auth is requested and with which user-assigned identity; undefined when unset or not AAD.
 */
export function parseAuthenticationString(value: string | undefined): { clientId?: string } | undefined {
  if (!value?.trim()) return undefined;
  const pairs = new Map<string, string>();
  for (const part of value.split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    pairs.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  if (pairs.get("authorization")?.toUpperCase() !== "AAD") return undefined;
  const clientId = pairs.get("clientid");
  return clientId ? { clientId } : {};
}
