import type { AttributeMapping, UserMapping } from "./AttributeMapping";
import { TARGET } from "./scimTargets";

function direct(target: string, name: string, extra: Partial<AttributeMapping> = {}): AttributeMapping {
  return { target, source: { kind: "attribute", name }, flow: "always", ...extra };
}

/**
 * The defaults of Entra's Slack gallery app, in SCIM v2 form. Entra publishes only the target list; the sources are
 * Entra's usual defaults for those targets.
 *
 * Deliberately left out:
 * - `active`: the engine decides activation (assignment, accountEnabled, scoping) and always sends `active` itself.
 * - `nickName`: Slack aliases nickName to userName (changing one changes both), so mapping it from mailNickname
 *   would rename the user to their mail nickname on every update, fighting the userName mapping.
 * - manager: a reference to another user, handled by a later issue.
 */
export const DEFAULT_USER_MAPPING: UserMapping = {
  attributes: [
    direct(TARGET.userName, "userPrincipalName", { matching: 1 }),
    direct(TARGET.workEmail, "mail", { matching: 2 }),
    // Entra sends displayName only on create since 06/2020: users may edit it in Slack.
    direct(TARGET.displayName, "displayName", { flow: "createOnly" }),
    direct(TARGET.givenName, "givenName"),
    direct(TARGET.familyName, "surname"),
    direct(TARGET.title, "jobTitle"),
    // Slack never stores externalId (it is returned as ""), so it can only be sent on create.
    direct(TARGET.externalId, "id", { flow: "createOnly" }),
    direct(TARGET.mobilePhone, "mobilePhone"),
    { target: TARGET.workPhone, source: { kind: "itemOf", name: "businessPhones", index: 1 }, flow: "always" },
    direct(TARGET.streetAddress, "streetAddress"),
    direct(TARGET.locality, "city"),
    direct(TARGET.region, "state"),
    direct(TARGET.postalCode, "postalCode"),
    direct(TARGET.country, "country"),
    direct(TARGET.preferredLanguage, "preferredLanguage"),
    direct(TARGET.department, "department"),
    direct(TARGET.employeeNumber, "employeeId"),
    direct(TARGET.organization, "companyName"),
    // A reference: the engine resolves the Entra manager to the manager's Slack user id (null until provisioned).
    direct(TARGET.manager, "manager"),
  ],
};
