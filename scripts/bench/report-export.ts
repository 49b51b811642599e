/**
 * Report exports against PostgreSQL on this machine: a 100k-row xlsx export (aim ≤ 3 s) and a 1M-row CSV export (aim:
 * peak RSS ≤ 200 MB), each through the real route (`GET /api/v1/reports/{id}/export`: ReportReader.stream as the
 * viewer → exceljs streaming writer / batched csv-stringify → the response body, drained here), beside a raw driver
 * read of the same rows (the PostgreSQL driver's stream, rows counted and dropped). export / raw is the figure that
 * survives a slower machine. Each measurement runs in a child process of its own, so its peak RSS is its own.
 * Not a test: `bun scripts/bench/report-export.ts`.
 *
 * Env: DATABASE_URL (an admin URL; default postgres://postgres@127.0.0.1:5432/postgres), BENCH_XLSX_ROWS (100000),
 * BENCH_CSV_ROWS (1000000), BENCH_ONLY (xlsx or csv: that measurement alone). Its own database is created and dropped.
 */
import { SQL } from "bun";
import { parseEnv } from "../../api/src/env.ts";
import { buildSystem } from "../../api/src/system.ts";
import { createLogger } from "../../api/src/platform/logger.ts";
import { driverFor } from "../../api/src/modules/reports/sources/index.ts";
import type { Datasource } from "@ops/shared/contracts/reports.ts";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const ONLY = process.env.BENCH_ONLY ?? "";
const PASSWORD = "Bench@12345";
const SQL_OF = (table: string) => `SELECT id, region, city, channel, owner, amount, orders, day FROM ${table}`;

type Figures = { seconds: number; rows: number; bytes: number; peakRssMb: number; startRssMb: number };

/** Samples RSS while `work` runs; returns its figures. */
async function measured(work: () => Promise<{ rows: number; bytes: number }>): Promise<Figures> {
  const mb = () => process.memoryUsage().rss / 1e6;
  const startRssMb = mb();
  let peak = startRssMb;
  const timer = setInterval(() => (peak = Math.max(peak, mb())), 10);
  const started = performance.now();
  const out = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  return { seconds, ...out, peakRssMb: Math.max(peak, mb()), startRssMb };
}

