import { SQL } from "bun";
import type { SourceColumn, SourceTable } from "@ops/shared/contracts/reports.ts";
import type { CompiledQuery, QueryOptions, QueryResult, SourceDriver } from "../ports.ts";
import { queryCancelled, queryFailed, queryTimeout, readOnly, sourceUnreachable } from "../reports.errors.ts";
import { AppError } from "@ops/shared";
import { scrub } from "./sources.errors.ts";
import { screenSelect } from "./screen.ts";
import { isNumericText, valueTypeOf } from "./value-types.ts";

/** PostgreSQL type OIDs → names (what valueTypeOf reads); others are text. */
const PG_TYPES: Record<number, string> = {
  16: "bool", 20: "int8", 21: "int2", 23: "int4", 26: "oid", 700: "float4", 701: "float8", 790: "money", 1700: "numeric",
  1082: "date", 1114: "timestamp", 1184: "timestamptz", 25: "text", 1043: "varchar", 1042: "bpchar", 2950: "uuid",
  114: "json", 3802: "jsonb", 1083: "time", 1186: "interval",
};
export const BATCH = 1000;
/**
 * A long read (an export of a million rows) leaves each FETCH's result to the collector, which lets them pile up (a
 * 1M-row read grew the process by ~100 MB; the JS heap figures do not show it, so a growth check cannot tell when).
 * A full collection every this many FETCHes holds the growth to a few tens of MB, at about a second per million rows.
 */
const COLLECT_EVERY = 25;

type Tx = SQL;
type PgColumn = { name: string; type: number };

export function columnsOf(result: unknown): SourceColumn[] {
  const cols = ((result as { columns?: PgColumn[] }).columns ?? []) as PgColumn[];
  return cols.map((c) => {
    const source = PG_TYPES[c.type] ?? `oid:${c.type}`;
    return { name: c.name, type: valueTypeOf(source), source_type: source };
  });
}

/** Bun SQL gives int8/numeric as text and dates as Date: numbers for numeric columns, YYYY-MM-DD for dates. */
export function normalizeRows(rows: Array<Record<string, unknown>>, columns: SourceColumn[]): Array<Record<string, unknown>> {
  const numeric = columns.filter((c) => isNumericText(c.source_type)).map((c) => c.name);
  const dates = columns.filter((c) => c.source_type === "date").map((c) => c.name);
  if (!numeric.length && !dates.length) return rows;
  for (const row of rows) {
    for (const n of numeric) if (typeof row[n] === "string") row[n] = Number(row[n]);
    for (const d of dates) if (row[d] instanceof Date) row[d] = (row[d] as Date).toISOString().slice(0, 10);
  }
  return rows;
}

/** Maps a Bun SQL error to the reports errors; never lets the URL or password through. */
export function pgError(e: unknown, ctx: { cancelled: boolean; timeoutMs: number; secrets?: string[] }): AppError {
  if (e instanceof AppError) return e;
  const err = e as { errno?: string; code?: string; message?: string };
  const state = String(err.errno ?? "");
  const message = scrub(String(err.message ?? e), ctx.secrets);
  if (state === "25006" || /read-only transaction|data-modifying statements/i.test(message)) return readOnly();
  if (state === "57014") return ctx.cancelled ? queryCancelled() : queryTimeout(ctx.timeoutMs);
  if (err.code === "ERR_POSTGRES_SERVER_ERROR" && !/^(08|28|3D|53|57P)/.test(state)) return queryFailed(message);
  return sourceUnreachable(message);
}

/**
 * Runs `fn` in a read-only transaction with a statement timeout; aborting `signal` cancels the running statement
 * from another connection (pg_cancel_backend on the transaction's backend pid).
 */
const CANCEL_REPEAT_MS = 100;

