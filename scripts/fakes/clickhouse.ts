/**
 * A ClickHouse HTTP-interface stand-in for tests: @clickhouse/client points at it through a datasource URL
 * (`http://127.0.0.1:<port>/default`). SELECTs run on an in-memory SQLite holding a small fixed `events` table;
 * it speaks what the reports driver uses: `SELECT version()`, `system.columns`, typed parameters `{name:Type}`
 * (`param_<name>`), the JSONEachRow and JSONCompactEachRowWithNamesAndTypes formats, `readonly=1` refusing writes
 * with code 164 (READONLY), `max_execution_time` ending a `sleep(n)` past it with code 159 (TIMEOUT_EXCEEDED),
 * `KILL QUERY WHERE query_id = …`, and errors in ClickHouse's text format with X-ClickHouse-Exception-Code.
 * Run alone: `bun scripts/fakes/clickhouse.ts` (PORT, default 8123).
 */
import { Database } from "bun:sqlite";

export const FAKE_CLICKHOUSE_VERSION = "24.8.1.fake";

export type FakeClickhouse = {
  url: string;
  port: number;
  /** every query text received, newest last */
  queries: string[];
  /** query ids still running (a sleep not yet over) */
  running(): string[];
  close(): Promise<void>;
};

const SEED = [
  "CREATE TABLE events (id INTEGER, region TEXT, amount REAL, day DATE)",
  "INSERT INTO events VALUES (1, '华东', 120.5, '2026-11-01'), (2, '华北', 80, '2026-11-02'), (3, '华东', 42.25, '2026-11-03'), (4, '华南', 10, '2026-11-04'), (5, '华北', 99, '2026-11-05')",
];
const CH_TYPES: Record<string, string> = { INTEGER: "Int32", REAL: "Float64", TEXT: "String", DATE: "Date" };

class ChError extends Error {
  constructor(readonly code: number, readonly type: string, message: string) {
    super(message);
  }
}

function errorResponse(e: ChError): Response {
  const body = `Code: ${e.code}. DB::Exception: ${e.message}. (${e.type}) (version ${FAKE_CLICKHOUSE_VERSION})\n`;
  return new Response(body, { status: e.code === 164 ? 500 : 500, headers: { "X-ClickHouse-Exception-Code": String(e.code), "Content-Type": "text/plain" } });
}

/** `{name:Type}` → `?` with the value of `param_<name>` (numbers for numeric types). */
function bind(sql: string, params: URLSearchParams): { sql: string; values: Array<string | number> } {
  const values: Array<string | number> = [];
  const out = sql.replace(/\{(\w+):([^}]+)\}/g, (_, name: string, type: string) => {
    const raw = params.get(`param_${name}`);
    if (raw === null) throw new ChError(456, "UNKNOWN_QUERY_PARAMETER", `Substitution \`${name}\` is not set`);
    values.push(/^(U?Int|Float|Decimal)/.test(type) ? Number(raw) : raw);
    return "?";
  });
  return { sql: out, values };
}

