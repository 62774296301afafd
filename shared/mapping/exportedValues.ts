import type { MappingFlow } from "./AttributeMapping";
import type { MappedUser } from "./MappedUser";
import { recordValue } from "./recordValue";

/**
 * The values to store as "last exported" for a user: the mapped values whose flow is in `flowsIncluded`, in mapping
 * order. After a create pass both flows; after an update pass ["always"] (createOnly values were not sent).
 */
export function exportedValues(
  mapped: MappedUser,
  flowsIncluded: readonly MappingFlow[],
): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(mapped.values).filter(([target]) => {
      return flowsIncluded.includes(recordValue(mapped.flows, target) ?? "always");
    }),
  );
}
