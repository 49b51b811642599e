import { z } from "@hono/zod-openapi";
import { BUILDER_AGGS, CHART_TYPES, CONTROL_TYPES, REPORT_NAME_PATTERN, REPORT_PARAM_PATTERN } from "@ops/shared/contracts/reports.ts";
import { listQuery } from "../../../http/list-query.ts";

/** Shapes of the report routes; what the parts mean together (columns, params, drill target) is checked in validate.ts. */
const name = z.string().regex(REPORT_NAME_PATTERN);
const column = z.string().min(1).max(128);
const param = z.string().regex(REPORT_PARAM_PATTERN);

const series = z.object({ column, agg: z.enum([...BUILDER_AGGS, "none"]), label: z.string().max(100).optional() }).strict();
export const chartSchema = z.object({
  type: z.enum(CHART_TYPES),
  x: column.optional(),
  y: column.optional(),
  series: z.array(series).max(20).default([]),
  stack: z.boolean().optional(),
  page_size: z.number().int().min(1).max(500).optional(),
  kpi: z.object({
    date_column: column,
    period: z.enum(["day", "week", "month", "year"]),
    compare: z.enum(["previous_period", "previous_year"]),
  }).strict().optional(),
  gauge: z.object({ min: z.number().finite(), max: z.number().finite() }).strict().optional(),
}).strict().openapi("ReportChart");

type OptionShape = { value: string; label: string; children?: OptionShape[] };
const option: z.ZodType<OptionShape> = z.lazy(() =>
  z.object({ value: z.string().min(1).max(200), label: z.string().min(1).max(200), children: z.array(option).max(500).optional() }).strict()).openapi("ReportControlOption");

export const controlSchema = z.object({
  name: param,
  label: z.string().trim().min(1).max(100),
  type: z.enum(CONTROL_TYPES),
  param: param.optional(),
  params: z.tuple([param, param]).optional(),
  required: z.boolean().optional(),
  default: z.union([z.string().max(200), z.array(z.string().max(200)).max(100)]).optional(),
  options: z.object({
    static: z.array(option).max(1000).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
    value_column: column.optional(),
    label_column: column.optional(),
    parent_column: column.optional(),
  }).strict().optional(),
  depends_on: param.optional(),
}).strict().openapi("ReportControl");

const threshold = z.object({ op: z.enum(["gt", "gte", "lt", "lte"]), value: z.number().finite(), color: z.string().max(32) }).strict();
const formatSchema = z.object({
  kind: z.enum(["number", "percent", "currency", "text"]).optional(),
  decimals: z.number().int().min(0).max(10).optional(),
  thousands: z.boolean().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  trend: z.enum(["red_up", "green_up"]).optional(),
  thresholds: z.array(threshold).max(10).optional(),
}).strict();

const drillSchema = z.object({
  column,
  report_id: z.string().min(1).max(64),
  params: z.record(z.string(), z.string().min(1).max(200)),
}).strict();

const props = {
  title: z.string().trim().min(1).max(100),
  description: z.string().max(2000),
  dataset_id: z.string().min(1).max(64),
  chart: chartSchema,
  controls: z.array(controlSchema).max(30),
  format: z.record(z.string(), formatSchema),
  drill: drillSchema.nullable(),
  cache_ttl_s: z.number().int().min(0).max(86_400),
  roles: z.array(z.string().min(1).max(64)).max(50),
};

export const createReportBody = z.object({
  name, title: props.title, dataset_id: props.dataset_id, chart: props.chart,
  description: props.description.default(""), controls: props.controls.default([]), format: props.format.default({}),
  drill: props.drill.default(null), cache_ttl_s: props.cache_ttl_s.default(0), roles: props.roles.default([]),
}).strict().openapi("ReportInput");
export type CreateReportInput = z.infer<typeof createReportBody>;

export const updateReportBody = z.object({
  name: name.optional(), title: props.title.optional(), description: props.description.optional(), dataset_id: props.dataset_id.optional(),
  chart: props.chart.optional(), controls: props.controls.optional(), format: props.format.optional(), drill: props.drill.optional(),
  cache_ttl_s: props.cache_ttl_s.optional(), roles: props.roles.optional(),
}).strict().openapi("ReportPatch");
export type UpdateReportInput = z.infer<typeof updateReportBody>;

export const listReportsQuery = listQuery.extend({
  q: z.string().max(100).optional(),
  favourites: z.enum(["0", "1"]).optional(),
  dataset_id: z.string().max(64).optional(),
});
export type ListReportsQuery = z.infer<typeof listReportsQuery>;

export const reportParam = z.object({ id: z.string().min(1).max(64).openapi({ description: "报表 ID 或名称" }) });
export const controlParam = reportParam.extend({ name: param });
export const shareParam = z.object({ id: z.string().min(1).max(64) });

/** The data query: the report's parameters (any names) plus paging, sort and `fresh`. */
export const dataQuery = z.object({
  page: z.coerce.number().int().min(1).optional(),
  page_size: z.coerce.number().int().min(1).max(500).optional(),
  sort: z.string().max(200).optional(),
  fresh: z.enum(["0", "1"]).optional(),
}).passthrough();

export const prefsBody = z.object({
  columns: z.array(column).max(200).optional(),
  hidden: z.array(column).max(200).optional(),
  page_size: z.number().int().min(1).max(500).optional(),
  sort: z.string().max(200).optional(),
}).strict().openapi("ReportViewPrefs");

export const shareBody = z.object({
  params: z.record(z.string(), z.union([z.string().max(500), z.array(z.string().max(500)).max(200)])).default({}),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  expires_in_s: z.number().int().min(60).max(365 * 86_400).optional(),
}).strict();
