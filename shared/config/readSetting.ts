import { ConfigurationError } from "../errors";
import { isLoopbackHost } from "../http/isLoopbackHost";
import type { Env } from "./Env";
import type { ReadSettingResult, SettingDeclaration } from "./SettingDeclaration";

/**
 * Reads one setting by its catalog declaration: trimmed, an empty value counts as unset; unset gives the default
 * (or undefined, or a ConfigurationError with the hint when required); a set value is checked against the kind.
 * Throws ConfigurationError naming the setting and what it must be.
 */
export function readSetting<const D extends SettingDeclaration>(env: Env, setting: D): ReadSettingResult<D> {
  return readValue(env, setting) as ReadSettingResult<D>;
}

function readValue(env: Env, setting: SettingDeclaration): string | number | boolean | undefined {
  const raw = env[setting.name]?.trim() || undefined;
  if (raw === undefined && setting.required) {
    throw new ConfigurationError(`The setting ${setting.name} is missing. ${setting.missingHint}`);
  }
  switch (setting.kind) {
    case "string":
      return raw ?? setting.default;
    case "url": {
      const text = raw ?? setting.default;
      return text === undefined ? undefined : parseUrl(setting.name, text);
    }
    case "wholeNumber":
      return raw === undefined ? setting.default : parseWholeNumber(setting.name, raw, setting);
    case "flag":
      return raw === undefined ? setting.default : parseFlag(setting.name, raw);
    case "choice":
      return raw === undefined ? setting.default : parseChoice(setting.name, raw, setting.values);
  }
}

function parseChoice(name: string, raw: string, values: readonly string[]): string {
  const found = values.find((v) => v.toLowerCase() === raw.toLowerCase());
  if (found === undefined) {
    throw new ConfigurationError(`The setting ${name} must be ${values.join(" or ")}; it is "${raw}".`);
  }
  return found;
}

function parseWholeNumber(name: string, raw: string, bounds: { min: number; max: number }): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw new ConfigurationError(
      `The setting ${name} must be a whole number from ${bounds.min} to ${bounds.max}; it is "${raw}".`,
    );
  }
  return n;
}

function parseFlag(name: string, raw: string): boolean {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigurationError(`The setting ${name} must be true or false; it is "${raw}".`);
}

function parseUrl(name: string, raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigurationError(`The setting ${name} must be an absolute http(s) URL; it is "${raw}".`);
  }
  // Plain http would send the Slack token or the Graph bearer token in clear text: only to this machine.
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && isLoopbackHost(parsed.hostname))) {
    throw new ConfigurationError(
      `The setting ${name} must use https (http only on loopback: localhost, 127.0.0.0/8, [::1]); it is "${raw}".`,
    );
  }
  return raw.replace(/\/+$/, "");
}
