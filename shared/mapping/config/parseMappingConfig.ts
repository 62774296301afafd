import Ajv from "ajv/dist/2019";
import type { ValidateFunction } from "ajv";
import { parseDocument } from "yaml";
import type { AttributeMapping, GroupMapping, MappingFlow, MappingSource, UserMapping } from "../AttributeMapping";
import { DEFAULT_GROUP_MAPPING } from "../DEFAULT_GROUP_MAPPING";
import { groupMappingProblems } from "../groupMappingProblems";
import { userMappingProblems } from "../validateUserMapping";
import type { ScopingFilter } from "../../scope/filters/ScopingFilter";
import { describeSchemaError } from "./describeSchemaError";
import type { MappingConfig, MappingFileFormat } from "./MappingConfig";
import { MappingFileError } from "./MappingFileError";
import { MAPPING_FILE_SCHEMA } from "./mappingFileSchema";

/** The file's shape once the schema has accepted it. */
interface FileSource {
  attribute?: string;
  item?: number;
  constant?: string;
  expression?: string;
}
interface FileAttribute {
  target: string;
  source: FileSource;
  flow?: MappingFlow;
  defaultValue?: string;
  matching?: number;
  sensitive?: boolean;
}
interface FileShape {
  version: 1;
  users: { attributes: FileAttribute[]; scopingFilters?: ScopingFilter[] };
  groups?: { attributes: FileAttribute[]; scopingFilters?: ScopingFilter[] };
}

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(MAPPING_FILE_SCHEMA);
  return validator;
}

function toSource(s: FileSource, path: string, problems: string[]): MappingSource {
  const given = (["attribute", "constant", "expression"] as const).filter((k) => s[k] !== undefined);
  if (given.length !== 1) {
    problems.push(
      `${path}: give exactly one of "attribute", "constant" or "expression"${given.length > 1 ? `, not ${given.map((g) => `"${g}"`).join(" and ")}` : ""}.`,
    );
  }
  if (s.expression !== undefined) return { kind: "expression", expression: s.expression };
  if (s.constant !== undefined) return { kind: "constant", value: s.constant };
  if (s.item !== undefined) return { kind: "itemOf", name: s.attribute ?? "", index: s.item };
  return { kind: "attribute", name: s.attribute ?? "" };
}

function toAttributes(list: readonly FileAttribute[], path: string, problems: string[]): AttributeMapping[] {
  return list.map((a, i) => {
    const mapping: AttributeMapping = {
      target: a.target,
      source: toSource(a.source, `${path}[${i}].source`, problems),
      flow: a.flow ?? "always",
    };
    if (a.matching !== undefined) mapping.matching = a.matching;
    if (a.defaultValue !== undefined) mapping.defaultValue = a.defaultValue;
    if (a.sensitive === true) mapping.sensitive = true;
    return mapping;
  });
}

/** The most alias (`*name`) expansions a mapping file may use. */
const MAX_YAML_ALIASES = 100;

function parseText(text: string, format: MappingFileFormat): { data?: unknown; problems: string[] } {
  if (format === "json") {
    try {
      return { data: JSON.parse(text) as unknown, problems: [] };
    } catch (e) {
      return { problems: [`not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { problems: doc.errors.map((e) => `not valid YAML: ${e.message}`) };
  try {
    // An alias bomb ("billion laughs") expands exponentially: the library refuses more than MAX_YAML_ALIASES uses.
    return { data: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown, problems: [] };
  } catch (e) {
    return {
      problems: [
        `not usable YAML: ${e instanceof Error ? e.message : String(e)} (at most ${MAX_YAML_ALIASES} alias uses)`,
      ],
    };
  }
}

/**
 * Parses and validates the text of a mapping file. Three layers, each reporting every problem it finds:
 * syntax (JSON/YAML, with line and column), the JSON Schema (each message names the field path, such as
 * `users.attributes[3].flow`, and says what is wrong), then the semantic checks of userMappingProblems (targets,
 * matching, expressions with column and caret, scoping filters) and groupMappingProblems. `flow` defaults to
 * "always"; `groups` defaults to DEFAULT_GROUP_MAPPING. `scopingFilters` is kept only when the file lists it.
 * Throws MappingFileError; pure.
 */
export function parseMappingConfig(text: string, format: MappingFileFormat, fileName = "(mapping)"): MappingConfig {
  const parsed = parseText(text, format);
  if (parsed.data === undefined || parsed.problems.length > 0) throw new MappingFileError(fileName, parsed.problems);
  const check = validate();
  if (!check(parsed.data)) throw new MappingFileError(fileName, (check.errors ?? []).map(describeSchemaError));
  const file = parsed.data as FileShape;
  const problems: string[] = [];
  const users: UserMapping = { attributes: toAttributes(file.users.attributes, "users.attributes", problems) };
  if (file.users.scopingFilters !== undefined) users.scopingFilters = file.users.scopingFilters;
  const groups: GroupMapping =
    file.groups === undefined
      ? DEFAULT_GROUP_MAPPING
      : { attributes: toAttributes(file.groups.attributes, "groups.attributes", problems) };
  if (file.groups?.scopingFilters !== undefined) groups.scopingFilters = file.groups.scopingFilters;
  if (problems.length === 0) {
    problems.push(...userMappingProblems(users).map((p) => `users: ${p}`));
    problems.push(...groupMappingProblems(groups).map((p) => `groups: ${p}`));
  }
  if (problems.length > 0) throw new MappingFileError(fileName, problems);
  return { version: 1, users, groups };
}
