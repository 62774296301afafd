import { MAX_EXPRESSION_LENGTH } from "../expressions/tokenizeExpression";
import { SCOPING_OPERATORS } from "../../scope/filters/ScopingFilter";

/** An object with exactly these properties (no others) and these required ones. */
function closedObject<const R extends readonly string[], const P extends object>(required: R, properties: P) {
  return { type: "object", additionalProperties: false, required, properties } as const;
}

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

const groupAttributeMapping = closedObject(["target", "source"], {
  target: { type: "string", minLength: 1 },
  source,
  flow: { enum: ["always", "createOnly"] },
  defaultValue: { type: "string" },
  matching: { type: "integer", minimum: 1 },
});

/** A user attribute mapping may also be marked sensitive: its values are redacted in the activity log. */
const attributeMapping = closedObject(["target", "source"], {
  ...groupAttributeMapping.properties,
  sensitive: { type: "boolean" },
});

const clause = closedObject(["attribute", "operator"], {
  attribute: { type: "string", minLength: 1 },
  operator: { enum: SCOPING_OPERATORS },
  value: { type: "string" },
});

const scopingFilter = closedObject(["clauses"], {
  name: { type: "string" },
  clauses: { type: "array", minItems: 1, items: clause },
});

/** JSON Schema (draft 2019-09 subset understood by ajv's default build) of a mapping file. */
export const MAPPING_FILE_SCHEMA = closedObject(["version", "users"], {
  $schema: { type: "string" },
  version: { const: 1 },
  users: closedObject(["attributes"], {
    attributes: { type: "array", minItems: 1, items: attributeMapping },
    scopingFilters: { type: "array", items: scopingFilter },
  }),
  groups: closedObject(["attributes"], {
    attributes: { type: "array", items: groupAttributeMapping },
    scopingFilters: { type: "array", items: scopingFilter },
  }),
});
