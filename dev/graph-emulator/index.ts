export { startGraphEmulator } from "./startGraphEmulator";
export type { GraphEmulator, GraphEmulatorOptions } from "./startGraphEmulator";
export { GraphEmulatorAdminClient } from "./GraphEmulatorAdminClient";
export { EmulatorDirectory } from "./EmulatorDirectory";
export { AdminError } from "./AdminError";
export * from "./constants";
export type * from "./emulatorTypes";
export { RANDOM_FAULT_KINDS } from "./RandomFaults";
export type { RandomFaultCounts, RandomFaultKind, RandomFaultSettings } from "./RandomFaults";
export { DEFAULT_NOTIFICATION_SETTINGS } from "./NotificationSettings";
export type { NotificationSettings } from "./NotificationSettings";
export { DIRECTORY_SUBSCRIPTION_MAX_MINUTES } from "./subscriptionExpiration";
export { LIFECYCLE_EVENTS } from "./subscriptionTypes";
export type {
  AdminSubscription,
  ChangeNotification,
  LifecycleEvent,
  LifecycleNotification,
  NotificationStats,
  SubscriptionResource,
} from "./subscriptionTypes";
