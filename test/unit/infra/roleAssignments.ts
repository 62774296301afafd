/** Reads the role assignments of a Bicep file: which role, to whom, on which resource (and over which loop). */
import assert from "node:assert/strict";
import type { BicepFile } from "./bicep";
import { declarationBody, declarations, findProperties, literal, resourcesOfType } from "./bicep";

export interface RoleAssignment {
  /** Symbolic name of the roleAssignments resource. */
  name: string;
  /** The key of the `roles` variable the roleDefinitionId names, e.g. "storageBlobDataOwner". */
  role: string;
  /** The principalId expression, e.g. "identityPrincipalId". */
  principal: string;
  /** The scope expression, e.g. "containers[i]". */
  scopeText: string;
  /** The resource declaration the scope names, and its type (without the API version). */
  scopeResource: string;
  scopeType: string;
  /** For a loop (`[for … in <array>: …]`), the array it loops over. */
  loopsOver?: string;
}

/** type@version → type */
const typeOf = (typeString: string): string => typeString.replace(/@.*$/, "");

export function roleAssignments(file: BicepFile): RoleAssignment[] {
  const resources = new Map(
    declarations(file.root, "resource").map((d) => [
      d.name,
      typeOf(literal(d.node.namedChildren.find((c) => c.type === "string")) ?? ""),
    ]),
  );
  return resourcesOfType(file, "Microsoft.Authorization/roleAssignments@").map((a) => {
    const body = declarationBody(a.node);
    assert.ok(body, `${a.name} has a body`);
    const scopeText = findProperties(body, "scope")[0]?.value.text ?? "";
    const scopeResource = scopeText.replace(/\[.*\]$/, "");
    const role = /roles\.(\w+)/.exec(findProperties(body, "roleDefinitionId")[0]?.value.text ?? "")?.[1];
    assert.ok(role, `${a.name}: roleDefinitionId names a key of the roles variable`);
    const loop = a.node.namedChildren.find((c) => c.type === "for_statement");
    const loopsOver = loop ? /\bin\s+(\w+)\s*:/.exec(loop.text)?.[1] : undefined;
    return {
      name: a.name,
      role,
      principal: findProperties(body, "principalId")[0]?.value.text ?? "",
      scopeText,
      scopeResource,
      scopeType: resources.get(scopeResource) ?? "",
      ...(loopsOver ? { loopsOver } : {}),
    };
  });
}

/** The `name:` expression of a resource declaration's body (e.g. "slackTokenSecretName"), also through loops. */
export function resourceNameExpression(file: BicepFile, resource: string): string | undefined {
  const decl = declarations(file.root, "resource").find((d) => d.name === resource);
  const body = decl && declarationBody(decl.node);
  return body ? findProperties(body, "name")[0]?.value.text : undefined;
}
