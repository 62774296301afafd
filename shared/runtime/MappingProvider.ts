import { readFileSync, statSync } from "node:fs";
import { describeError } from "../errors";
import type { MappingConfig } from "../mapping/config/MappingConfig";
import { mappingFileFormat } from "../mapping/config/loadMappingFile";
import { parseMappingConfig } from "../mapping/config/parseMappingConfig";
import { DEFAULT_GROUP_MAPPING } from "../mapping/DEFAULT_GROUP_MAPPING";
import { DEFAULT_USER_MAPPING } from "../mapping/DEFAULT_USER_MAPPING";

const CHECK_INTERVAL_MS = 1_000;

/**
 * The provisioning configuration (attribute mappings and scoping filters): the built-in gallery defaults, or the file
 * named by MAPPING_FILE, re-read when the file changes. A file that stops parsing keeps the last good configuration in
 * force and exposes the problem, so a cycle can refuse to start with an explanation instead of provisioning with a
 * half-edited mapping.
 */
export class MappingProvider {
  private config: MappingConfig;
  private mtimeMs = -1;
  private checkedAt = 0;
  private lastProblem: string | undefined;

  constructor(
    private readonly file: string | undefined,
    private readonly clock: () => number = Date.now,
  ) {
    this.config = { version: 1, users: DEFAULT_USER_MAPPING, groups: DEFAULT_GROUP_MAPPING };
    if (file) {
      this.reload(true);
      if (this.lastProblem) throw new Error(this.lastProblem);
    }
  }

  /** The configuration in force (reloaded at most once a second when the file changed). */
  current(): MappingConfig {
    if (this.file && this.clock() - this.checkedAt >= CHECK_INTERVAL_MS) this.reload(false);
    return this.config;
  }

  /** Why the mapping file is not in force, if it is not (the last good configuration is used meanwhile). */
  problem(): string | undefined {
    this.current();
    return this.lastProblem;
  }

  private reload(first: boolean): void {
    const file = this.file as string;
    this.checkedAt = this.clock();
    try {
      const mtime = statSync(file).mtimeMs;
      if (!first && mtime === this.mtimeMs) return;
      const format = mappingFileFormat(file);
      if (!format) throw new Error("the file name must end in .json, .yaml or .yml");
      const config = parseMappingConfig(readFileSync(file, "utf8"), format, file);
      this.config = config;
      this.mtimeMs = mtime;
      this.lastProblem = undefined;
    } catch (e) {
      this.lastProblem = `The mapping file ${file} could not be used: ${describeError(e).message}`;
    }
  }
}
