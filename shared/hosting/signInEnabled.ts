/**
 * Whether App Service Authentication (Entra ID sign-in) stands in front of this app, so that the
 * `x-ms-client-principal` header comes from the platform and can be trusted. App Service sets `WEBSITE_AUTH_ENABLED`
 * to "True" when authentication is on, and then strips any client-sent `x-ms-client-principal*` header before it
 * injects its own; the local host (dev/host) plays the same part. Without it the header could be forged, so the
 * sign-in routes refuse every request (fail closed) and only the automation routes (function keys) work.
 */
export function signInEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.WEBSITE_AUTH_ENABLED ?? "").trim().toLowerCase() === "true";
}
