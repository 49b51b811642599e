/**
 * Reports (low-code BI): the words the API, the bot, the cards and the PWA share. Pure: no I/O.
 * The API validates with zod schemas built from these lists.
 *
 * Model (Metabase/DataEase-like, with permissions applied inside the query):
 * - a datasource is a connection (postgres, mysql/mariadb, clickhouse), the built-in store's report tables
 *   (`store`), or one uploaded CSV/XLSX loaded into a local table (`upload`); credentials are sealed at rest;
 * - a dataset is SQL with named parameters (`:region`) or a visual builder compiled to parameterized SQL; it declares
 *   its columns (with optional masking kind) and its row filters (bound to the viewer);
 * - a report draws one dataset as a chart with controls (each control feeds dataset parameters), formatting and an
 *   optional drill-through to another report;
 * - every query runs read-only with a statement timeout and a row cap, as the viewer: row filters and masking are
 *   compiled into the SQL, so screens, exports, digests and chat answers all obey them.
 */

export const DATASOURCE_TYPES = ["postgres", "mysql", "clickhouse", "store", "upload"] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

/** Value types of dataset columns and parameters, whatever the source's own types. */
export const REPORT_VALUE_TYPES = ["string", "number", "date", "datetime", "boolean"] as const;
export type ReportValueType = (typeof REPORT_VALUE_TYPES)[number];

/** Names of datasets, reports, controls, parameters, metrics: what URLs and chat use. */
export const REPORT_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const REPORT_PARAM_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export type DatasourceHealth = { ok: boolean; checked_at: string; ms?: number; version?: string; error?: string };

export type DatasourceOptions = {
  /** per query (default 30 s, at most 300 s) */
  timeout_ms?: number;
  /** rows a screen query returns at most (default 10,000); exports stream without it */
  row_cap?: number;
  /** connections kept per process (default 4) */
  pool_max?: number;
};

export type UploadColumn = { name: string; label: string; type: ReportValueType };

/** The uploaded file behind an `upload` datasource. */
export type UploadInfo = {
  /** the local table holding its rows (built-in store, `rpt_up_<id>`) */
  table: string;
  file_name: string;
  rows: number;
  columns: UploadColumn[];
  uploaded_at: string;
  uploaded_by: string | null;
};