export async function startFakeClickhouse(options: { port?: number } = {}): Promise<FakeClickhouse> {
  const db = new Database(":memory:");
  for (const s of SEED) db.exec(s);
  const queries: string[] = [];
  const running = new Map<string, () => void>();

  async function answer(req: Request): Promise<Response> {
    const url = new URL(req.url);
    let text = req.method === "POST" ? await req.text() : "";
    if (url.searchParams.get("query")) text = `${url.searchParams.get("query")}\n${text}`;
    let format = url.searchParams.get("default_format") ?? "TabSeparated";
    const f = /\s+FORMAT\s+(\w+)\s*;?\s*$/i.exec(text);
    if (f) {
      format = f[1]!;
      text = text.slice(0, f.index);
    }
    queries.push(text.trim());
    const sql = text.trim().replace(/;\s*$/, "");
    const lower = sql.toLowerCase();
    const readonly = url.searchParams.get("readonly");
    const queryId = url.searchParams.get("query_id") ?? crypto.randomUUID();
    const headers = { "X-ClickHouse-Query-Id": queryId, "X-ClickHouse-Format": format, "Content-Type": "text/plain; charset=UTF-8", "X-ClickHouse-Summary": "{}" };

    const kill = /^kill\s+query\s+where\s+query_id\s*=\s*(.+)$/i.exec(sql);
    if (kill) {
      const id = bind(kill[1]!, url.searchParams).values[0] ?? kill[1]!.replace(/'/g, "");
      running.get(String(id))?.();
      return new Response("", { headers });
    }
    if (readonly && readonly !== "0" && !/^\s*(\(\s*)*(select|with|show|describe|desc|exists)\b/.test(lower)) {
      throw new ChError(164, "READONLY", "default: Cannot execute query in readonly mode");
    }
    if (!/^\s*(\(\s*)*(select|with)\b/.test(lower)) {
      db.exec(sql);
      return new Response("", { headers });
    }
    const sleep = /sleep(?:EachRow)?\s*\(\s*([\d.]+)\s*\)/i.exec(sql);
    if (sleep) {
      const wanted = Number(sleep[1]) * 1000;
      const limit = Number(url.searchParams.get("max_execution_time") ?? 0) * 1000;
      const waited = await new Promise<"done" | "timeout" | "killed">((resolve) => {
        const timer = setTimeout(() => resolve(limit && limit < wanted ? "timeout" : "done"), limit ? Math.min(limit, wanted) : wanted);
        running.set(queryId, () => (clearTimeout(timer), resolve("killed")));
        req.signal.addEventListener("abort", () => (clearTimeout(timer), resolve("killed")));
      });
      running.delete(queryId);
      if (waited === "timeout") throw new ChError(159, "TIMEOUT_EXCEEDED", `Timeout exceeded: elapsed ${limit / 1000} seconds, maximum: ${limit / 1000}`);
      if (waited === "killed") throw new ChError(394, "QUERY_WAS_CANCELLED", "Query was cancelled");
    }
    let columns: Array<{ name: string; type: string }>;
    let rows: unknown[][];
    if (/^select\s+version\(\)/.test(lower)) {
      const alias = /\bas\s+(\w+)/i.exec(sql)?.[1] ?? "version()";
      columns = [{ name: alias, type: "String" }];
      rows = [[FAKE_CLICKHOUSE_VERSION]];
    } else if (lower.includes("system.columns")) {
      columns = [{ name: "t", type: "String" }, { name: "c", type: "String" }, { name: "d", type: "String" }];
      rows = [];
      for (const t of db.query<{ name: string }, []>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all())
        for (const c of db.query<{ name: string; type: string }, [string]>("SELECT name, type FROM pragma_table_info(?) ORDER BY cid").all(t.name))
          rows.push([t.name, c.name, CH_TYPES[c.type] ?? "String"]);
    } else {
      const bound = bind(sql.replace(/sleep(?:EachRow)?\s*\(\s*[\d.]+\s*\)/gi, "0"), url.searchParams);
      let stmt;
      try {
        stmt = db.prepare(bound.sql);
      } catch (e) {
        throw new ChError(62, "SYNTAX_ERROR", String((e as Error).message));
      }
      const declared = (stmt as unknown as { declaredTypes?: Array<string | null> }).declaredTypes ?? [];
      rows = stmt.values(...bound.values) as unknown[][];
      columns = stmt.columnNames.map((name, i) => {
        const sample = rows.find((r) => r[i] !== null)?.[i];
        const t = declared[i] ? CH_TYPES[declared[i]!.toUpperCase()] : undefined;
        // an undeclared integer (count(), sums) is UInt64, which ClickHouse quotes in JSON
        return { name, type: t ?? (typeof sample === "number" ? (Number.isInteger(sample) ? "UInt64" : "Float64") : "String") };
      });
      const quoted = columns.map((c) => /Int64$/.test(c.type));
      rows = rows.map((r) => r.map((v, i) => (quoted[i] && typeof v === "number" ? String(v) : v)));
    }
    const lines: string[] = [];
    if (format === "JSONCompactEachRowWithNamesAndTypes") {
      lines.push(JSON.stringify(columns.map((c) => c.name)), JSON.stringify(columns.map((c) => c.type)));
      for (const r of rows) lines.push(JSON.stringify(r));
    } else if (format === "JSONEachRow") {
      for (const r of rows) lines.push(JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, r[i]]))));
    } else {
      for (const r of rows) lines.push(r.join("\t"));
    }
    return new Response(lines.map((l) => `${l}\n`).join(""), { headers });
  }

  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      if (new URL(req.url).pathname === "/ping") return new Response("Ok.\n");
      try {
        return await answer(req);
      } catch (e) {
        if (e instanceof ChError) return errorResponse(e);
        return errorResponse(new ChError(1002, "UNKNOWN_EXCEPTION", String((e as Error).message ?? e)));
      }
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port!,
    queries,
    running: () => [...running.keys()],
    async close() {
      await server.stop(true);
      db.close();
    },
  };
}

if (import.meta.main) {
  const fake = await startFakeClickhouse({ port: Number(process.env.PORT ?? 8123) });
  console.log(`fake ClickHouse on ${fake.url}`);
}
