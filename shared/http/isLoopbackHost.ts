/**
 * Whether a URL's hostname is this machine: `localhost`, an address in 127.0.0.0/8, or `::1` (with or without the
 * brackets a URL puts around it). Plain http is allowed only to such hosts (the local emulators).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
