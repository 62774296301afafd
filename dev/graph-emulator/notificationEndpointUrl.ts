import { GraphProblem } from "./GraphProblem";

/** Hosts the emulator lets use plain http (Graph itself requires https everywhere). */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Checks a notificationUrl or lifecycleNotificationUrl as Graph does: an absolute https URL. For local use the emulator
 * also accepts http on a loopback host. Returns the URL as given (Graph keeps its query string and sends it back).
 */
export function checkNotificationEndpoint(
  property: "notificationUrl" | "lifecycleNotificationUrl",
  raw: string,
): string {
  const label = property === "notificationUrl" ? "notification" : "lifecycle notification";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GraphProblem(400, "InvalidRequest", `Invalid ${label} url='${raw}'.`);
  }
  const scheme = url.protocol.replace(/:$/, "");
  const name = property === "notificationUrl" ? "NotificationUrl" : "LifecycleNotificationUrl";
  if (scheme === "https") return raw;
  if (scheme === "http" && LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) return raw;
  throw new GraphProblem(400, "InvalidRequest", `${name} scheme='${scheme}' is not supported.`);
}
