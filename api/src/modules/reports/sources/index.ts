/** reports/sources: datasources, their pooled drivers (SourceRegistry) and the routes under /datasources. */
export { createSourceRegistry, driverFor, type SourceRegistryImpl, DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from "./registry.ts";
export { createStoreDriver } from "./driver-store.ts";
export { REPORT_TABLE } from "./store-guard.ts";
export { valueTypeOf } from "./value-types.ts";
export { createDatasources, type Datasources, type InUseCheck } from "./datasources.service.ts";
export { datasourcesRoutes } from "./datasources.routes.ts";
export { maskUrl } from "./datasource-url.ts";
export { datasourceRows, toDatasource, type DatasourceRow } from "./datasources.sql.ts";
