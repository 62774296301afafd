import { ProvisioningError } from "../../errors";

/** Evaluation of an expression failed for one user (see ExpressionResult "error"). Not retryable. */
export class ExpressionEvaluationError extends ProvisioningError {
  constructor(message: string) {
    super("ExpressionEvaluationError", message, { retryable: false });
  }
}
