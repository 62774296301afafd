import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`): the browser tests drive it, nothing is downloaded. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags that keep the browser off the network and quiet: no updates, sync, metrics, extensions or QUIC. */
const OFFLINE_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--metrics-recording-only",
  "--no-default-browser-check",
];

/** Why the browser tests cannot run here, or undefined when Chromium is installed. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) to run the browser tests`;
}

/** Starts headless Chromium with a fresh temporary profile (Playwright's own, removed on close). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: OFFLINE_ARGS, headless: true, timeout: 60_000 });
}
