import type { GraphUser } from "../../../shared/graph/GraphUser";

/** An enabled Entra user `local@contoso.example` (id `oid-local`) as Graph would answer it, with `props` on top. */
export function entraUser(local: string, props: Partial<GraphUser> = {}): GraphUser {
  const upn = `${local}@contoso.example`;
  const [given = local, family = "Test"] = local.split(".");
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return {
    id: `oid-${local}`,
    userPrincipalName: upn,
    mail: upn,
    displayName: `${cap(given)} ${cap(family)}`,
    givenName: cap(given),
    surname: cap(family),
    accountEnabled: true,
    ...props,
  };
}
