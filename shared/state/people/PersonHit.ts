/** One user or group a search found: enough to list it and open its page. */
export interface PersonHit {
  objectType: "User" | "Group";
  objectId: string;
  /** UPN or group name, as its latest indexed record named it. */
  identity?: string;
  displayName?: string;
  /** The indexed term that matched (lowercased). */
  matched: string;
}
