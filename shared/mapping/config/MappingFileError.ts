import { ConfigurationError } from "../../errors";

/** The most problems one error lists (a hostile or broken file can have thousands). */
const MAX_SHOWN_PROBLEMS = 50;

/** A mapping file that cannot be used. `problems` lists every problem, each naming the field path. */
export class MappingFileError extends ConfigurationError {
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[]) {
    const shown = problems.slice(0, MAX_SHOWN_PROBLEMS);
    const more = problems.length - shown.length;
    super(
      `The mapping file ${file} is invalid:\n${shown.map((p) => `- ${p}`).join("\n")}` +
        (more > 0 ? `\n- …and ${more} more problem(s); fix these first.` : ""),
    );
    this.problems = more > 0 ? [...shown, `…and ${more} more problem(s)`] : problems;
  }
}
