import type { GraphUser } from "../../graph/GraphUser";
import type { SourceContext } from "../readUserAttribute";

/**
 * Everything an expression can read. Pure data plus injectable sources of non-determinism (the clock and the random
 * sources), so that Now(), Guid() and RandomString() are deterministic under test.
 */
export interface ExpressionContext extends SourceContext {
  user: GraphUser;
  /** For Guid(); defaults to crypto.randomUUID. */
  newGuid?: () => string;
  /** For Now(); defaults to the system clock. */
  now?: () => Date;
  /** For RandomString(): an integer in [0, maxExclusive); defaults to crypto.randomInt. */
  randomInt?: (maxExclusive: number) => number;
}
