import type { GraphUser } from "../../graph/GraphUser";
import type { SourceContext } from "../readUserAttribute";

/** Everything an expression can read. Pure data plus two injectable sources of non-determinism. */
export interface ExpressionContext extends SourceContext {
  user: GraphUser;
  /** For Guid(); defaults to crypto.randomUUID. */
  newGuid?: () => string;
}