export type Datasource = {
  id: string;
  name: string;
  type: DatasourceType;
  /** connection URL with the password replaced by `••••••` (never returned in clear); null for store/upload */
  url: string | null;
  options: DatasourceOptions;
  health: DatasourceHealth | null;
  upload: UploadInfo | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

/** Write shape: `url` required for postgres/mysql/clickhouse; sending the masked URL back keeps the stored one. */
export type DatasourceInput = { name: string; type: DatasourceType; url?: string; options?: DatasourceOptions };

export type SourceColumn = { name: string; type: ReportValueType; source_type: string };
export type SourceTable = { name: string; columns: SourceColumn[] };

// ---------------------------------------------------------------------------------------------------------------
// Datasets

export const MASK_KINDS = ["phone", "email", "id_number", "full"] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

export type DatasetColumn = {
  name: string;
  label?: string;
  type: ReportValueType;
  /** shown masked (computed in the query) unless the viewer holds `iam:user:unmask` */
  mask?: MaskKind;
};

export const PARAM_TYPES = ["string", "number", "date", "datetime", "boolean", "string_list", "number_list"] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export type DatasetParam = {
  name: string;
  type: ParamType;
  required?: boolean;
  /** used when the caller gives none (text; lists comma-separated) */
  default?: string;
  label?: string;
};

/**
 * A row filter bound to the viewer (applied unless the viewer's data scope is ALL):
 * - `dept`: the column holds department ids; rows of departments in the viewer's data scope;
 * - `dept_attr`: the column holds a department attribute (e.g. region 华东); rows whose value is that attribute of a
 *   department in the viewer's scope (attributes: `/api/v1/report-attributes`);
 * - `user`: the column holds usernames; only the viewer's own rows.
 * A viewer in scope of nothing matching sees no rows.
 */
export type RowFilter = { column: string; source: "dept" | "dept_attr" | "user"; attr?: string };

export const BUILDER_AGGS = ["sum", "avg", "count", "count_distinct", "min", "max"] as const;
export type BuilderAgg = (typeof BUILDER_AGGS)[number];
export const FILTER_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "like", "between", "is_null", "not_null"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** The visual builder: compiled to SQL over identifiers read from the datasource's schema (never spliced text). */
export type DatasetBuilder = {
  table: string;
  fields: Array<{ column: string; alias?: string; agg?: BuilderAgg }>;
  /** a filter's right side is a literal `value` or a dataset parameter `param` */
  filters: Array<{ column: string; op: FilterOp; value?: unknown; param?: string }>;
  group_by: string[];
  sort: Array<{ column: string; dir: "asc" | "desc" }>;
  limit?: number;
};

export type Dataset = {
  id: string;
  name: string;
  description: string;
  datasource_id: string;
  mode: "sql" | "builder";
  /** mode sql: one SELECT (or WITH … SELECT); `:name` are parameters bound by the driver */
  sql: string | null;
  builder: DatasetBuilder | null;
  params: DatasetParam[];
  /** filled from the query's result when saved; labels and masks are the author's */
  columns: DatasetColumn[];
  row_filters: RowFilter[];
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export type DatasetInput = Pick<Dataset, "name" | "datasource_id" | "mode"> &
  Partial<Pick<Dataset, "description" | "sql" | "builder" | "params" | "columns" | "row_filters">>;

/** `POST /datasets/{id}/preview` and `POST /datasets/preview` (unsaved). */
export type DatasetPreview = {
  columns: DatasetColumn[];
  rows: Array<Record<string, unknown>>;
  /** rows the query returned (capped at the preview limit) */
  row_count: number;
  truncated: boolean;
  ms: number;
  /** the SQL run, with placeholders (never the values) */
  sql: string;
};

/** A department's attribute used by `dept_attr` row filters (e.g. {dept_id, key: "region", value: "华东"}). */
export type ReportAttribute = { dept_id: string; key: string; value: string };

// ---------------------------------------------------------------------------------------------------------------
// Reports

export const CHART_TYPES = ["table", "line", "bar", "area", "pie", "funnel", "gauge", "kpi", "heatmap"] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export type ChartSeries = { column: string; agg: BuilderAgg | "none"; label?: string };

export type ChartSpec = {
  type: ChartType;
  /** dimension (category/time axis; pie/funnel slice; heatmap x) */
  x?: string;
  /** heatmap y dimension; line/bar/area optional series split */
  y?: string;
  /** measures; table: the columns shown (empty: all) */
  series: ChartSeries[];
  stack?: boolean;
  /** table rows per page (default 20) */
  page_size?: number;
  /** kpi: period over period on a date column */
  kpi?: { date_column: string; period: "day" | "week" | "month" | "year"; compare: "previous_period" | "previous_year" };
  /** gauge bounds */
  gauge?: { min: number; max: number };
};

export const CONTROL_TYPES = ["text", "number", "select", "multiselect", "date", "daterange", "tree"] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];

export const DATE_PRESETS = ["today", "yesterday", "last_7_days", "last_30_days", "this_week", "this_month", "last_month", "this_quarter", "this_year"] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export type ControlOption = { value: string; label: string; children?: ControlOption[] };

/**
 * A control feeds dataset parameters: `param` (or `params` [from, to] for daterange).
 * Options: a static list, or a query over a dataset's columns (`value_column`, `label_column`); a cascading control
 * names its parent control in `depends_on` and filters its options on `parent_column` = the parent's value (any depth).
 * tree: options nest by `parent_column` holding the parent option's value.
 */
export type ReportControl = {
  name: string;
  label: string;
  type: ControlType;
  param?: string;
  params?: [string, string];
  required?: boolean;
  default?: string | string[] | DatePreset;
  options?: {
    static?: ControlOption[];
    dataset_id?: string;
    value_column?: string;
    label_column?: string;
    parent_column?: string;
  };
  depends_on?: string;
};

export type ColumnFormat = {
  kind?: "number" | "percent" | "currency" | "text";
  decimals?: number;
  thousands?: boolean;
  /** ISO 4217, default CNY */
  currency?: string;
  /** red up / green down (Chinese markets) or the reverse */
  trend?: "red_up" | "green_up";
  thresholds?: Array<{ op: "gt" | "gte" | "lt" | "lte"; value: number; color: string }>;
};

export type DrillThrough = {
  /** the column whose values are clickable */
  column: string;
  report_id: string;
  /** target report parameter ← this row's column (or a fixed value via `value:`) */
  params: Record<string, string>;
};

export type Report = {
  id: string;
  name: string;
  title: string;
  description: string;
  dataset_id: string;
  chart: ChartSpec;
  controls: ReportControl[];
  format: Record<string, ColumnFormat>;
  drill: DrillThrough | null;
  /** result cache per parameters and viewer scope; 0 = no cache */
  cache_ttl_s: number;
  /** role codes that may view it (empty: anyone with reports:view) */
  roles: string[];
  owner_id: string | null;
  favourite: boolean;
  created_at: string;
  updated_at: string;
};

export type ReportInput = Pick<Report, "name" | "title" | "dataset_id" | "chart"> &
  Partial<Pick<Report, "description" | "controls" | "format" | "drill" | "cache_ttl_s" | "roles">>;

export type ReportDataColumn = {
  name: string; label: string; type: ReportValueType; format?: ColumnFormat; masked?: boolean;
  /** the report's drill-through column: its values open `ReportData.drill`'s target */
  drill?: boolean;
};

/** `GET /reports/{id}/data?<param>=…&page=&page_size=&sort=col:asc|desc` */
export type ReportData = {
  columns: ReportDataColumn[];
  rows: Array<Record<string, unknown>>;
  /** table charts: rows before paging (capped at the datasource row cap) */
  total?: number;
  page?: number;
  page_size?: number;
  truncated: boolean;
  /** kpi charts */
  kpi?: { value: number | null; previous: number | null; delta_pct: number | null };
  /** the parameters used after defaults and presets were applied */
  params: Record<string, string | string[]>;
  cached: boolean;
  ms: number;
  generated_at: string;
  /** viewer and time: drawn on screen, in images and in exports */
  watermark: string;
  /**
   * Drill-through: a click on a value of `column` opens `/reports/<report_name>?<param>=<row[column of params[param]]>`
   * (a param mapped to `value:<text>` takes that text).
   */
  drill?: { column: string; report_id: string; report_name: string; params: Record<string, string> } | null;
};

/** Per user and report: table columns shown and their order, page size, sort. */
export type ReportViewPrefs = { columns?: string[]; hidden?: string[]; page_size?: number; sort?: string };

/** `POST /reports/{id}/shares`: a read-only link that opens the report with fixed parameters for signed-in users. */
export type ReportShare = { id: string; report_id: string; params: Record<string, string | string[]>; url: string; expires_at: string | null; created_by: string | null; created_at: string };

// ---------------------------------------------------------------------------------------------------------------
// Exports and subscriptions

export const EXPORT_FORMATS = ["xlsx", "csv", "pdf", "png"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A large export runs as a job: `POST /reports/{id}/exports` → 202 with this; a notification carries the link. */
export type ReportExport = {
  id: string;
  report_id: string;
  format: ExportFormat;
  status: "queued" | "running" | "done" | "failed";
  /** 0..100 */
  progress: number;
  rows: number | null;
  bytes: number | null;
  error: string | null;
  download_url: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
};

export const SUBSCRIPTION_FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type SubscriptionFrequency = (typeof SUBSCRIPTION_FREQUENCIES)[number];

export type SubscriptionRecipient = { type: "user" | "role" | "dept"; id: string };

export type ReportSubscription = {
  id: string;
  report_id: string;
  name: string;
  frequency: SubscriptionFrequency;
  /** HH:mm in `time_zone` */
  time: string;
  /** weekly: 1 (Mon) … 7; monthly: 1 … 28 */
  day?: number;
  time_zone: string;
  /** fixed control values for every run */
  params: Record<string, string | string[]>;
  recipients: SubscriptionRecipient[];
  /** "im": a report-digest card to each recipient's bound chat; "email": HTML with inline chart and xlsx */
  channels: Array<"im" | "email">;
  attach_xlsx: boolean;
  enabled: boolean;
  next_run_at: string | null;
  last_run_at: string | null;
  last_status: "ok" | "partial" | "failed" | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

// ---------------------------------------------------------------------------------------------------------------
// Metric dictionary (指标字典)

export type Metric = {
  id: string;
  name: string;
  title: string;
  owner_id: string | null;
  /** 计算口径: the business definition, markdown */
  definition: string;
  /** one of: SQL text, or a dataset field */
  sql: string | null;
  dataset_id: string | null;
  column: string | null;
  unit: string;
  /** how often its data refreshes, e.g. "daily 06:00" */
  refresh: string;
  tags: string[];
  /** reports whose dataset uses it */
  report_ids: string[];
  /** the owner's display name (null when none) */
  owner_name?: string | null;
  created_at: string;
  updated_at: string;
};
