import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { MappingConfig, MappingFileFormat } from "./MappingConfig";
import { MappingFileError } from "./MappingFileError";
import { parseMappingConfig } from "./parseMappingConfig";

/** The format of a mapping file by its extension, or undefined for an unsupported one. */
export function mappingFileFormat(path: string): MappingFileFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  return undefined;
}

/**
 * Reads and validates a mapping file (JSON or YAML, chosen by extension). The only I/O in the mapping module.
 * Throws MappingFileError for an unreadable file, an unsupported extension, or any problem parseMappingConfig finds.
 */
export async function loadMappingFile(path: string): Promise<MappingConfig> {
  const format = mappingFileFormat(path);
  if (format === undefined) {
    throw new MappingFileError(path, [`unsupported extension "${extname(path)}"; use .json, .yaml or .yml.`]);
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MappingFileError(path, [
      code === "ENOENT" ? "the file does not exist." : `the file cannot be read (${code ?? String(e)}).`,
    ]);
  }
  return parseMappingConfig(text, format, path);
}
