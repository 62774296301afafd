/** Shared fixtures for the mapping tests: Entra users, and a model of how Slack echoes and patches a SCIM user. */
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { PatchOperation, ScimAddress, ScimPhone, ScimUser } from "../../../shared/slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_USER_SCHEMA } from "../../../shared/slack/ScimUser";

export const FULL_USER: GraphUser = {
  id: "5c8e6a1f-2b3d-4c5e-8f90-1a2b3c4d5e6f",
  userPrincipalName: "zoe.muller@contoso.com",
  mail: "Zoe.Muller@contoso.com",
  mailNickname: "zoe",
  displayName: "Zoë Müller-Ødegård",
  givenName: "Zoë",
  surname: "Müller-Ødegård",
  jobTitle: "Staff Engineer",
  department: "Plattform & Infrastruktur",
  companyName: "Contoso GmbH",
  employeeId: "E-1042",
  mobilePhone: "+49 170 1234567",
  businessPhones: ["+49 30 123456", "+49 30 999999"],
  streetAddress: "Unter den Linden 1",
  city: "Berlin",
  state: "BE",
  postalCode: "10117",
  country: "DE",
  preferredLanguage: "de-DE",
  usageLocation: "DE",
  accountEnabled: true,
  userType: "Member",
};

export const FULL_USER_VALUES: Record<string, string | null> = {
  userName: "zoe.muller@contoso.com",
  'emails[type eq "work"].value': "Zoe.Muller@contoso.com",
  displayName: "Zoë Müller-Ødegård",
  "name.givenName": "Zoë",
  "name.familyName": "Müller-Ødegård",
  title: "Staff Engineer",
  externalId: "5c8e6a1f-2b3d-4c5e-8f90-1a2b3c4d5e6f",
  'phoneNumbers[type eq "mobile"].value': "+49 170 1234567",
  'phoneNumbers[type eq "work"].value': "+49 30 123456",
  'addresses[type eq "work"].streetAddress': "Unter den Linden 1",
  'addresses[type eq "work"].locality': "Berlin",
  'addresses[type eq "work"].region': "BE",
  'addresses[type eq "work"].postalCode': "10117",
  'addresses[type eq "work"].country': "DE",
  preferredLanguage: "de-DE",
  [`${SCIM_ENTERPRISE_SCHEMA}:department`]: "Plattform & Infrastruktur",
  [`${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`]: "E-1042",
  [`${SCIM_ENTERPRISE_SCHEMA}:organization`]: "Contoso GmbH",
  // The manager reference: the engine fills in the manager's Slack id; the bare Graph user has none.
  [`${SCIM_ENTERPRISE_SCHEMA}:manager`]: null,
};

/** Only what Graph always returns for a freshly created cloud user. */
export const SPARSE_USER: GraphUser = {
  id: "00000000-0000-0000-0000-000000000001",
  userPrincipalName: "sam@contoso.com",
  mail: "sam@contoso.com",
  businessPhones: [],
  jobTitle: null,
};

/**
 * A Slack GET /Users/{id} response in Slack's shape (modelled on the docs' example): emails without `type`, the
 * primary email listed second, phones in response form (the `type:"mobile"` entry is the slot a request's
 * `type:"work"` writes; the `primary:true` entry is the slot a request's `type:"mobile"` writes), one address
 * without type, externalId "", and the enterprise extension.
 */
export const SLACK_RESPONSE: ScimUser = {
  schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_SCHEMA],
  id: "U123ABC456",
  externalId: "",
  userName: "zoe.muller",
  nickName: "zoe.muller",
  name: { givenName: "Zoe", familyName: "Müller-Ødegård", honorificPrefix: null },
  displayName: "Zoë",
  title: "",
  active: true,
  emails: [
    { value: "zoe.private@example.com", primary: false },
    { value: "zoe.muller@CONTOSO.com", primary: true },
  ],
  phoneNumbers: [
    { value: "+49 30 123456", type: "mobile" },
    { value: "+49 170 0000000", primary: true },
  ],
  addresses: [
    { streetAddress: "Unter den Linden 1", locality: "Berlin", region: null, postalCode: "10117", country: "DE" },
  ],
  preferredLanguage: null,
  locale: "en-US",
  [SCIM_ENTERPRISE_SCHEMA]: {
    employeeNumber: "E-1042",
    costCenter: null,
    organization: "Contoso",
    division: null,
    department: "Plattform & Infrastruktur",
    manager: { managerId: null },
  },
};

