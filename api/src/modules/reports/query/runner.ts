import type { Actor } from "@ops/shared";
import type { Dataset, DatasetPreview, SourceColumn, SourceTable } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import type { SlowQueryRecorder } from "../../../platform/observability.ts";
import type { CompiledQuery, DatasetRunner, QueryOptions, QueryRef, SourceDriver, SourceRegistry, ViewerScope } from "../ports.ts";
import { invalid } from "../reports.errors.ts";
import { Binder } from "./binder.ts";
import { resolveParams } from "./params.ts";
import type { SchemaCache } from "./schema-cache.ts";
import { boundRowFilters, viewerScope } from "./scope.ts";
import { compileShape, innerSql, type ShapeInput } from "./shape.ts";
import { timed } from "./timing.ts";

/** `slowQueries`: every statement's timing goes to the monitor's slow query log (screen queries, previews, exports) */
export type RunnerDeps = { db: Db; scope: ScopeFilter; sources: SourceRegistry; schemas: SchemaCache; slowQueries?: SlowQueryRecorder };

/** What a dataset (saved or not) needs to run: the parts of Dataset the query reads. */
export type RunnableDataset = Pick<Dataset, "datasource_id" | "mode" | "sql" | "builder" | "params" | "columns" | "row_filters">;

export const PREVIEW_ROWS = 100;

/** query/: runs datasets as a viewer (ports.ts DatasetRunner), plus the column probe and preview datasets/ uses. */
export function createDatasetRunner(deps: RunnerDeps) {
  const { db, sources, schemas, slowQueries } = deps;
  /** a saved dataset names itself when no report is given; a draft (preview before saving) has no id yet */
  const refOf = (dataset: RunnableDataset, ref?: QueryRef): QueryRef | null =>
    ref ?? ("id" in dataset && typeof dataset.id === "string" ? { id: dataset.id, name: String((dataset as { name?: unknown }).name ?? "") } : null);

  const scopeOf = (actor: Actor, _dataset?: Pick<Dataset, "row_filters">): Promise<ViewerScope> => viewerScope(db, deps.scope, actor);

  async function builderTable(dataset: RunnableDataset, driver: SourceDriver): Promise<SourceTable | undefined> {
    if (dataset.mode !== "builder" || !dataset.builder) return undefined;
    const table = (await schemas.tables(dataset.datasource_id, driver)).find((t) => t.name === dataset.builder!.table);
    if (!table) throw invalid([{ field: "builder.table", message: "reports.unknown_table", params: { name: dataset.builder.table } }]);
    return table;
  }

  /** Everything a shape compiles from, for this viewer. */
  async function prepare(actor: Actor, dataset: RunnableDataset, params: Record<string, string | string[]>) {
    const { datasource, driver } = await sources.driverOf(dataset.datasource_id);
    const values = resolveParams(dataset.params, params, driver.dialect);
    const scope = await scopeOf(actor, dataset);
    const input: ShapeInput = {
      dialect: driver.dialect, dataset, values, table: await builderTable(dataset, driver),
      filters: await boundRowFilters(db, dataset, scope), unmask: scope.unmask,
    };
    return { datasource, driver, input, limits: sources.limitsOf(datasource) };
  }

  type Prepared = Awaited<ReturnType<typeof prepare>>;
  /** One statement through the driver, timed for the slow query log. */
  function runQuery(p: Pick<Prepared, "datasource" | "driver">, meta: { source: "report" | "dataset"; actor: Actor | null; ref: QueryRef | null }, q: CompiledQuery, options: QueryOptions) {
    return timed(slowQueries, { ...meta, datasource: p.datasource }, q, () => p.driver.query(q, options), (r) => r.rows.length);
  }

  const runner = {
    scopeOf,
    async run(actor, dataset, params, shape, options = {}) {
      const prepared = await prepare(actor, dataset, params);
      const { input, limits } = prepared;
      const meta = { source: "report" as const, actor, ref: refOf(dataset, options.ref) };
      const compiled = compileShape(input, shape);
      const rowCap = Math.min(options.rowCap ?? limits.rowCap, limits.rowCap);
      const result = await runQuery(prepared, meta, compiled.query, { timeoutMs: limits.timeoutMs, rowCap, signal: options.signal });
      let total: number | undefined;
      if (compiled.count) {
        const counted = await runQuery(prepared, meta, compiled.count, { timeoutMs: limits.timeoutMs, rowCap: 1, signal: options.signal });
        total = Number(Object.values(counted.rows[0] ?? {})[0] ?? 0);
      }
      return { ...result, columns_out: compiled.columns, ...(total === undefined ? {} : { total }) };
    },
    async stream(actor, dataset, params, shape, onBatch, options = {}) {
      const { datasource, driver, input, limits } = await prepare(actor, dataset, params);
      const compiled = compileShape(input, shape);
      const meta = { source: "export" as const, actor, datasource, ref: refOf(dataset, options.ref) };
      return timed(slowQueries, meta, compiled.query, () => driver.stream(compiled.query, { timeoutMs: limits.timeoutMs, signal: options.signal }, (rows) => onBatch(rows, compiled.columns)), (r) => r.rows);
    },
  } satisfies DatasetRunner;

  /**
   * The columns a dataset's query answers, read by running it once with its defaults (missing values NULL) and
   * LIMIT 1, with no row filter or mask: what the author declares labels and masks over.
   */
  async function probeColumns(dataset: RunnableDataset): Promise<SourceColumn[]> {
    const { datasource, driver } = await sources.driverOf(dataset.datasource_id);
    const values = resolveParams(dataset.params, {}, driver.dialect, { probe: true });
    const binder = new Binder(driver.dialect);
    const input: ShapeInput = { dialect: driver.dialect, dataset, values, table: await builderTable(dataset, driver), filters: [], unmask: true };
    const probe = binder.done(`SELECT * FROM (\n${innerSql(input, binder)}\n) t LIMIT 1`);
    const { timeoutMs } = sources.limitsOf(datasource);
    return (await runQuery({ datasource, driver }, { source: "dataset", actor: null, ref: refOf(dataset) }, probe, { timeoutMs, rowCap: 1 })).columns;
  }

  /** The first rows of a dataset as the author sees them (their own row filters and masks apply too). */
  async function preview(actor: Actor, dataset: RunnableDataset, params: Record<string, string | string[]>): Promise<DatasetPreview> {
    const columns = dataset.columns.length ? dataset.columns : (await probeColumns(dataset)).map((c) => ({ name: c.name, type: c.type }));
    const ready = { ...dataset, columns };
    const prepared = await prepare(actor, ready, params);
    const { input, limits } = prepared;
    const compiled = compileShape(input, { kind: "rows", limit: PREVIEW_ROWS + 1 });
    const result = await runQuery(prepared, { source: "dataset", actor, ref: refOf(dataset) }, compiled.query, { timeoutMs: limits.timeoutMs, rowCap: PREVIEW_ROWS + 1 });
    const truncated = result.truncated || result.rows.length > PREVIEW_ROWS;
    const rows = result.rows.slice(0, PREVIEW_ROWS);
    return { columns: columns.map((c) => ({ ...c })), rows, row_count: rows.length, truncated, ms: result.ms, sql: compiled.query.sql };
  }

  return { ...runner, probeColumns, preview };
}

export type DatasetRunnerImpl = ReturnType<typeof createDatasetRunner>;
