/** A failed admin operation on the emulator (unknown object, invalid input). Carries the HTTP status to answer. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AdminError";
  }
}
