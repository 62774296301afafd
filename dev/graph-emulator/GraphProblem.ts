/** A Graph API request the emulator refuses: answered with `status` and Graph's error body (code, message). */
export class GraphProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "GraphProblem";
  }
}
