/** How many arguments a function takes. `pairsAfter`: arguments after that many come in key/value pairs (Switch). */
export interface FunctionSignature {
  name: string;
  minArgs: number;
  maxArgs: number;
  pairsAfter?: number;
  /** Parameter names, for messages and documentation. The last one repeats when maxArgs is unbounded. */
  params: readonly string[];
}

function sig(name: string, params: readonly string[], minArgs: number, maxArgs = minArgs, pairsAfter?: number) {
  const s: FunctionSignature = { name, minArgs, maxArgs, params };
  if (pairsAfter !== undefined) s.pairsAfter = pairsAfter;
  return s;
}

/**
 * Every function the evaluator implements, with Entra's parameter lists. And/Or are ours (Entra's IIF has no AND/OR).
 * Names are case-sensitive, as in Entra.
 */
export const FUNCTION_SIGNATURES: readonly FunctionSignature[] = [
  sig("Append", ["source", "suffix"], 2),
  sig("AppRoleAssignmentsComplex", ["appRoleAssignments"], 1),
  sig("And", ["condition"], 2, Infinity),
  sig("BitAnd", ["value1", "value2"], 2),
  sig("CBool", ["expression"], 1),
  sig("CDate", ["expression"], 1),
  sig("Coalesce", ["source"], 1, Infinity),
  sig("ConvertToBase64", ["source"], 1),
  sig("ConvertToUTF8Hex", ["source"], 1),
  sig("Count", ["attribute"], 1),
  sig("CStr", ["value"], 1),
  sig("DateAdd", ["interval", "value", "dateTime"], 3),
  sig("DateDiff", ["interval", "date1", "date2"], 3),
  sig("DateFromNum", ["value"], 1),
  sig("FormatDateTime", ["source", "dateTimeStyles", "inputFormat", "outputFormat"], 4),
  sig("Guid", [], 0),
  sig("IgnoreFlowIfNullOrEmpty", ["expression"], 1),
  sig("IIF", ["condition", "valueIfTrue", "valueIfFalse"], 3),
  sig("InStr", ["value1", "value2", "start", "compareType"], 2, 4),
  sig("IsNull", ["expression"], 1),
  sig("IsNullOrEmpty", ["expression"], 1),
  sig("IsPresent", ["expression"], 1),
  sig("IsString", ["expression"], 1),
  sig("Item", ["attribute", "index"], 2),
  sig("Join", ["separator", "source"], 2, Infinity),
  sig("Left", ["string", "numChars"], 2),
  sig("Mid", ["source", "start", "length"], 3),
  sig("NormalizeDiacritics", ["source"], 1),
  sig("Not", ["source"], 1),
  sig("Now", [], 0),
  sig("NumFromDate", ["value"], 1),
  sig("Or", ["condition"], 2, Infinity),
  sig("PCase", ["source", "wordSeparators"], 1, 2),
  sig(
    "RandomString",
    ["length", "minimumNumbers", "minimumSpecialCharacters", "minimumCapital", "minimumLowerCase", "charactersToAvoid"],
    5,
    6,
  ),
  sig("Redact", ["value"], 1),
  sig("RemoveDuplicates", ["attribute"], 1),
  sig(
    "Replace",
    [
      "source",
      "oldValue",
      "regexPattern",
      "regexGroupName",
      "replacementValue",
      "replacementAttributeName",
      "template",
    ],
    3,
    7,
  ),
  sig("SelectUniqueValue", ["uniqueValueRule"], 2, Infinity),
  sig("SingleAppRoleAssignment", ["appRoleAssignments"], 1),
  sig("Split", ["source", "delimiter"], 2),
  sig("StripSpaces", ["source"], 1),
  sig("Switch", ["source", "defaultValue", "key", "value"], 4, Infinity, 2),
  sig("ToLower", ["source", "culture"], 1, 2),
  sig("ToUpper", ["source", "culture"], 1, 2),
  sig("Word", ["string", "wordNumber", "delimiters"], 3),
];

const BY_NAME: ReadonlyMap<string, FunctionSignature> = new Map(FUNCTION_SIGNATURES.map((s) => [s.name, s]));

/** The signature of a function by its exact (case-sensitive) name. */
export function functionSignature(name: string): FunctionSignature | undefined {
  return BY_NAME.get(name);
}

/** A function whose name matches ignoring case (for "did you mean" hints). */
export function functionNamedLike(name: string): FunctionSignature | undefined {
  const lower = name.toLowerCase();
  return FUNCTION_SIGNATURES.find((s) => s.name.toLowerCase() === lower);
}

/** The problem with calling `s` with `count` arguments, or undefined when the count is fine. */
export function arityProblem(s: FunctionSignature, count: number): string | undefined {
  const range =
    s.maxArgs === Infinity
      ? `at least ${s.minArgs}`
      : s.minArgs === s.maxArgs
        ? `${s.minArgs}`
        : `${s.minArgs} to ${s.maxArgs}`;
  if (count < s.minArgs || count > s.maxArgs) {
    const shape = `${s.name}(${s.params.join(", ")}${s.maxArgs === Infinity ? ", …" : ""})`;
    return `${s.name} takes ${range} argument${range === "1" ? "" : "s"} (${shape}), but ${count} ${count === 1 ? "was" : "were"} given.`;
  }
  if (s.pairsAfter !== undefined && (count - s.pairsAfter) % 2 !== 0) {
    return `${s.name} needs its keys and values in pairs after the first ${s.pairsAfter} arguments; one value is missing.`;
  }
  return undefined;
}
