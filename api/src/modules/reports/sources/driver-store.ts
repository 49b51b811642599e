import type { SourceColumn, SourceTable } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { CompiledQuery, QueryResult, SourceDriver } from "../ports.ts";
import { queryCancelled, queryFailed, queryTimeout, readOnly } from "../reports.errors.ts";
import { groupTables, pgError } from "./driver-postgres.ts";
import { screenSelect } from "./screen.ts";
import { checkPostgresPlan, checkSqlitePlan, type TableRule } from "./store-guard.ts";
import { AppError } from "@ops/shared";
import { scrub } from "./sources.errors.ts";

const BATCH = 1000;
const MARK = "__ops_one";

/** A value's report type when the store gives no column types (SQLite; PostgreSQL rows read as JSON). */
function typeOfValue(v: unknown): SourceColumn["type"] | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return "date";
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return "datetime";
  return "string";
}

function columnsFrom(names: string[], rows: Array<Record<string, unknown>>): SourceColumn[] {
  return names.map((name) => {
    let type: SourceColumn["type"] = "string";
    for (const r of rows) {
      const t = typeOfValue(r[name]);
      if (t) {
        type = t;
        break;
      }
    }
    return { name, type, source_type: type };
  });
}

/**
 * The built-in store as a datasource, limited to report tables (`rpt_*`, or one upload's table): each statement is
 * first planned by the engine and refused when the plan opens any other table (store-guard.ts), then run read-only
 * (PostgreSQL: READ ONLY transaction, statement_timeout, pg_cancel_backend on abort; SQLite: `PRAGMA query_only`
 * for the statement, the row cap, and the signal and timeout checked between batches — bun:sqlite cannot interrupt
 * a running statement).
 */
