import type { SettingDeclaration } from "./SettingDeclaration";

/** A setting's default as it is written in the environment, the README and Bicep parameters ("150", "true"). */
export function defaultText(setting: SettingDeclaration): string | undefined {
  return setting.default === undefined ? undefined : String(setting.default);
}
