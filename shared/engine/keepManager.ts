import type { GraphUser } from "../graph/GraphUser";

/** A direct read carries no manager (a navigation property): keep the one delta last reported. Pure. */
export function keepManager(user: GraphUser, previous: GraphUser | undefined): GraphUser {
  return previous?.managerId !== undefined ? { ...user, managerId: previous.managerId } : user;
}
