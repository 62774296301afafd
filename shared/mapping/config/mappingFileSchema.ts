import { MAX_EXPRESSION_LENGTH } from "../expressions/tokenizeExpression";
import { SCOPING_OPERATORS } from "../../scope/filters/ScopingFilter";

const source = {
  type: "object",
  description: "Exactly one of attribute (optionally with item), constant or expression.",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    attribute: { type: "string", minLength: 1 },
    item: { type: "integer", minimum: 1 },
    constant: { type: "string" },
    expression: { type: "string", minLength: 1, maxLength: MAX_EXPRESSION_LENGTH },
  },
  dependentRequired: { item: ["attribute"] },
} as const;

const attributeMapping = {
  type: "object",
  additionalProperties: false,
  required: ["target", "source"],
  properties: {
    target: { type: "string", minLength: 1 },
    source,
    flow: { enum: ["always", "createOnly"] },
    defaultValue: { type: "string" },
    matching: { type: "integer", minimum: 1 },
  },
} as const;

const clause = {
  type: "object",
  additionalProperties: false,
  required: ["attribute", "operator"],
  properties: {
    attribute: { type: "string", minLength: 1 },
    operator: { enum: SCOPING_OPERATORS },
    value: { type: "string" },
  },
} as const;

const scopingFilter = {
  type: "object",
  additionalProperties: false,
  required: ["clauses"],
  properties: {
    name: { type: "string" },
    clauses: { type: "array", minItems: 1, items: clause },
  },
} as const;

/** JSON Schema (draft 2019-09 subset understood by ajv's default build) of a mapping file. */
export const MAPPING_FILE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["version", "users"],
  properties: {
    $schema: { type: "string" },
    version: { const: 1 },
    users: {
      type: "object",
      additionalProperties: false,
      required: ["attributes"],
      properties: {
        attributes: { type: "array", minItems: 1, items: attributeMapping },
        scopingFilters: { type: "array", items: scopingFilter },
      },
    },
    groups: {
      type: "object",
      additionalProperties: false,
      required: ["attributes"],
      properties: { attributes: { type: "array", items: attributeMapping } },
    },
  },
} as const;
