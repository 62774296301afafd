import { randomInt, randomUUID } from "node:crypto";
import type { CallNode } from "./ExpressionAst";
import type { ExpressionContext } from "./ExpressionContext";
import { ExpressionEvaluationError } from "./ExpressionEvaluationError";
import type { ExpressionValue } from "./ExpressionValue";
import { fromBoolean, isNullOrEmpty, listValue, singleValue } from "./ExpressionValue";
import { ENTRA_DATETIME_FORMAT, formatDotnetDateTime, parseDotnetDateTime } from "./dotnetDateTime";
import { addInterval, dateToFileTime, diffInterval, formatEntraDateTime, parseEntraDateTime } from "./entraDateTime";
import { fileTimeToDate } from "./fileTimeToDate";
import { properCase } from "./properCase";
import { randomString } from "./randomString";
import { normalizeDiacritics } from "./normalizeDiacritics";
import { replaceFunction } from "./replaceFunction";

/** A function whose arguments are all evaluated first (the lazy ones live in evaluateExpression). */
export type StrictFunction = (
  args: readonly ExpressionValue[],
  context: ExpressionContext,
  call: CallNode,
) => ExpressionValue;

function integerArg(name: string, param: string, v: ExpressionValue): number {
  const text = singleValue(v);
  if (text === null || !/^\s*-?\d+\s*$/.test(text)) {
    throw new ExpressionEvaluationError(`${name}: ${param} must be an integer, not ${JSON.stringify(text)}.`);
  }
  return Number(text);
}

const FALSE_TEXT = fromBoolean(false);

/** An integer argument of any size (BitAnd): decimal, or hexadecimal as "&HF7" / "0xF7". */
function bigIntegerArg(name: string, param: string, text: string): bigint {
  const t = text.trim();
  const hex = /^(?:&H|0x)([0-9A-F]{1,16})$/i.exec(t);
  if (hex) return BigInt(`0x${hex[1] ?? "0"}`);
  if (/^-?\d{1,20}$/.test(t)) return BigInt(t);
  throw new ExpressionEvaluationError(`${name}: ${param} must be an integer, not ${JSON.stringify(text)}.`);
}

function caseWith(name: string, source: ExpressionValue, culture: ExpressionValue, upper: boolean): ExpressionValue {
  const s = singleValue(source);
  if (s === null) return null;
  const c = singleValue(culture);
  if (c === null || c === "") return upper ? s.toUpperCase() : s.toLowerCase();
  try {
    return upper ? s.toLocaleUpperCase(c) : s.toLocaleLowerCase(c);
  } catch {
    throw new ExpressionEvaluationError(
      `${name}: ${JSON.stringify(c)} is not a culture name such as "en-US" or "tr-TR".`,
    );
  }
}

/** Applies a string → string function to a value, keeping null; lists are processed item by item. */
function mapText(v: ExpressionValue, f: (s: string) => string): ExpressionValue {
  if (v === null) return null;
  return typeof v === "string" ? f(v) : v.map(f);
}

function utf16leBase64(s: string): string {
  return Buffer.from(s, "utf16le").toString("base64");
}

/**
 * The strictly evaluated functions. Null rule: a null source gives null (the "source is empty" outcome), except
 * where Entra documents otherwise: Left and Word return "" for a null string; Join skips null and empty sources
 * (Join(", ", "", [surname], [givenName]) → "Doe, John") and is null only when every source is empty.
 */
