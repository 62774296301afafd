/** The resources the app subscribes to: Graph allows users and groups subscriptions at most 41,760 minutes. */
export type SubscribedResource = "users" | "groups";

/** A Microsoft Graph subscription as the app keeps track of it. */
export interface GraphSubscription {
  id: string;
  resource: string;
  expirationDateTime: string;
}

export interface NewSubscription {
  resource: SubscribedResource;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expirationDateTime: string;
}

/**
 * The narrow port to Microsoft Graph's change-notification subscriptions (POST/PATCH/DELETE /subscriptions). Errors
 * are the GraphSource's typed errors; a subscription Graph no longer has is `undefined` / `false`, not an error.
 */
export interface GraphSubscriptions {
  /** POST /subscriptions: Graph validates the URL (validationToken) before it answers. */
  createSubscription(input: NewSubscription): Promise<GraphSubscription>;
  /** GET /subscriptions/{id}; undefined when Graph no longer has it (expired, removed: 404). */
  getSubscription(id: string): Promise<GraphSubscription | undefined>;
  /** PATCH /subscriptions/{id} with a new expiry; undefined when Graph no longer has it (404). */
  renewSubscription(id: string, expirationDateTime: string): Promise<GraphSubscription | undefined>;
  /** POST /subscriptions/{id}/reauthorize; false when Graph no longer has it (404). */
  reauthorizeSubscription(id: string): Promise<boolean>;
  /** DELETE /subscriptions/{id}; a missing one is fine. */
  deleteSubscription(id: string): Promise<void>;
}
