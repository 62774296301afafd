import { ProvisioningError } from "./ProvisioningError";

export function isProvisioningError(e: unknown): e is ProvisioningError {
  return e instanceof ProvisioningError;
}
