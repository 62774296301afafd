/**
 * What a restart resets, in Microsoft Graph's synchronizationJobRestartScope vocabulary (the flags of
 * `synchronizationJob: restart`'s `criteria.resetScope`). `Full` is every one of them.
 */
export const RESET_FLAGS = ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore"] as const;
export type ResetFlag = (typeof RESET_FLAGS)[number];

/** Every value a resetScope may name (Full stands for all four). */
export const RESET_SCOPE_VALUES = [...RESET_FLAGS, "Full"] as const;
