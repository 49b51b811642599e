import type { Actor } from "@ops/shared";
import type { Dataset, DatasetPreview, SourceColumn, SourceTable } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import type { DatasetRunner, SourceDriver, SourceRegistry, ViewerScope } from "../ports.ts";
import { invalid } from "../reports.errors.ts";
import { Binder } from "./binder.ts";
import { resolveParams } from "./params.ts";
import type { SchemaCache } from "./schema-cache.ts";
import { boundRowFilters, viewerScope } from "./scope.ts";
import { compileShape, innerSql, type ShapeInput } from "./shape.ts";

export type RunnerDeps = { db: Db; scope: ScopeFilter; sources: SourceRegistry; schemas: SchemaCache };

/** What a dataset (saved or not) needs to run: the parts of Dataset the query reads. */
export type RunnableDataset = Pick<Dataset, "datasource_id" | "mode" | "sql" | "builder" | "params" | "columns" | "row_filters">;

export const PREVIEW_ROWS = 100;

/** query/: runs datasets as a viewer (ports.ts DatasetRunner), plus the column probe and preview datasets/ uses. */
export function createDatasetRunner(deps: RunnerDeps) {
  const { db, sources, schemas } = deps;

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

  const runner = {
    scopeOf,
    async run(actor, dataset, params, shape, options = {}) {
      const { driver, input, limits } = await prepare(actor, dataset, params);
      const compiled = compileShape(input, shape);
      const rowCap = Math.min(options.rowCap ?? limits.rowCap, limits.rowCap);
      const result = await driver.query(compiled.query, { timeoutMs: limits.timeoutMs, rowCap, signal: options.signal });
      let total: number | undefined;
      if (compiled.count) {
        const counted = await driver.query(compiled.count, { timeoutMs: limits.timeoutMs, rowCap: 1, signal: options.signal });
        total = Number(Object.values(counted.rows[0] ?? {})[0] ?? 0);
      }
      return { ...result, columns_out: compiled.columns, ...(total === undefined ? {} : { total }) };
    },
    async stream(actor, dataset, params, shape, onBatch, options = {}) {
      const { driver, input, limits } = await prepare(actor, dataset, params);
      const compiled = compileShape(input, shape);
      return driver.stream(compiled.query, { timeoutMs: limits.timeoutMs, signal: options.signal }, (rows) => onBatch(rows, compiled.columns));
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
    const query = binder.done(`SELECT * FROM (\n${innerSql(input, binder)}\n) t LIMIT 1`);
    const { timeoutMs } = sources.limitsOf(datasource);
    return (await driver.query(query, { timeoutMs, rowCap: 1 })).columns;
  }

  /** The first rows of a dataset as the author sees them (their own row filters and masks apply too). */
  async function preview(actor: Actor, dataset: RunnableDataset, params: Record<string, string | string[]>): Promise<DatasetPreview> {
    const columns = dataset.columns.length ? dataset.columns : (await probeColumns(dataset)).map((c) => ({ name: c.name, type: c.type }));
    const ready = { ...dataset, columns };
    const { driver, input, limits } = await prepare(actor, ready, params);
    const compiled = compileShape(input, { kind: "rows", limit: PREVIEW_ROWS + 1 });
    const result = await driver.query(compiled.query, { timeoutMs: limits.timeoutMs, rowCap: PREVIEW_ROWS + 1 });
    const truncated = result.truncated || result.rows.length > PREVIEW_ROWS;
    const rows = result.rows.slice(0, PREVIEW_ROWS);
    return { columns: columns.map((c) => ({ ...c })), rows, row_count: rows.length, truncated, ms: result.ms, sql: compiled.query.sql };
  }

  return { ...runner, probeColumns, preview };
}

export type DatasetRunnerImpl = ReturnType<typeof createDatasetRunner>;
