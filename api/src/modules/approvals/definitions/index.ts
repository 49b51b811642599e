/** Definitions: drafts, published versions, publish-time validation. */
export { createDefinitions, type Definitions } from "./definitions.service.ts";
export { definitionsRoutes } from "./definitions.routes.ts";
export { findDefinitionRow, loadVersion, type DefinitionVersion } from "./definition.store.ts";
