/**
 * Monitor series bench: the hot path of the metrics port (counter inc, histogram observe, ratio add with a label)
 * against a bare prom-client counter inc measured in the same run (ratio printed, so the figure survives a slower
 * machine), and one flush of LABEL_SETS label sets (one batched upsert) on SQLite and, when reachable, PostgreSQL.
 * Not a test: `bun scripts/bench/monitor-series.ts`.
 *
 * Env: BENCH_CALLS (1,000,000), BENCH_LABEL_SETS (1000), OPS_TEST_PG_URL (PostgreSQL skipped when unreachable).
 */
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { Counter, Registry } from "prom-client";
import { openDb, type Db } from "../../api/src/platform/db/db.ts";
import { migrate } from "../../api/src/platform/db/migrate.ts";
import { systemClock } from "../../api/src/platform/clock.ts";
import { createLogger } from "../../api/src/platform/logger.ts";
import { createMetricRegistry } from "../../api/src/modules/monitor/metrics/registry.ts";
import { createSampler } from "../../api/src/modules/monitor/metrics/sampler.ts";

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const LABEL_SETS = Number(process.env.BENCH_LABEL_SETS ?? 1000);
const PG_ADMIN_URL = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROUTES = Array.from({ length: 50 }, (_, i) => `/api/v1/things${i}/{id}`);
const words = { title: { "zh-CN": "基准", en: "Bench" }, help: { "zh-CN": "基准", en: "Bench" }, module: "bench" };
const logger = createLogger("silent");

/** ns per call of `fn(i)` over CALLS calls (after a warm-up) */
function perCall(fn: (i: number) => void): number {
  for (let i = 0; i < 50_000; i++) fn(i);
  const started = Bun.nanoseconds();
  for (let i = 0; i < CALLS; i++) fn(i);
  return (Bun.nanoseconds() - started) / CALLS;
}

function hotPath() {
  const baselineRegistry = new Registry();
  const bare = new Counter({ name: "bench_bare_total", help: "bare", labelNames: ["route"], registers: [baselineRegistry] });
  const baseline = perCall((i) => bare.inc({ route: ROUTES[i % 50]! }));
  const metrics = createMetricRegistry({ registry: new Registry(), clock: systemClock, logger });
  const counter = metrics.port.counter({ name: "bench.requests", kind: "counter", scope: "node", unit: "count", labels: ["route"], ...words });
  const histogram = metrics.port.histogram({ name: "bench.latency", kind: "histogram", scope: "node", unit: "seconds", labels: ["route"], ...words });
  const ratio = metrics.port.ratio({ name: "bench.errors", kind: "ratio", scope: "node", unit: "ratio", labels: ["route"], ...words });
  const rows = [
    ["prom-client Counter.inc (baseline)", baseline],
    ["port counter.inc", perCall((i) => counter.inc({ route: ROUTES[i % 50]! }))],
    ["port histogram.observe", perCall((i) => histogram.observe((i % 100) / 1000, { route: ROUTES[i % 50]! }))],
    ["port ratio.add", perCall((i) => ratio.add(i % 20 === 0 ? 1 : 0, 1, { route: ROUTES[i % 50]! }))],
  ] as const;
  console.log(`hot path (${CALLS.toLocaleString("en")} calls, 50 label values)`);
  for (const [name, ns] of rows) console.log(`  ${name.padEnd(36)} ${ns.toFixed(0).padStart(5)} ns/call  ×${(ns / baseline).toFixed(2)} vs baseline`);
}

async function flushOf(name: string, db: Db) {
  await migrate(db);
  const metrics = createMetricRegistry({ registry: new Registry(), clock: systemClock, logger });
  const sampler = createSampler({ db, logger, nodeId: "bench", metrics });
  const counter = metrics.port.counter({ name: "bench.sets", kind: "counter", scope: "node", unit: "count", labels: ["key"], ...words });
  const fill = () => {
    for (let i = 0; i < LABEL_SETS; i++) counter.inc({ key: `k${i}` }, i + 1);
  };
  fill();
  let started = performance.now();
  const written = await sampler.flush();
  const first = performance.now() - started;
  fill();
  started = performance.now();
  await sampler.flush();
  const again = performance.now() - started;
  console.log(`  ${name.padEnd(10)} ${written} rows: first flush ${first.toFixed(1)} ms, re-flush (upsert over the same rows) ${again.toFixed(1)} ms`);
}

async function main() {
  hotPath();
  console.log(`flush of ${LABEL_SETS} label sets (one batched upsert)`);
  const dir = join(tmpdir(), `ops-bench-monitor-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const sqlite = await openDb(`sqlite://${join(dir, "bench.db")}`);
  await flushOf("SQLite", sqlite);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  const admin = new SQL(PG_ADMIN_URL);
  const name = `ops_bench_monitor_${process.pid}`;
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (e) {
    console.log(`  PostgreSQL skipped (${(e as Error).message})`);
    await admin.close();
    return;
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const pg = await openDb(url.toString());
  try {
    await flushOf("PostgreSQL", pg);
  } finally {
    await pg.close();
    await admin.unsafe(`DROP DATABASE ${name}`);
    await admin.close();
  }
}

await main();
