import { z } from "@hono/zod-openapi";
import {
  BUILDER_AGGS, FILTER_OPS, MASK_KINDS, PARAM_TYPES, REPORT_NAME_PATTERN, REPORT_PARAM_PATTERN, REPORT_VALUE_TYPES,
} from "@ops/shared/contracts/reports.ts";
import { listQuery } from "../../../http/list-query.ts";

const columnName = z.string().min(1).max(128);

export const datasetParamSchema = z.object({
  name: z.string().regex(REPORT_PARAM_PATTERN, "reports.param_name"),
  type: z.enum(PARAM_TYPES),
  required: z.boolean().optional(),
  default: z.string().max(4000).optional(),
  label: z.string().max(100).optional(),
}).strict().openapi("DatasetParam");

export const datasetColumnSchema = z.object({
  name: columnName,
  label: z.string().max(100).optional(),
  /** filled from the query when saved; an author's value is replaced */
  type: z.enum(REPORT_VALUE_TYPES).optional(),
  mask: z.enum(MASK_KINDS).optional(),
}).strict().openapi("DatasetColumn");

export const rowFilterSchema = z.object({
  column: columnName,
  source: z.enum(["dept", "dept_attr", "user"]),
  attr: z.string().min(1).max(64).optional(),
}).strict().openapi("RowFilter");

export const builderSchema = z.object({
  table: z.string().min(1).max(256),
  fields: z.array(z.object({ column: columnName, alias: z.string().min(1).max(63).optional(), agg: z.enum(BUILDER_AGGS).optional() }).strict()).min(1).max(200),
  filters: z.array(z.object({
    column: columnName, op: z.enum(FILTER_OPS), value: z.unknown().optional(), param: z.string().min(1).max(63).optional(),
  }).strict()).max(100).default([]),
  group_by: z.array(columnName).max(50).default([]),
  sort: z.array(z.object({ column: columnName, dir: z.enum(["asc", "desc"]) }).strict()).max(20).default([]),
  limit: z.number().int().min(1).max(1_000_000).optional(),
}).strict().openapi("DatasetBuilder");

const datasetProps = {
  name: z.string().regex(REPORT_NAME_PATTERN, "reports.name_pattern"),
  description: z.string().max(2000),
  datasource_id: z.string().min(1).max(64),
  mode: z.enum(["sql", "builder"]),
  sql: z.string().max(100_000).nullable(),
  builder: builderSchema.nullable(),
  params: z.array(datasetParamSchema).max(50),
  columns: z.array(datasetColumnSchema).max(500),
  row_filters: z.array(rowFilterSchema).max(20),
};

/** Create (and PUT): the whole dataset. */
export const datasetBody = z.object({
  ...datasetProps,
  description: datasetProps.description.default(""),
  /** absent: builder when a builder is given, else sql (DESIGN.md §5's `{datasource_id, name, sql, params}`) */
  mode: datasetProps.mode.optional(),
  sql: datasetProps.sql.optional(),
  builder: datasetProps.builder.optional(),
  params: datasetProps.params.default([]),
  columns: datasetProps.columns.default([]),
  row_filters: datasetProps.row_filters.default([]),
}).strict().openapi("DatasetInput");

/** PATCH: only what is given changes. */
export const datasetPatch = z.object(Object.fromEntries(Object.entries(datasetProps).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof datasetProps]: z.ZodOptional<(typeof datasetProps)[K]>;
}).strict().openapi("DatasetPatch");

export type DatasetBody = z.infer<typeof datasetBody>;
export type DatasetPatchBody = z.infer<typeof datasetPatch>;

const paramValues = z.record(z.string(), z.union([z.string().max(4000), z.array(z.string().max(4000)).max(1000)]));

export const previewBody = z.object({ params: paramValues.default({}) }).strict().openapi("DatasetPreviewInput");
/** An unsaved dataset (its name is not checked) and the parameter values to run it with. */
export const draftPreviewBody = z.object({
  dataset: datasetBody.extend({ name: z.string().max(63).default("draft") }),
  params: paramValues.default({}),
}).strict().openapi("DatasetDraftPreviewInput");

export const datasetIdParam = z.object({ id: z.string().min(1).max(64) });

export const listDatasetsQuery = listQuery.extend({
  q: z.string().max(100).optional(),
  datasource_id: z.string().max(64).optional(),
});

export const attributesQuery = z.object({ dept_id: z.string().max(64).optional(), key: z.string().max(64).optional() });
/** Replaces one department's value for one key; an empty value removes it. */
export const attributeBody = z.object({
  dept_id: z.string().min(1).max(64),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "reports.attr_key"),
  value: z.string().max(200),
}).strict().openapi("ReportAttributeInput");