/** Slack's request rule for phones: type "mobile" (or primary:true) writes slot A, anything else slot B. */
function requestSlot(phone: ScimPhone): "A" | "B" {
  return phone.type === "mobile" || phone.primary === true ? "A" : "B";
}

/** Slack's response form of the two phone slots (slot B is shown as type "mobile", slot A as primary). */
function responsePhones(a: string | null, b: string | null): ScimPhone[] {
  return [
    { value: b, type: "mobile" },
    { value: a, primary: true },
  ];
}

function responseAddress(a: ScimAddress): ScimAddress[] {
  return [
    {
      streetAddress: a.streetAddress ?? null,
      locality: a.locality ?? null,
      region: a.region ?? null,
      postalCode: a.postalCode ?? null,
      country: a.country ?? null,
    },
  ];
}

/** How Slack answers a POST /Users with this body (only the quirks the mapping depends on). */
export function slackEcho(request: ScimUser): ScimUser {
  let a: string | null = null;
  let b: string | null = null;
  for (const p of request.phoneNumbers ?? []) {
    if (requestSlot(p) === "A") a = p.value;
    else b = p.value;
  }
  const { emails, phoneNumbers: _p, addresses, ...rest } = request;
  const email = emails?.find((e) => e.primary === true) ?? emails?.[0];
  const response: ScimUser = {
    ...rest,
    id: "U0NEW",
    externalId: "",
    userName: request.userName.toLowerCase(),
    nickName: request.userName.toLowerCase(),
    title: request.title ?? "",
    emails: email === undefined ? [] : [{ value: email.value, primary: true }],
    phoneNumbers: responsePhones(a, b),
  };
  const address = addresses?.find((x) => x.primary === true) ?? addresses?.[0];
  if (address !== undefined) response.addresses = responseAddress(address);
  return response;
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/**
 * A small model of Slack applying the PATCH operations the mapping module produces (and only those forms), returning
 * the user in Slack's response shape. Throws on any other form so a test notices new shapes.
 */
export function applySlackPatch(user: ScimUser, operations: readonly PatchOperation[]): ScimUser {
  const out = clone(user);
  const ext = `${SCIM_ENTERPRISE_SCHEMA}:`;
  for (const op of operations) {
    const path = op.path ?? "";
    const remove = op.op === "remove";
    if (!remove && op.op !== "replace") throw new Error(`unexpected op ${op.op}`);
    if (path === "emails") {
      if (remove) throw new Error("the mapping must never remove emails");
      const list = op.value as { value: string; type: string; primary: boolean }[];
      if (list.length !== 1 || list[0]?.type !== "work" || list[0].primary !== true) throw new Error("bad emails");
      out.emails = [{ value: list[0].value, primary: true }];
    } else if (path === "phoneNumbers") {
      let a: string | null = null;
      let b: string | null = null;
      for (const p of remove ? [] : (op.value as ScimPhone[])) {
        if (requestSlot(p) === "A") a = p.value;
        else b = p.value;
      }
      out.phoneNumbers = responsePhones(a, b);
    } else if (path === "addresses") {
      if (remove) delete out.addresses;
      else out.addresses = responseAddress((op.value as ScimAddress[])[0] ?? {});
    } else if (path.startsWith("name.")) {
      const key = path.slice("name.".length) as "givenName" | "familyName" | "honorificPrefix";
      out.name = { ...(out.name ?? {}), [key]: remove ? null : (op.value as string) };
    } else if (path.startsWith(ext)) {
      const key = path.slice(ext.length) as "department";
      out[SCIM_ENTERPRISE_SCHEMA] = {
        ...(out[SCIM_ENTERPRISE_SCHEMA] ?? {}),
        [key]: remove ? null : (op.value as string),
      };
    } else if (
      ["userName", "displayName", "title", "preferredLanguage", "userType", "locale", "timezone"].includes(path)
    ) {
      if (path === "userName" && remove) throw new Error("the mapping must never remove userName");
      if (path === "userName") out.userName = (op.value as string).toLowerCase();
      else out[path] = remove ? null : op.value;
    } else {
      throw new Error(`unexpected patch path ${path}`);
    }
  }
  return out;
}
