import { z } from "@hono/zod-openapi";
import { REPORT_NAME_PATTERN } from "@ops/shared/contracts/reports.ts";
import { listQuery } from "../../../http/list-query.ts";

const props = {
  title: z.string().trim().min(1).max(100),
  owner_id: z.string().min(1).max(64).nullable(),
  definition: z.string().max(20_000),
  sql: z.string().min(1).max(20_000).nullable(),
  dataset_id: z.string().min(1).max(64).nullable(),
  column: z.string().min(1).max(128).nullable(),
  unit: z.string().max(32),
  refresh: z.string().max(100),
  tags: z.array(z.string().trim().min(1).max(32)).max(20),
};

export const createMetricBody = z.object({
  name: z.string().regex(REPORT_NAME_PATTERN), title: props.title, owner_id: props.owner_id.default(null), definition: props.definition.default(""),
  sql: props.sql.default(null), dataset_id: props.dataset_id.default(null), column: props.column.default(null), unit: props.unit.default(""),
  refresh: props.refresh.default(""), tags: props.tags.default([]),
}).strict().openapi("MetricInput");
export type CreateMetricInput = z.infer<typeof createMetricBody>;

export const updateMetricBody = z.object({
  name: z.string().regex(REPORT_NAME_PATTERN).optional(), title: props.title.optional(), owner_id: props.owner_id.optional(), definition: props.definition.optional(),
  sql: props.sql.optional(), dataset_id: props.dataset_id.optional(), column: props.column.optional(), unit: props.unit.optional(),
  refresh: props.refresh.optional(), tags: props.tags.optional(),
}).strict().openapi("MetricPatch");
export type UpdateMetricInput = z.infer<typeof updateMetricBody>;

export const listMetricsQuery = listQuery.extend({ q: z.string().max(100).optional(), tag: z.string().max(32).optional() });
export type ListMetricsQuery = z.infer<typeof listMetricsQuery>;

export const metricParam = z.object({ id: z.string().min(1).max(64).openapi({ description: "指标 ID 或名称" }) });
