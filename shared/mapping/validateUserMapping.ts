import { ConfigurationError } from "../errors";
import type { AttributeMapping, UserMapping } from "./AttributeMapping";
import type { ExpressionNode } from "./expressions/ExpressionAst";
import { MAPPING_FLOWS } from "./AttributeMapping";
import { scopingFilterProblems } from "../scope/filters/scopingFilterProblems";
import { findTarget } from "./describeTarget";
import { ExpressionSyntaxError } from "./expressions/ExpressionSyntaxError";
import { parseExpression } from "./expressions/parseExpression";
import { SCIM_USER_TARGETS, TARGET } from "./scimTargets";

/** Targets Slack can filter users by (`filter=userName eq …`, `filter=emails eq …`): the only usable matching ones. */
const MATCHABLE_TARGETS: readonly string[] = [TARGET.userName, TARGET.workEmail];

/** Whether a SelectUniqueValue call appears anywhere below `node`'s own arguments. */
function nestedSelectUniqueValue(node: ExpressionNode | null): boolean {
  if (node === null) return false;
  if (node.kind === "compare") return nestedSelectUniqueValue(node.left) || nestedSelectUniqueValue(node.right);
  if (node.kind !== "call") return false;
  return (
    node.args.some((arg) => arg?.kind === "call" && arg.name === "SelectUniqueValue") ||
    node.args.some(nestedSelectUniqueValue)
  );
}

/**
 * Entra's rules for SelectUniqueValue: the whole expression, never nested; only on create ("Only during object
 * creation"); not on a matching attribute. Ours adds: only on userName or the work email, the values Slack can be
 * asked about (filter=userName eq …, emails eq …).
 */
function selectUniqueValueProblems(where: string, a: AttributeMapping, node: ExpressionNode): string[] {
  const problems: string[] = [];
  if (
    nestedSelectUniqueValue(node) ||
    (node.kind === "compare" &&
      [node.left, node.right].some((n) => n.kind === "call" && n.name === "SelectUniqueValue"))
  ) {
    problems.push(`${where} uses SelectUniqueValue inside another function; it must be the whole expression.`);
  }
  if (node.kind !== "call" || node.name !== "SelectUniqueValue") return problems;
  if (!MATCHABLE_TARGETS.includes(a.target)) {
    problems.push(`${where} uses SelectUniqueValue, which can only check userName or the work email in Slack.`);
  }
  if (a.flow !== "createOnly") {
    problems.push(
      `${where} uses SelectUniqueValue; set its flow to "createOnly" (Entra: "Only during object creation").`,
    );
  }
  if (a.matching !== undefined) {
    problems.push(
      `${where} uses SelectUniqueValue and is marked for matching; Entra does not allow this. Match by another attribute (the work email).`,
    );
  }
  return problems;
}

/**
 * Every problem with a user mapping, as admin-readable sentences (empty when the mapping is usable).
 * Checks: supported targets, no duplicate targets, well-formed sources (expressions must parse; the message gives the
 * column and a caret excerpt), known flows, matching precedence only on userName/email, distinct precedences, at
 * least one matching attribute, string default values, and the scoping filters (scopingFilterProblems).
 */
export function userMappingProblems(mapping: UserMapping): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const precedences = new Map<number, string>();
  for (const [i, a] of mapping.attributes.entries()) {
    const where = `Mapping ${i + 1} (${JSON.stringify(a.target)})`;
    if (findTarget(a.target) === undefined) {
      problems.push(
        `${where} targets an attribute this connector cannot write. Supported: ${SCIM_USER_TARGETS.map((t) => t.path).join(", ")}.`,
      );
    }
    if (seen.has(a.target)) problems.push(`${where} maps a target that an earlier mapping already maps.`);
    seen.add(a.target);
    if (!MAPPING_FLOWS.includes(a.flow))
      problems.push(`${where} has flow ${JSON.stringify(a.flow)}; use "always" or "createOnly".`);
    const source = a.source;
    switch (source.kind) {
      case "attribute":
        if (source.name.trim() === "") problems.push(`${where} has an empty source attribute name.`);
        break;
      case "constant":
        break;
      case "itemOf":
        if (source.name.trim() === "") problems.push(`${where} has an empty source attribute name.`);
        if (!Number.isInteger(source.index) || source.index < 1) {
          problems.push(`${where} takes item ${source.index}; items are numbered from 1.`);
        }
        break;
      case "expression":
        if (typeof source.expression !== "string" || source.expression.trim() === "") {
          problems.push(`${where} has an expression source without an expression.`);
          break;
        }
        try {
          problems.push(...selectUniqueValueProblems(where, a, parseExpression(source.expression)));
        } catch (e) {
          if (!(e instanceof ExpressionSyntaxError)) throw e;
          problems.push(`${where} has an invalid expression. ${e.message}`);
        }
        break;
      default:
        problems.push(
          `${where} has a source kind this version does not support: ${JSON.stringify((source as { kind?: unknown }).kind)}.`,
        );
    }
    if (a.defaultValue !== undefined && typeof a.defaultValue !== "string") {
      problems.push(`${where} has a default value that is not a string.`);
    }
    if (a.matching !== undefined) {
      if (!Number.isInteger(a.matching) || a.matching < 1) {
        problems.push(`${where} has matching precedence ${a.matching}; use 1 for the first attribute tried, then 2, …`);
      } else {
        const other = precedences.get(a.matching);
        if (other !== undefined)
          problems.push(`${where} has the same matching precedence as ${JSON.stringify(other)}.`);
        precedences.set(a.matching, a.target);
      }
      if (!MATCHABLE_TARGETS.includes(a.target)) {
        problems.push(`${where} is marked for matching, but Slack can only find users by userName and email.`);
      }
    }
  }
  for (const required of SCIM_USER_TARGETS.filter((t) => t.required)) {
    if (!seen.has(required.path))
      problems.push(`Slack requires ${JSON.stringify(required.path)}, but nothing maps it.`);
  }
  if (precedences.size === 0) {
    problems.push(
      "No attribute is marked for matching; mark userName (and the work email) with a matching precedence.",
    );
  }
  problems.push(...scopingFilterProblems(mapping.scopingFilters ?? []));
  return problems;
}

/** Throws ConfigurationError listing every problem when the mapping is unusable. */
export function validateUserMapping(mapping: UserMapping): void {
  const problems = userMappingProblems(mapping);
  if (problems.length > 0) throw new ConfigurationError(`The user attribute mapping is invalid: ${problems.join(" ")}`);
}
