import { AdminError } from "./AdminError";

/** How the emulator delivers change notifications (admin settings; defaults follow Graph where Graph says). */
export interface NotificationSettings {
  /** Changes within this window go out together (per notification URL); 0 = on the next tick. */
  notificationDelayMs: number;
  /** Send every acknowledged POST a second time (Graph may deliver more than once). */
  duplicateNotifications: boolean;
  /** A POST without an answer within this time counts as failed (Graph: 3 s). */
  deliveryTimeoutMs: number;
  /** Attempts per POST before it is dropped (Graph retries for up to 4 hours; the emulator stops sooner). */
  maxDeliveryAttempts: number;
  /** Wait before the second attempt; doubles for each later one. */
  retryBaseDelayMs: number;
  /** The validation request must be answered within this time (Graph: 10 s). */
  validationTimeoutMs: number;
  /** At most this many change notifications in one POST. */
  maxNotificationsPerPost: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = {
  notificationDelayMs: 0,
  duplicateNotifications: false,
  deliveryTimeoutMs: 3000,
  maxDeliveryAttempts: 5,
  retryBaseDelayMs: 1000,
  validationTimeoutMs: 10_000,
  maxNotificationsPerPost: 100,
};

/** Upper bounds that keep every wait of the emulator bounded. */
const LIMITS: Record<Exclude<keyof NotificationSettings, "duplicateNotifications">, [number, number]> = {
  notificationDelayMs: [0, 60_000],
  deliveryTimeoutMs: [1, 60_000],
  maxDeliveryAttempts: [1, 10],
  retryBaseDelayMs: [0, 60_000],
  validationTimeoutMs: [1, 60_000],
  maxNotificationsPerPost: [1, 1000],
};

/** The settings with `patch` applied; throws AdminError 400 naming the first invalid value. */
export function mergeNotificationSettings(
  current: Readonly<NotificationSettings>,
  patch: Partial<NotificationSettings>,
): NotificationSettings {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
    throw new AdminError(400, "BadRequest", "Notification settings must be a JSON object.");
  }
  const next: NotificationSettings = { ...current };
  for (const [key, value] of Object.entries(patch) as [keyof NotificationSettings, unknown][]) {
    if (value === undefined) continue;
    if (key === "duplicateNotifications") {
      if (typeof value !== "boolean") throw new AdminError(400, "BadRequest", `${key} must be true or false.`);
      next.duplicateNotifications = value;
      continue;
    }
    const range = LIMITS[key] as [number, number] | undefined;
    if (!range) throw new AdminError(400, "BadRequest", `Unknown notification setting '${String(key)}'.`);
    if (typeof value !== "number" || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      throw new AdminError(400, "BadRequest", `${key} must be a whole number from ${range[0]} to ${range[1]}.`);
    }
    next[key] = value;
  }
  return next;
}
