import { ProvisioningError } from "../errors";

/** A request body over the operator API's limit: answered 413 before more of it is read. */
export class RequestBodyTooLargeError extends ProvisioningError {
  constructor(readonly maxBytes: number) {
    super(
      "RequestBodyTooLarge",
      `The request body is larger than ${maxBytes} bytes, the most the operator API reads. Send a smaller mapping file.`,
    );
  }
}
