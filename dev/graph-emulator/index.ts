export { startGraphEmulator } from "./startGraphEmulator";
export type { GraphEmulator, GraphEmulatorOptions } from "./startGraphEmulator";
export { GraphEmulatorAdminClient } from "./GraphEmulatorAdminClient";
export { EmulatorDirectory } from "./EmulatorDirectory";
export { AdminError } from "./AdminError";
export * from "./constants";
export type * from "./emulatorTypes";
export { RANDOM_FAULT_KINDS } from "./RandomFaults";
export type { RandomFaultCounts, RandomFaultKind, RandomFaultSettings } from "./RandomFaults";
