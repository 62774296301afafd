import type { SchemaObject } from "ajv";

/** A field of a message schema, marked required or optional so the TypeScript type can check the choice. */
export interface RequiredField {
  readonly presence: "required";
  readonly schema: SchemaObject;
}
export interface OptionalField {
  readonly presence: "optional";
  readonly schema: SchemaObject;
}

export const required = (schema: SchemaObject): RequiredField => ({ presence: "required", schema });
export const optional = (schema: SchemaObject): OptionalField => ({ presence: "optional", schema });

/** Every field of M but `kind`: required fields must be `required(…)`, optional ones `optional(…)`, none missing. */
export type MessageFields<M> = {
  [K in Exclude<keyof M, "kind">]-?: undefined extends M[K] ? OptionalField : RequiredField;
};

/**
 * The JSON schema of one message kind, for a queue message type M (its `kind` is the discriminant). `message` is never
 * set: it only carries M, so a queue's message type is derived from its schemas.
 */
export interface MessageSchema<M extends { kind: string }> {
  readonly kind: M["kind"];
  readonly schema: SchemaObject;
  readonly message?: M;
}

/**
 * Builds the JSON schema of a message type from its fields. The field list is checked against M at compile time (every
 * property present, required and optional as in M); unknown extra properties are accepted, as a message written by a
 * newer version may carry them.
 */
export function messageSchema<M extends { kind: string }>(kind: M["kind"], fields: MessageFields<M>): MessageSchema<M> {
  const entries = Object.entries(fields as Record<string, RequiredField | OptionalField>);
  return {
    kind,
    schema: {
      type: "object",
      required: ["kind", ...entries.filter(([, f]) => f.presence === "required").map(([name]) => name)],
      properties: { kind: { const: kind }, ...Object.fromEntries(entries.map(([name, f]) => [name, f.schema])) },
    },
  };
}

/**
 * The schema of a string union T listing its values; the list is checked complete at compile time:
 * `stringEnum<Reason>()(["a", "b"])`.
 */
export function stringEnum<T extends string>() {
  return <const A extends readonly T[]>(
    values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> }),
  ): SchemaObject => ({ type: "string", enum: [...values] });
}

/** The message type a schema describes. */
export type MessageOfSchema<S> = S extends MessageSchema<infer M> ? M : never;