export function createStoreDriver(db: Db, rule: TableRule = {}): SourceDriver {
  const pg = db.dialect === "postgres";

  /** Runs `fn` read-only after the plan check, with the timeout and cancel the engine allows. */
  async function guarded<T>(q: CompiledQuery, o: { timeoutMs: number; signal?: AbortSignal }, fn: (sql: string) => Promise<T>): Promise<T> {
    const sql = screenSelect(q.sql, pg ? "e-strings" : "never");
    if (o.signal?.aborted) throw queryCancelled();
    if (!pg) {
      return sqliteError(() => db.tx(async () => {
        await checkSqlitePlan(db, sql, q.values, rule);
        await db.run("PRAGMA query_only = 1");
        try {
          return await fn(sql);
        } finally {
          await db.run("PRAGMA query_only = 0");
        }
      }));
    }
    const state = { pid: null as number | null, cancelled: false };
    const onAbort = () => {
      state.cancelled = true;
      if (state.pid !== null) void db.run("SELECT pg_cancel_backend(?)", [state.pid]).catch(() => undefined);
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await db.tx(async () => {
        await db.run("SET TRANSACTION READ ONLY");
        await db.run(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(o.timeoutMs))}`);
        const [me] = await db.all<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        state.pid = Number(me?.pid);
        await checkPostgresPlan(db, sql, q.values, rule);
        if (state.cancelled) throw queryCancelled();
        return fn(sql);
      });
    } catch (e) {
      throw pgError(e, { cancelled: state.cancelled, timeoutMs: o.timeoutMs });
    } finally {
      state.pid = null;
      o.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Rows `offset…offset+limit` of the statement (SQLite pages; PostgreSQL rows as JSON keep numbers numbers). */
  async function page(sql: string, values: unknown[], offset: number, limit: number): Promise<Array<Record<string, unknown>>> {
    if (!pg) return db.all(`SELECT * FROM (${sql}\n) AS ops_q LIMIT ${limit} OFFSET ${offset}`, values);
    const rows = await db.all<{ r: string }>(`SELECT row_to_json(ops_q)::text AS r FROM (${sql}\n) AS ops_q LIMIT ${limit} OFFSET ${offset}`, values);
    return rows.map((x) => JSON.parse(x.r) as Record<string, unknown>);
  }

  /** Column names of a statement that returned no rows: a LEFT JOIN onto one row shows them (all null). */
  async function emptyColumns(sql: string, values: unknown[]): Promise<SourceColumn[]> {
    const [row] = await db.all<Record<string, unknown>>(`SELECT ops_q.* FROM (SELECT 1 AS ${MARK}) AS ops_one LEFT JOIN (${sql}\n) AS ops_q ON 1 = 1`, values);
    return columnsFrom(Object.keys(row ?? {}).filter((k) => k !== MARK), []);
  }

  return {
    dialect: pg ? "postgres" : "sqlite",
    async test() {
      const started = performance.now();
      const [row] = await db.all<{ v: string }>(pg ? "SELECT version() AS v" : "SELECT 'SQLite ' || sqlite_version() AS v");
      return { version: String(row?.v), ms: Math.round(performance.now() - started) };
    },
    async tables() {
      const rows = pg
        ? await db.all<{ t: string; c: string; d: string }>(
            `SELECT table_name AS t, column_name AS c, data_type AS d FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name LIKE 'rpt\\_%' ORDER BY table_name, ordinal_position`)
        : await db.all<{ t: string; c: string; d: string }>(
            `SELECT s.name AS t, p.name AS c, p.type AS d FROM sqlite_schema s, pragma_table_info(s.name) p
              WHERE s.type IN ('table', 'view') AND s.name LIKE 'rpt\\_%' ESCAPE '\\' ORDER BY s.name, p.cid`);
      const all: SourceTable[] = groupTables(rows.map((r) => ({ table: r.t, column: r.c, type: r.d })));
      return all.filter((t) => (rule.onlyTable ? t.name === rule.onlyTable : true));
    },
    async query(q, o): Promise<QueryResult> {
      const started = performance.now();
      return guarded(q, o, async (sql) => {
        const rows = await page(sql, q.values, 0, o.rowCap + 1);
        const columns = rows.length ? columnsFrom(Object.keys(rows[0]!), rows) : await emptyColumns(sql, q.values);
        return { columns, rows: rows.slice(0, o.rowCap), truncated: rows.length > o.rowCap, ms: Math.round(performance.now() - started) };
      });
    },
    async stream(q, o, onBatch) {
      const deadline = Date.now() + o.timeoutMs;
      let count = 0;
      let columns: SourceColumn[] | null = null;
      if (pg) {
        // one read-only transaction, read through a cursor
        await guarded(q, o, async (sql) => {
          await db.run(`DECLARE ops_store_cursor NO SCROLL CURSOR FOR SELECT row_to_json(ops_q)::text AS r FROM (${sql}\n) AS ops_q`, q.values);
          for (;;) {
            const rows = (await db.all<{ r: string }>(`FETCH ${BATCH} FROM ops_store_cursor`)).map((x) => JSON.parse(x.r) as Record<string, unknown>);
            if (rows.length) {
              columns ??= columnsFrom(Object.keys(rows[0]!), rows);
              count += rows.length;
              await onBatch(rows, columns);
            }
            if (rows.length < BATCH) return;
            if (o.signal?.aborted) throw queryCancelled();
            if (Date.now() > deadline) throw queryTimeout(o.timeoutMs);
          }
        });
        return { rows: count };
      }
      // SQLite holds its one connection during a transaction: each page is its own guarded statement, so other
      // requests run between pages (and the signal and the timeout are checked there).
      for (let offset = 0; ; offset += BATCH) {
        const rows = await guarded(q, o, (sql) => page(sql, q.values, offset, BATCH));
        if (rows.length) {
          columns ??= columnsFrom(Object.keys(rows[0]!), rows);
          count += rows.length;
          await onBatch(rows, columns);
        }
        if (rows.length < BATCH) return { rows: count };
        if (o.signal?.aborted) throw queryCancelled();
        if (Date.now() > deadline) throw queryTimeout(o.timeoutMs);
      }
    },
    async close() {
      // the store belongs to the system: nothing to close
    },
  };
}

/** SQLite errors (syntax, unknown column, query_only refusals) → 400 naming `sql`. */
async function sqliteError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) throw e;
    const message = String((e as Error).message ?? e);
    if (/readonly|read-only|query_only/i.test(message)) throw readOnly();
    throw queryFailed(scrub(message));
  }
}
