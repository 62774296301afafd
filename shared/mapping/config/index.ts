/** Mapping files: JSON or YAML, validated by JSON Schema and the mapping's semantic checks. */
export type { MappingConfig, MappingFileFormat } from "./MappingConfig";
export { MappingFileError } from "./MappingFileError";
export { MAPPING_FILE_SCHEMA } from "./mappingFileSchema";
export { describeSchemaError, fieldPath } from "./describeSchemaError";
export { parseMappingConfig } from "./parseMappingConfig";
export { loadMappingFile, mappingFileFormat } from "./loadMappingFile";
