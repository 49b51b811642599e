/** query/: parameters, builder compilation, viewer scope (row filters, masking) and the DatasetRunner. */
export { createDatasetRunner, PREVIEW_ROWS, type DatasetRunnerImpl, type RunnableDataset, type RunnerDeps } from "./runner.ts";
export { createSchemaCache, type SchemaCache } from "./schema-cache.ts";
export { builderProblems, ALIAS_PATTERN } from "./builder.ts";
export { splitSql, paramNames, undeclaredParams } from "./sql-text.ts";
export { resolveParams, scalar, valueTypeOf } from "./params.ts";
export { viewerScope } from "./scope.ts";
