/** Config center (issue 11). Others reach it only through this file. */
export type { ApplyMeta, ConfigData, ConfigWriteGate, FieldError } from "./data/index.ts";
export { createConfig, type Config } from "./config.service.ts";
export { configRoutes } from "./config.routes.ts";
export type { ConfigDeps } from "./config.deps.ts";
export {
  createConfigRelease, releaseRoutes, configReleaseWidgets, releaseApprovalsOf, linkReleaseApprovals, grayBucket, grayMatches, CONFIG_RELEASE_DEFINITION,
  type ConfigReleaseService, type ReleaseApprovals,
} from "./release/index.ts";
export { configDemoSeeder } from "./config.demo.ts";
export { createConfigConsumers, type ConfigConsumers } from "./consumers/index.ts";
export { settingsMailTransport, type SmtpSettings } from "./system/index.ts";