export async function readOnlyTx<T>(
  pool: SQL, options: { timeoutMs: number; signal?: AbortSignal; secrets?: string[] }, fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const state = { pid: null as number | null, cancelled: false };
  if (options.signal?.aborted) throw queryCancelled();
  let repeat: ReturnType<typeof setInterval> | null = null;
  const cancel = () => {
    if (state.pid !== null) void pool.unsafe("SELECT pg_cancel_backend($1)", [state.pid]).catch(() => undefined);
  };
  const onAbort = () => {
    state.cancelled = true;
    cancel();
    // A cancel that reaches the backend between two statements of the transaction cancels nothing, and the next
    // statement would run to its end: repeat it until the transaction is over.
    repeat = setInterval(cancel, CANCEL_REPEAT_MS);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await pool.begin("read only", async (tx) => {
      const [me] = await tx.unsafe("SELECT pg_backend_pid() AS pid");
      state.pid = Number(me.pid);
      if (state.cancelled) throw queryCancelled();
      await tx.unsafe(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
      const result = await fn(tx as unknown as Tx);
      // aborted while the last statement was finishing: the caller asked for no result
      if (state.cancelled) throw queryCancelled();
      return result;
    });
  } catch (e) {
    throw pgError(e, { cancelled: state.cancelled, timeoutMs: options.timeoutMs, secrets: options.secrets });
  } finally {
    if (repeat) clearInterval(repeat);
    state.pid = null;
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** Reads through a cursor in the open read-only transaction: at most `cap` rows per FETCH. */
export async function cursorRun(
  tx: Tx, q: CompiledQuery, onBatch: (rows: Array<Record<string, unknown>>, columns: SourceColumn[]) => Promise<boolean>,
  options: { batch: number; deadline: number; timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  await tx.unsafe(`DECLARE ops_report_cursor NO SCROLL CURSOR FOR ${q.sql}\n`, q.values as never[]);
  for (let fetches = 1; ; fetches++) {
    const result = await tx.unsafe(`FETCH ${options.batch} FROM ops_report_cursor`);
    if (fetches % COLLECT_EVERY === 0) Bun.gc(true);
    const columns = columnsOf(result);
    const rows = normalizeRows(Array.from(result) as Array<Record<string, unknown>>, columns);
    const more = await onBatch(rows, columns);
    if (!more || rows.length < options.batch) return;
    if (options.signal?.aborted) throw queryCancelled();
    if (Date.now() > options.deadline) throw queryTimeout(options.timeoutMs);
  }
}

export function createPostgresDriver(url: string, options: { poolMax: number }): SourceDriver {
  // one connection more than asked: cancels go over another connection than the statement's
  const pool = new SQL({ url, max: Math.max(2, options.poolMax), connectionTimeout: 10, idleTimeout: 60 });
  const secrets = secretsOf(url);
  return {
    dialect: "postgres",
    async test() {
      const started = performance.now();
      try {
        const [row] = await pool.unsafe("SELECT version() AS version");
        return { version: String(row.version), ms: Math.round(performance.now() - started) };
      } catch (e) {
        throw pgError(e, { cancelled: false, timeoutMs: 0, secrets });
      }
    },
    async tables() {
      try {
        const rows = (await pool.unsafe(
          `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c, c.udt_name AS u
             FROM information_schema.columns c
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg\\_%'
            ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
        )) as Array<{ s: string; t: string; c: string; u: string }>;
        return groupTables(rows.map((r) => ({ table: r.s === "public" ? r.t : `${r.s}.${r.t}`, column: r.c, type: r.u })));
      } catch (e) {
        throw pgError(e, { cancelled: false, timeoutMs: 0, secrets });
      }
    },
    async query(q, o) {
      const sql = screenSelect(q.sql, "e-strings");
      const started = performance.now();
      let out: QueryResult = { columns: [], rows: [], truncated: false, ms: 0 };
      await readOnlyTx(pool, { ...o, secrets }, (tx) =>
        cursorRun(tx, { sql, values: q.values }, async (rows, columns) => {
          out = { columns, rows: rows.slice(0, o.rowCap), truncated: rows.length > o.rowCap, ms: 0 };
          return false;
        }, { batch: o.rowCap + 1, deadline: Infinity, timeoutMs: o.timeoutMs, signal: o.signal }),
      );
      return { ...out, ms: Math.round(performance.now() - started) };
    },
    async stream(q, o, onBatch) {
      const sql = screenSelect(q.sql, "e-strings");
      let count = 0;
      const deadline = Date.now() + o.timeoutMs;
      await readOnlyTx(pool, { ...o, secrets }, (tx) =>
        cursorRun(tx, { sql, values: q.values }, async (rows, columns) => {
          count += rows.length;
          if (rows.length) await onBatch(rows, columns);
          return true;
        }, { batch: BATCH, deadline, timeoutMs: o.timeoutMs, signal: o.signal }),
      );
      return { rows: count };
    },
    async close() {
      await pool.close({ timeout: 5 });
    },
  };
}

/** The password (and user:password) of a URL: taken out of any error text. */
export function secretsOf(url: string): string[] {
  try {
    const u = new URL(url);
    return [decodeURIComponent(u.password), u.password].filter(Boolean);
  } catch {
    return [];
  }
}

export function groupTables(rows: Array<{ table: string; column: string; type: string }>): SourceTable[] {
  const tables = new Map<string, SourceTable>();
  for (const r of rows) {
    let t = tables.get(r.table);
    if (!t) tables.set(r.table, (t = { name: r.table, columns: [] }));
    t.columns.push({ name: r.column, type: valueTypeOf(r.type), source_type: r.type });
  }
  return [...tables.values()];
}

export type { QueryOptions };
