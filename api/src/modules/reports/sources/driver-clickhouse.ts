import { ClickHouseLogLevel, createClient, type ClickHouseClient } from "@clickhouse/client";
import { AppError } from "@ops/shared";
import type { SourceColumn } from "@ops/shared/contracts/reports.ts";
import type { CompiledQuery, SourceDriver } from "../ports.ts";
import { queryCancelled, queryFailed, queryTimeout, readOnly, sourceUnreachable } from "../reports.errors.ts";
import { groupTables, secretsOf } from "./driver-postgres.ts";
import { screenSelect } from "./screen.ts";
import { scrub } from "./sources.errors.ts";
import { valueTypeOf } from "./value-types.ts";

const BATCH = 1000;

/** `clickhouse://` is our spelling; the client speaks HTTP(S). */
export function clickhouseHttpUrl(url: string): string {
  return url.replace(/^clickhouse:\/\//i, "http://").replace(/^clickhouses:\/\//i, "https://");
}

function chError(e: unknown, ctx: { cancelled: boolean; timeoutMs: number; secrets: string[] }): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; type?: string; name?: string; message?: string };
  const message = scrub(String(err.message ?? e), ctx.secrets);
  if (ctx.cancelled || err.name === "AbortError" || /aborted/i.test(message) && ctx.cancelled) return queryCancelled();
  if (err.code === "164" || err.type === "READONLY") return readOnly();
  if (err.code === "159" || err.type === "TIMEOUT_EXCEEDED") return queryTimeout(ctx.timeoutMs);
  if (err.code === "394" || err.type === "QUERY_WAS_CANCELLED") return queryCancelled();
  // 516 authentication, 81 unknown database: the connection's fault, not the statement's
  if (err.code && /^\d+$/.test(err.code) && !["516", "81", "194", "192"].includes(err.code)) return queryFailed(message);
  return sourceUnreachable(message);
}

/** Positional values → the named parameters `{p1:Type}` the dialect's placeholders use. */
function paramsOf(values: unknown[]): Record<string, unknown> {
  return Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));
}

/**
 * ClickHouse over its official HTTP client: every query with `readonly=1`, `max_execution_time`, a query id, and
 * the caller's abort signal (the client drops the request; a `KILL QUERY` by id stops the server side too).
 */
export function createClickhouseDriver(url: string, options: { poolMax: number }): SourceDriver {
  const client: ClickHouseClient = createClient({
    url: clickhouseHttpUrl(url), max_open_connections: Math.max(2, options.poolMax), request_timeout: 310_000,
    compression: { response: false, request: false }, log: { level: ClickHouseLogLevel.OFF }, application: "ops-reports",
  });
  const secrets = secretsOf(url);

  async function run(
    q: CompiledQuery, o: { timeoutMs: number; signal?: AbortSignal; limit?: number },
    onRows: (rows: Array<Record<string, unknown>>, columns: SourceColumn[]) => Promise<boolean>,
  ): Promise<void> {
    const sql = screenSelect(q.sql, "always");
    if (o.signal?.aborted) throw queryCancelled();
    const queryId = crypto.randomUUID();
    const local = new AbortController();
    const state = { cancelled: false };
    const onAbort = () => {
      state.cancelled = true;
      local.abort();
      void client.command({ query: `KILL QUERY WHERE query_id = {id:String}`, query_params: { id: queryId } }).catch(() => undefined);
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const result = await client.query({
        query: sql, format: "JSONCompactEachRowWithNamesAndTypes", query_params: paramsOf(q.values), query_id: queryId,
        abort_signal: local.signal,
        clickhouse_settings: { readonly: "1", max_execution_time: Math.max(1, Math.ceil(o.timeoutMs / 1000)) },
      });
      let names: string[] | null = null;
      let columns: SourceColumn[] = [];
      let batch: Array<Record<string, unknown>> = [];
      const limit = o.limit ?? BATCH;
      let go = true;
      for await (const chunk of result.stream()) {
        for (const row of chunk) {
          const values = row.json() as unknown[];
          if (!names) names = values.map(String);
          else if (!columns.length && names) columns = names.map((n, i) => ({ name: n, type: valueTypeOf(String(values[i])), source_type: String(values[i]) }));
          else {
            // ClickHouse quotes 64-bit integers and decimals in JSON: numbers again for number columns
            batch.push(Object.fromEntries(names.map((n, i) => [n, columns[i]?.type === "number" && typeof values[i] === "string" ? Number(values[i]) : values[i]])));
            if (batch.length >= limit) {
              go = await onRows(batch, columns);
              batch = [];
              if (!go) break;
            }
          }
        }
        if (!go) break;
      }
      if (go) await onRows(batch, columns);
      else local.abort();
    } catch (e) {
      throw chError(e, { cancelled: state.cancelled, timeoutMs: o.timeoutMs, secrets });
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
    }
  }

  return {
    dialect: "clickhouse",
    async test() {
      const started = performance.now();
      try {
        const r = await client.query({ query: "SELECT version() AS v", format: "JSONEachRow", clickhouse_settings: { readonly: "1" } });
        const [row] = (await r.json()) as Array<{ v: string }>;
        return { version: String(row?.v), ms: Math.round(performance.now() - started) };
      } catch (e) {
        throw chError(e, { cancelled: false, timeoutMs: 0, secrets });
      }
    },
    async tables() {
      try {
        const r = await client.query({
          query: "SELECT table AS t, name AS c, type AS d FROM system.columns WHERE database = currentDatabase() ORDER BY table, position",
          format: "JSONEachRow", clickhouse_settings: { readonly: "1" },
        });
        const rows = (await r.json()) as Array<{ t: string; c: string; d: string }>;
        return groupTables(rows.map((x) => ({ table: x.t, column: x.c, type: x.d })));
      } catch (e) {
        throw chError(e, { cancelled: false, timeoutMs: 0, secrets });
      }
    },
    async query(q, o) {
      const started = performance.now();
      const out = { columns: [] as SourceColumn[], rows: [] as Array<Record<string, unknown>>, truncated: false };
      await run(q, { ...o, limit: o.rowCap + 1 }, async (rows, columns) => {
        out.columns = columns;
        out.rows = rows.slice(0, o.rowCap);
        out.truncated = rows.length > o.rowCap;
        return false;
      });
      return { ...out, ms: Math.round(performance.now() - started) };
    },
    async stream(q, o, onBatch) {
      let count = 0;
      await run(q, o, async (rows, columns) => {
        count += rows.length;
        if (rows.length) await onBatch(rows, columns);
        return true;
      });
      return { rows: count };
    },
    async close() {
      await client.close();
    },
  };
}