export const STRICT_FUNCTIONS: Readonly<Record<string, StrictFunction>> = {
  Append: ([source, suffix]) => {
    const s = singleValue(source ?? null);
    return s === null ? null : s + (singleValue(suffix ?? null) ?? "");
  },
  Join: ([separator, ...sources]) => {
    const sep = singleValue(separator ?? null) ?? "";
    const parts = sources.flatMap((v) => listValue(v)).filter((x) => x !== "");
    return parts.length === 0 ? null : parts.join(sep);
  },
  Not: ([source]) => {
    const s = singleValue(source ?? null);
    if (s === null) return null;
    return fromBoolean(s.toLowerCase() !== "true");
  },
  ToLower: ([source, culture]) => caseWith("ToLower", source ?? null, culture ?? null, false),
  ToUpper: ([source, culture]) => caseWith("ToUpper", source ?? null, culture ?? null, true),
  StripSpaces: ([source]) => mapText(source ?? null, (s) => s.replace(/ /g, "")),
  NormalizeDiacritics: ([source]) => mapText(source ?? null, normalizeDiacritics),
  Split: ([source, delimiter]) => {
    const s = singleValue(source ?? null);
    if (s === null) return null;
    const d = singleValue(delimiter ?? null) ?? "";
    return d === "" ? [s] : s.split(d);
  },
  Item: ([attribute, index]) => {
    const n = integerArg("Item", "index", index ?? null);
    if (n < 1) throw new ExpressionEvaluationError(`Item: index ${n} is invalid; items are numbered from 1.`);
    const items = listValue(attribute ?? null);
    return items[n - 1] ?? null;
  },
  Count: ([attribute]) => String(listValue(attribute ?? null).length),
  RemoveDuplicates: ([attribute]) => {
    if (attribute === null || attribute === undefined) return null;
    return typeof attribute === "string" ? attribute : [...new Set(attribute)];
  },
  CStr: ([value]) => singleValue(value ?? null),
  Left: ([string, numChars]) => {
    const s = singleValue(string ?? null);
    const n = integerArg("Left", "numChars", numChars ?? null);
    if (s === null || n === 0) return "";
    if (n < 0) return s;
    return Array.from(s).slice(0, n).join("");
  },
  Mid: ([source, start, length]) => {
    const s = singleValue(source ?? null);
    const from = integerArg("Mid", "start", start ?? null);
    const len = integerArg("Mid", "length", length ?? null);
    if (from < 1) throw new ExpressionEvaluationError(`Mid: start ${from} is invalid; the first character is 1.`);
    if (len < 0) throw new ExpressionEvaluationError(`Mid: length ${len} is negative.`);
    if (s === null) return null;
    return Array.from(s)
      .slice(from - 1, from - 1 + len)
      .join("");
  },
  Word: ([string, wordNumber, delimiters]) => {
    const s = singleValue(string ?? null);
    const n = integerArg("Word", "wordNumber", wordNumber ?? null);
    const delims = new Set(Array.from(singleValue(delimiters ?? null) ?? ""));
    if (s === null || n < 1) return "";
    const words: string[] = [];
    let current = "";
    for (const ch of s) {
      if (delims.has(ch)) {
        if (current !== "") words.push(current);
        current = "";
      } else current += ch;
    }
    if (current !== "") words.push(current);
    return words[n - 1] ?? "";
  },
  InStr: ([value1, value2, start, compareType]) => {
    const haystack = singleValue(value1 ?? null);
    const needle = singleValue(value2 ?? null);
    if (haystack === null || needle === null) return null;
    const from = start === null || start === undefined ? 1 : integerArg("InStr", "start", start);
    const text = singleValue(compareType ?? null) === "vbTextCompare";
    const h = text ? haystack.toLowerCase() : haystack;
    const n = text ? needle.toLowerCase() : needle;
    return String(h.indexOf(n, Math.max(0, from - 1)) + 1);
  },
  ConvertToBase64: ([source]) => mapText(source ?? null, utf16leBase64),
  ConvertToUTF8Hex: ([source]) => mapText(source ?? null, (s) => Buffer.from(s, "utf8").toString("hex").toUpperCase()),
  FormatDateTime: ([source, _styles, inputFormat, outputFormat]) => {
    const s = singleValue(source ?? null);
    if (s === null) return null;
    const out = singleValue(outputFormat ?? null);
    if (out === null || out === "") throw new ExpressionEvaluationError("FormatDateTime needs an outputFormat.");
    return formatDotnetDateTime(parseDotnetDateTime(s, singleValue(inputFormat ?? null) ?? ""), out);
  },
  DateFromNum: ([value]) => {
    const s = singleValue(value ?? null);
    if (s === null) return null;
    const date = fileTimeToDate(s);
    return date === undefined ? null : formatDotnetDateTime(date, ENTRA_DATETIME_FORMAT);
  },
  Replace: ([source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttribute, template]) =>
    replaceFunction({
      source: singleValue(source ?? null),
      oldValue: singleValue(oldValue ?? null),
      regexPattern: singleValue(regexPattern ?? null),
      regexGroupName: singleValue(regexGroupName ?? null),
      replacementValue: singleValue(replacementValue ?? null),
      replacementAttribute: singleValue(replacementAttribute ?? null),
      template: singleValue(template ?? null),
    }),
  Guid: (_args, context) => (context.newGuid ?? randomUUID)(),
  SingleAppRoleAssignment: ([assignments]) => {
    const roles = [...new Set(listValue(assignments ?? null))];
    if (roles.length > 1) {
      throw new ExpressionEvaluationError(
        `SingleAppRoleAssignment: the user has ${roles.length} app roles (${roles.join(", ")}); assign exactly one.`,
      );
    }
    return roles[0] ?? null;
  },
  PCase: ([source, wordSeparators]) => {
    const separators = singleValue(wordSeparators ?? null);
    return mapText(source ?? null, (s) => properCase(s, separators));
  },
  CDate: ([expression]) => {
    const s = singleValue(expression ?? null);
    return s === null ? null : formatEntraDateTime(parseEntraDateTime(s));
  },
  Now: (_args, context) => {
    const now = (context.now ?? (() => new Date()))().getTime();
    return formatEntraDateTime({ utcMs: now - (now % 1000), extraTicks: 0 });
  },
  DateAdd: ([interval, value, dateTime]) => {
    const date = singleValue(dateTime ?? null);
    if (date === null) return null;
    const n = integerArg("DateAdd", "value", value ?? null);
    return formatEntraDateTime(addInterval(singleValue(interval ?? null), n, parseEntraDateTime(date)));
  },
  DateDiff: ([interval, date1, date2]) => {
    const a = singleValue(date1 ?? null);
    const b = singleValue(date2 ?? null);
    if (a === null || b === null) return null;
    return String(diffInterval(singleValue(interval ?? null), parseEntraDateTime(a), parseEntraDateTime(b)));
  },
  NumFromDate: ([value]) => {
    const s = singleValue(value ?? null);
    return s === null ? null : dateToFileTime(parseEntraDateTime(s));
  },
  BitAnd: ([value1, value2]) => {
    const a = singleValue(value1 ?? null);
    const b = singleValue(value2 ?? null);
    if (a === null || b === null) return null;
    return (bigIntegerArg("BitAnd", "value1", a) & bigIntegerArg("BitAnd", "value2", b)).toString();
  },
  CBool: ([expression]) => {
    const s = singleValue(expression ?? null);
    if (s === null || s === "") return FALSE_TEXT;
    const t = s.trim();
    if (/^true$/i.test(t)) return fromBoolean(true);
    if (/^false$/i.test(t)) return fromBoolean(false);
    if (/^-?\d+(\.\d+)?$/.test(t)) return fromBoolean(Number(t) !== 0);
    throw new ExpressionEvaluationError(`CBool: ${JSON.stringify(s)} is neither True/False nor a number.`);
  },
  RandomString: ([length, minNumbers, minSpecial, minCapital, minLower, avoid], context) =>
    randomString(
      {
        length: integerArg("RandomString", "Length", length ?? null),
        minNumbers: integerArg("RandomString", "MinimumNumbers", minNumbers ?? null),
        minSpecial: integerArg("RandomString", "MinimumSpecialCharacters", minSpecial ?? null),
        minCapital: integerArg("RandomString", "MinimumCapital", minCapital ?? null),
        minLower: integerArg("RandomString", "MinimumLowerCase", minLower ?? null),
        avoid: singleValue(avoid ?? null) ?? "",
      },
      context.randomInt ?? ((n: number) => randomInt(n)),
    ),
  AppRoleAssignmentsComplex: ([assignments]) => {
    const roles = [...new Set(listValue(assignments ?? null))];
    return roles.length === 0 ? null : roles;
  },
  IsString: ([value]) => fromBoolean(typeof value === "string"),
  IsNull: ([value]) =>
    fromBoolean(value === null || value === undefined || (typeof value !== "string" && value.length === 0)),
  IsNullOrEmpty: ([value]) => fromBoolean(isNullOrEmpty(value ?? null)),
  IsPresent: ([value]) => fromBoolean(!isNullOrEmpty(value ?? null)),
};
