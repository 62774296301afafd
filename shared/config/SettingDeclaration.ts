/**
 * The declaration of one app setting in SETTINGS_CATALOG: its name, what kind of value it holds, its default or the
 * hint shown when a required one is missing, and what it means. loadSettings reads every value through its
 * declaration (readSetting), and the README table, the Bicep app settings and local.settings.example.json are
 * checked against the declarations, so a name, a default or a bound is written once.
 */
export type SettingDeclaration = SettingBasics & SettingRequirement & SettingKind;

interface SettingBasics {
  /** The app setting (environment variable) name. */
  readonly name: string;
  /** What it means; the README's settings table says the same in its own words. */
  readonly description: string;
  /**
   * Set when the Functions host itself needs the setting, whatever the loader's default: a binding expression such
   * as the timer's `%SYNC_SCHEDULE%` is resolved by the host, which does not load the function when it is unset.
   * Such a setting must be set by the Bicep and in local.settings.example.json. The text says why.
   */
  readonly hostRequires?: string;
}

/** A required setting has no default, and a hint saying where to find its value when it is missing. */
type SettingRequirement =
  | { readonly required: true; readonly missingHint: string; readonly default?: undefined }
  | { readonly required: false; readonly missingHint?: undefined };

/** What kind of value the setting holds, and its default (absent: the value is undefined when unset). */
type SettingKind =
  | { readonly kind: "string"; readonly default?: string }
  /** An absolute http(s) URL; trailing slashes are dropped. */
  | { readonly kind: "url"; readonly default?: string }
  | { readonly kind: "wholeNumber"; readonly min: number; readonly max: number; readonly default: number }
  /** true/1/yes or false/0/no, any case. */
  | { readonly kind: "flag"; readonly default: boolean }
  /** One of `values`, any case (read as written in `values`). */
  | { readonly kind: "choice"; readonly values: readonly string[]; readonly default: string };

/** The value a setting of this declaration has once read: a string, a number or a boolean. */
export type SettingValue<D extends SettingDeclaration> = D extends { kind: "wholeNumber" }
  ? number
  : D extends { kind: "flag" }
    ? boolean
    : D extends { kind: "choice"; values: readonly (infer V)[] }
      ? V
      : string;

/** What readSetting returns for a declaration: undefined is possible only without a default and not required. */
export type ReadSettingResult<D extends SettingDeclaration> = D extends { required: true }
  ? SettingValue<D>
  : D extends { default: string | number | boolean }
    ? SettingValue<D>
    : SettingValue<D> | undefined;
