/** An assignment of a user, group or service principal to the Slack enterprise application. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal";
  principalDisplayName?: string | null;
  resourceId: string;
  createdDateTime?: string | null;
}
