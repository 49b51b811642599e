import mysql from "mysql2/promise";
import type { FieldPacket, PoolConnection } from "mysql2/promise";
import { AppError } from "@ops/shared";
import type { SourceColumn } from "@ops/shared/contracts/reports.ts";
import type { CompiledQuery, SourceDriver } from "../ports.ts";
import { queryCancelled, queryFailed, queryTimeout, readOnly, sourceUnreachable } from "../reports.errors.ts";
import { groupTables, secretsOf } from "./driver-postgres.ts";
import { screenSelect } from "./screen.ts";
import { scrub } from "./sources.errors.ts";
import { valueTypeOf } from "./value-types.ts";

/** mysql2's column type codes → SQL type names (what valueTypeOf reads). */
const MYSQL_TYPES: Record<number, string> = {
  0: "decimal", 1: "tinyint", 2: "smallint", 3: "int", 4: "float", 5: "double", 7: "timestamp", 8: "bigint", 9: "mediumint",
  10: "date", 11: "time", 12: "datetime", 13: "year", 14: "date", 15: "varchar", 245: "json", 246: "decimal", 247: "enum",
  252: "text", 253: "varchar", 254: "char",
};
/** INTO OUTFILE/DUMPFILE writes files on the server, LOAD_FILE reads them: not report queries. */
const FILE_ACCESS = /\binto\s+(outfile|dumpfile)\b|\bload_file\s*\(/;
const BATCH = 1000;

function columnsOf(fields: FieldPacket[]): SourceColumn[] {
  return fields.map((f) => {
    const source = MYSQL_TYPES[f.columnType ?? f.type ?? -1] ?? "varchar";
    return { name: f.name, type: valueTypeOf(source), source_type: source };
  });
}

function mysqlError(e: unknown, ctx: { cancelled: boolean; timeoutMs: number; secrets: string[] }): AppError {
  if (e instanceof AppError) return e;
  const err = e as { errno?: number; code?: string; sqlState?: string; message?: string };
  const message = scrub(String(err.message ?? e), ctx.secrets);
  if (err.errno === 1792 || err.errno === 1290) return readOnly();
  if (err.errno === 1969 || err.errno === 3024) return queryTimeout(ctx.timeoutMs);
  if (err.errno === 1317) return ctx.cancelled ? queryCancelled() : queryTimeout(ctx.timeoutMs);
  // server errors about the statement (not about the login or the database)
  if (err.sqlState && ![1044, 1045, 1049, 1040, 1129, 1130, 1203].includes(err.errno ?? 0)) return queryFailed(message);
  return sourceUnreachable(message);
}

/**
 * MySQL/MariaDB over a mysql2 pool. Each statement runs in `START TRANSACTION READ ONLY` with the session's
 * statement time limit (MariaDB max_statement_time in seconds, MySQL max_execution_time in ms); a cancel is
 * `KILL QUERY <thread id>` from another connection, which leaves the connection usable.
 */
export function createMysqlDriver(url: string, options: { poolMax: number }): SourceDriver {
  const pool = mysql.createPool({
    uri: url, connectionLimit: Math.max(2, options.poolMax), connectTimeout: 10_000, decimalNumbers: true,
    supportBigNumbers: true, dateStrings: ["DATE"], timezone: "Z", waitForConnections: true, maxIdle: 2,
  });
  const secrets = secretsOf(url);
  let mariadb: boolean | null = null;

  async function flavour(conn: PoolConnection): Promise<boolean> {
    if (mariadb === null) {
      const [rows] = await conn.query("SELECT VERSION() AS v");
      mariadb = /mariadb/i.test(String((rows as Array<{ v: string }>)[0]?.v));
    }
    return mariadb;
  }

  /** One read-only statement streamed row by row into `onRows` (batches); `onRows` false stops it (KILL QUERY). */
  async function run(
    q: CompiledQuery, o: { timeoutMs: number; signal?: AbortSignal; batch: number },
    onRows: (rows: Array<Record<string, unknown>>, columns: SourceColumn[]) => Promise<boolean>,
  ): Promise<void> {
    const sql = screenSelect(q.sql, "always", FILE_ACCESS);
    if (o.signal?.aborted) throw queryCancelled();
    const state = { cancelled: false, stopped: false };
    let conn: PoolConnection | null = null;
    const kill = () => {
      if (conn) void pool.query(`KILL QUERY ${Number(conn.threadId)}`).catch(() => undefined);
    };
    const onAbort = () => {
      state.cancelled = true;
      kill();
    };
    try {
      conn = await pool.getConnection();
      o.signal?.addEventListener("abort", onAbort, { once: true });
      const seconds = Math.max(0.001, o.timeoutMs / 1000);
      if (await flavour(conn)) await conn.query(`SET SESSION max_statement_time = ${seconds}`);
      else await conn.query(`SET SESSION max_execution_time = ${Math.ceil(o.timeoutMs)}`);
      await conn.query("START TRANSACTION READ ONLY");
      try {
        await streamRows(conn, sql, q.values, o.batch, onRows, () => {
          state.stopped = true;
          kill();
        });
      } catch (e) {
        if (!(state.stopped && (e as { errno?: number }).errno === 1317)) throw e;
      } finally {
        await conn.query("ROLLBACK").catch(() => undefined);
        // the pooled connection goes back without this statement's time limit (tables() and test() use it too)
        await conn.query(mariadb ? "SET SESSION max_statement_time = 0" : "SET SESSION max_execution_time = 0").catch(() => undefined);
      }
      if (state.cancelled) throw queryCancelled();
    } catch (e) {
      throw mysqlError(e, { cancelled: state.cancelled, timeoutMs: o.timeoutMs, secrets });
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
      conn?.release();
    }
  }

  return {
    dialect: "mysql",
    async test() {
      const started = performance.now();
      try {
        const [rows] = await pool.query("SELECT VERSION() AS v");
        return { version: String((rows as Array<{ v: string }>)[0]?.v), ms: Math.round(performance.now() - started) };
      } catch (e) {
        throw mysqlError(e, { cancelled: false, timeoutMs: 0, secrets });
      }
    },
    async tables() {
      try {
        const [rows] = await pool.query(
          `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
        );
        return groupTables((rows as Array<{ t: string; c: string; d: string }>).map((r) => ({ table: r.t, column: r.c, type: r.d })));
      } catch (e) {
        throw mysqlError(e, { cancelled: false, timeoutMs: 0, secrets });
      }
    },
    async query(q, o) {
      const started = performance.now();
      const out = { columns: [] as SourceColumn[], rows: [] as Array<Record<string, unknown>>, truncated: false };
      await run(q, { ...o, batch: o.rowCap + 1 }, async (rows, columns) => {
        out.columns = columns;
        out.rows = rows.slice(0, o.rowCap);
        out.truncated = rows.length > o.rowCap;
        return false;
      });
      return { ...out, ms: Math.round(performance.now() - started) };
    },
    async stream(q, o, onBatch) {
      let count = 0;
      const deadline = Date.now() + o.timeoutMs;
      await run(q, { ...o, batch: BATCH }, async (rows, columns) => {
        count += rows.length;
        if (rows.length) await onBatch(rows, columns);
        if (Date.now() > deadline) throw queryTimeout(o.timeoutMs);
        return true;
      });
      return { rows: count };
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Streams a query's rows over the connection in batches: the connection is paused while a batch is handled
 * (back-pressure); when `onRows` answers false the rest is discarded and `stop` kills the statement.
 */
function streamRows(
  conn: PoolConnection, sql: string, values: unknown[], batch: number,
  onRows: (rows: Array<Record<string, unknown>>, columns: SourceColumn[]) => Promise<boolean>, stop: () => void,
): Promise<void> {
  const raw = (conn as unknown as { connection: RawConnection }).connection;
  return new Promise((resolve, reject) => {
    let columns: SourceColumn[] = [];
    let rows: Array<Record<string, unknown>> = [];
    let done = false;
    let failed: unknown = null;
    let pending: Promise<void> = Promise.resolve();
    const flush = (last: boolean) => {
      const chunk = rows;
      rows = [];
      // pausing from the 'end' handler never resumes under Bun: only mid-stream batches pause
      if (!last) raw.pause();
      pending = pending.then(async () => {
        if (done) return;
        const more = await onRows(chunk, columns);
        if (!more || last) {
          if (!last) stop();
          done = true;
        }
      }).catch((e) => {
        failed = e;
        done = true;
        if (!last) stop();
      }).finally(() => {
        if (!last) raw.resume();
      });
    };
    raw.query({ sql, values })
      .on("fields", (fields: FieldPacket[]) => void (columns = columnsOf(fields ?? [])))
      .on("result", (row: Record<string, unknown>) => {
        if (done) return;
        rows.push(row);
        if (rows.length >= batch) flush(false);
      })
      .on("error", (e: unknown) => {
        void pending.then(() => (failed ? reject(failed) : reject(e)));
      })
      .on("end", () => {
        if (!done) flush(true);
        void pending.then(() => (failed ? reject(failed) : resolve()));
      });
  });
}

type RawConnection = {
  pause(): void;
  resume(): void;
  query(options: { sql: string; values: unknown[] }): NodeJS.EventEmitter;
};