/** Child: one measurement on the prepared database; prints its figures as JSON. */
async function child(mode: "raw" | "export", format: "xlsx" | "csv", dbUrl: string, table: string, reportId: string) {
  if (mode === "raw") {
    const ds = { type: "postgres", options: {} } as unknown as Datasource;
    const driver = await driverFor(null as never, ds, dbUrl);
    Bun.gc(true);
    const f = await measured(async () => {
      const r = await driver.stream({ sql: SQL_OF(table), values: [] }, { timeoutMs: 300_000 }, async () => undefined);
      return { rows: r.rows, bytes: 0 };
    });
    await driver.close();
    console.log(JSON.stringify(f));
    return;
  }
  const env = parseEnv({ OPS_ADMIN_PASSWORD: PASSWORD, OPS_SECRET_KEY: "bench-secret-key-0123456789", OPS_DATA_DIR: "./.tmp/bench-export", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_ROLES: "web" });
  const system = await buildSystem(env, { databaseUrl: dbUrl, logger: createLogger("silent"), metricsDefaults: false });
  const login = await system.app.request("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: PASSWORD }) });
  const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
  Bun.gc(true);
  const f = await measured(async () => {
    const res = await system.app.request(`/api/v1/reports/${reportId}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`export ${res.status}: ${await res.text()}`);
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    // the rows the audit row recorded once the last byte went out
    return { rows: 0, bytes };
  });
  await system.close();
  console.log(JSON.stringify(f));
}

async function run(args: string[]): Promise<Figures> {
  const proc = Bun.spawn([process.execPath, import.meta.path, "--child", ...args], { stdout: "pipe", stderr: "inherit" });
  const text = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`child ${args.join(" ")} failed`);
  return JSON.parse(text.trim().split("\n").at(-1)!) as Figures;
}

async function api(system: Awaited<ReturnType<typeof buildSystem>>, token: string, path: string, body: unknown) {
  const res = await system.app.request(`/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as { data: { id: string } };
  if (res.status >= 300) throw new Error(`${path} ${res.status}: ${JSON.stringify(json)}`);
  return json.data;
}

async function main() {
  const dbName = `ops_bench_export_${process.pid}`;
  const admin = new SQL(ADMIN_URL);
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
  const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  try {
    const data = new SQL(dbUrl);
    for (const [table, rows] of [["bench_xlsx", ONLY === "csv" ? 1 : XLSX_ROWS], ["bench_csv", ONLY === "xlsx" ? 1 : CSV_ROWS]] as const) {
      await data.unsafe(`CREATE TABLE ${table} AS SELECT g AS id, (ARRAY['华东','华南','华北','西南'])[1 + g % 4] AS region, '城市' || (g % 97) AS city,
        (ARRAY['线上商城','门店','小程序','直播'])[1 + g % 4] AS channel, 'user' || (g % 50) AS owner, (g % 9973) * 1.5 AS amount, g % 60 AS orders,
        DATE '2026-01-01' + (g % 365) AS day FROM generate_series(1, ${rows}) g`);
    }
    await data.close();
    const env = parseEnv({ OPS_ADMIN_PASSWORD: PASSWORD, OPS_SECRET_KEY: "bench-secret-key-0123456789", OPS_DATA_DIR: "./.tmp/bench-export", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_ROLES: "web" });
    const system = await buildSystem(env, { databaseUrl: dbUrl, logger: createLogger("silent"), metricsDefaults: false });
    const login = await system.app.request("/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: PASSWORD }) });
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const source = await api(system, token, "/datasources", { name: "bench", type: "postgres", url: dbUrl, options: { timeout_ms: 300_000 } });
    const reports: Record<string, string> = {};
    for (const table of ["bench_xlsx", "bench_csv"]) {
      const dataset = await api(system, token, "/datasets", { name: table.replace("_", "-"), datasource_id: source.id, mode: "sql", sql: SQL_OF(table), params: [] });
      reports[table] = (await api(system, token, "/reports", { name: `${table.replace("_", "-")}-report`, title: `导出基准 ${table}`, dataset_id: dataset.id, chart: { type: "table", series: [] } })).id;
    }
    await system.close();

    const line = (label: string, rows: number, exp: Figures, raw: Figures) =>
      console.log(`${label.padEnd(9)} ${rows} rows: export ${exp.seconds.toFixed(2)} s (${Math.round(rows / exp.seconds).toLocaleString("en-US")} rows/s, ${(exp.bytes / 1e6).toFixed(1)} MB, peak RSS ${exp.peakRssMb.toFixed(0)} MB, +${(exp.peakRssMb - exp.startRssMb).toFixed(0)} MB over its start)` +
        ` · raw driver read ${raw.seconds.toFixed(2)} s (${Math.round(rows / raw.seconds).toLocaleString("en-US")} rows/s, peak RSS ${raw.peakRssMb.toFixed(0)} MB, +${(raw.peakRssMb - raw.startRssMb).toFixed(0)} MB) · export/raw ${(exp.seconds / raw.seconds).toFixed(1)}×`);
    if (ONLY !== "csv") {
      const xlsxRaw = await run(["raw", "xlsx", dbUrl, "bench_xlsx", ""]);
      const xlsx = await run(["export", "xlsx", dbUrl, "bench_xlsx", reports.bench_xlsx!]);
      line("xlsx", XLSX_ROWS, xlsx, xlsxRaw);
    }
    if (ONLY !== "xlsx") {
      const csvRaw = await run(["raw", "csv", dbUrl, "bench_csv", ""]);
      const csv = await run(["export", "csv", dbUrl, "bench_csv", reports.bench_csv!]);
      line("csv", CSV_ROWS, csv, csvRaw);
    }
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.close();
  }
}

if (process.argv[2] === "--child") {
  const [mode, format, dbUrl, table, reportId] = process.argv.slice(3) as ["raw" | "export", "xlsx" | "csv", string, string, string];
  await child(mode, format, dbUrl, table, reportId);
  process.exit(0);
} else await main();
