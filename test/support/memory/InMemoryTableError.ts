/**
 * What @azure/data-tables throws for a failed operation, reduced to what the repositories look at (`statusCode`): used
 * where a Table adapter would let the service's error escape (a batch deleting a row that is not there answers 404).
 */
export class InMemoryTableError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = "RestError";
  }
}
