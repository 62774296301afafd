export {
  buildDemoDirectory,
  slackUserNameFor,
  slug,
  DEFAULT_DEMO_SEED,
  DEMO_DOMAIN,
  SLACK_USERNAME_MAX,
} from "./buildDemoDirectory";
export type {
  DemoDirectory,
  ExpectedRejection,
  SeedUser,
  SlackRejectionCode,
  SlackSeedMatch,
  SlackSeedUser,
} from "./buildDemoDirectory";
export { loadDemoDirectory } from "./loadDemoDirectory";
export { loadDemoGroups } from "./loadDemoGroups";
export type { GroupImporter } from "./loadDemoGroups";
export { buildDemoGroups } from "./demoGroups";
export type { DemoGroups, SeedGroup } from "./demoGroups";
export type { DirectoryImporter } from "./loadDemoDirectory";
export { SeededRandom } from "./SeededRandom";
