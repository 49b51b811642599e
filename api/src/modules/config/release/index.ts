/** Config release: change sets, approval gate, releases, gray, notices, widget. Reached through ../index.ts. */
export { createConfigRelease, type ConfigReleaseService, type ConfigReleaseDeps } from "./release.service.ts";
export { releaseRoutes } from "./release.routes.ts";
export { configReleaseWidgets } from "./release.widgets.ts";
export { releaseApprovalsOf, linkReleaseApprovals, CONFIG_RELEASE_DEFINITION } from "./approvals-adapter.ts";
export { grayBucket, grayMatches } from "./gray.ts";
export { CONFIG_EMERGENCY, DEFAULT_DEFINITION, NOTICE_TYPES as CONFIG_NOTICE_TYPES, type ReleaseApprovals } from "./release.deps.ts";
