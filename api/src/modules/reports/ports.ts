/**
 * The seams between the parts of the reports module (sources/, uploads/, query/, datasets/, reports/, exports/,
 * subscriptions/, dictionary/). Each part codes against these, so the parts can be built and tested apart.
 */
import type { Actor } from "@ops/shared";
import type { Datasource, Dataset, Report, ReportData, ReportDataColumn, SourceColumn, SourceTable } from "@ops/shared/contracts/reports.ts";

/** The SQL dialect a driver speaks (the built-in store is sqlite or postgres). */
export type SourceDialect = "postgres" | "mysql" | "clickhouse" | "sqlite";

/** SQL in the driver's dialect with its placeholders, and the values bound to them (never spliced). */
export type CompiledQuery = { sql: string; values: unknown[] };

export type QueryOptions = {
  /** the server cancels the statement past it (PostgreSQL statement_timeout, MariaDB max_statement_time, …) */
  timeoutMs: number;
  /** at most this many rows come back; `truncated` says there were more */
  rowCap: number;
  /** aborting cancels the statement on the server (pg_cancel_backend, KILL QUERY, …) */
  signal?: AbortSignal;
};

export type QueryResult = {
  columns: SourceColumn[];
  rows: Array<Record<string, unknown>>;
  truncated: boolean;
  ms: number;
};

/**
 * One datasource's connection pool. Every statement runs read-only (a read-only transaction or a read-only session),
 * with the server-side timeout, and can be cancelled. A write attempt fails with `reports.query_read_only`, a timeout
 * with `reports.query_timeout`, a cancel with `reports.query_cancelled` (AppErrors from reports.errors.ts).
 */
export interface SourceDriver {
  readonly dialect: SourceDialect;
  test(): Promise<{ version: string; ms: number }>;
  /** tables (and views) with their columns: the builder's identifiers come only from here */
  tables(): Promise<SourceTable[]>;
  query(q: CompiledQuery, options: QueryOptions): Promise<QueryResult>;
  /** every row in batches of about 1,000 without a row cap (exports); resolves with the row count */
  stream(
    q: CompiledQuery,
    options: Omit<QueryOptions, "rowCap">,
    onBatch: (rows: Array<Record<string, unknown>>, columns: SourceColumn[]) => Promise<void>,
  ): Promise<{ rows: number }>;
  close(): Promise<void>;
}

/** sources/: datasources by id with their pooled drivers (created on first use, closed on change and at stop). */
export interface SourceRegistry {
  get(id: string): Promise<Datasource>;
  driverOf(id: string): Promise<{ datasource: Datasource; driver: SourceDriver }>;
  /** the effective timeout and row cap of a datasource */
  limitsOf(datasource: Datasource): { timeoutMs: number; rowCap: number };
  stop(): Promise<void>;
}

/**
 * What the viewer may see of a dataset's rows: ALL, or the departments (and user) of their data scope. `unmask`: the
 * viewer holds iam:user:unmask (masked columns come in clear). `key` names the scope for caches ("all", "all:u", "s:…").
 */
export type ViewerScope =
  | { all: true; unmask: boolean; key: string }
  | { all: false; deptIds: string[]; username: string | null; unmask: boolean; key: string };

/**
 * The shape of a query over a dataset. The dataset's SQL becomes a subquery; row filters, masking, aggregation,
 * sort and paging wrap it, over identifiers checked against the dataset's columns.
 */
export type QueryShape =
  | { kind: "rows"; columns?: string[]; sort?: Array<{ column: string; dir: "asc" | "desc" }>; offset?: number; limit?: number; count?: boolean }
  | {
      kind: "aggregate";
      dimensions: string[];
      measures: Array<{ column: string; agg: "sum" | "avg" | "count" | "count_distinct" | "min" | "max" | "none"; as: string }>;
      /** extra equality/range filters on dataset columns (kpi periods, drill) */
      where?: Array<{ column: string; op: "eq" | "gte" | "lt" | "in"; value: unknown }>;
      sort?: Array<{ column: string; dir: "asc" | "desc" }>;
      limit?: number;
    }
  | { kind: "distinct"; value: string; label?: string; where?: Array<{ column: string; op: "eq" | "in"; value: unknown }>; limit?: number };

/** query/: runs a dataset as a viewer. Parameters are validated against the dataset's (400 naming the field). */
export interface DatasetRunner {
  scopeOf(actor: Actor, dataset: Dataset): Promise<ViewerScope>;
  /** `ref`: the report the statement runs for (the slow query log names it; default the dataset) */
  run(actor: Actor, dataset: Dataset, params: Record<string, string | string[]>, shape: QueryShape, options?: { signal?: AbortSignal; rowCap?: number; ref?: QueryRef }): Promise<QueryResult & { columns_out: ReportDataColumn[]; total?: number }>;
  stream(
    actor: Actor, dataset: Dataset, params: Record<string, string | string[]>, shape: QueryShape,
    onBatch: (rows: Array<Record<string, unknown>>, columns: ReportDataColumn[]) => Promise<void>,
    options?: { signal?: AbortSignal; ref?: QueryRef },
  ): Promise<{ rows: number }>;
}

/** What a statement ran for, as the slow query log names it. */
export type QueryRef = { id: string; name: string };

/** datasets/: read access for the other parts. */
export interface DatasetLookup {
  get(id: string): Promise<Dataset>;
}

/**
 * reports/: a report's data as a viewer (controls → parameters, defaults and presets, chart → query shape, cache,
 * permissions). Exports, subscriptions, the bot's answers and the PWA all read through it.
 */
export interface ReportReader {
  /** by id or name; 404 when missing, 403 when the viewer's roles may not see it */
  get(actor: Actor, idOrName: string): Promise<Report>;
  data(actor: Actor, idOrName: string, params: Record<string, string | string[]>, options?: { page?: number; pageSize?: number; sort?: string; noCache?: boolean }): Promise<ReportData>;
  /** every row of the report's table view (exports), with the same permissions */
  stream(
    actor: Actor, idOrName: string, params: Record<string, string | string[]>,
    onBatch: (rows: Array<Record<string, unknown>>, columns: ReportDataColumn[]) => Promise<void>,
    options?: { signal?: AbortSignal },
  ): Promise<{ rows: number; columns: ReportDataColumn[] }>;
}
