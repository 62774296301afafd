import { ConfigurationError } from "../../errors";

/** A mapping file that cannot be used. `problems` lists every problem, each naming the field path. */
export class MappingFileError extends ConfigurationError {
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[]) {
    super(`The mapping file ${file} is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.problems = problems;
  }
}
