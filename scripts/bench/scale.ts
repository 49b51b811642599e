/**
 * Scale-out bench: the same load against one and against two OPS web processes (each `bun api/src/main.ts` with
 * OPS_ROLES=web on its own port) over one PostgreSQL database, the load client spreading its connections over
 * them. Prints each setup and the ratio 2/1.
 *
 *   1. `healthz` and `list`: GET /healthz and the signed-in GET /api/v1/users, CONCURRENCY keep-alive connections
 *      as fast as they go (as scripts/bench/api.ts): req/s, p50/p99, server and database CPU per request.
 *   2. `seed` (the "seed target"): SESSIONS users signed in through the API (the demo company's people, each session
 *      its own connection and client address), each thinking between requests so that together they aim at
 *      --qps, over a realistic mix (list users, open the workbench, list jobs, the approval to-do box, read an
 *      approval): QPS reached, p50/p95/p99, and whether p95 < 200 ms at > 500 QPS.
 *
 *   bun scripts/bench/scale.ts [--web 1,2] [--only healthz,list,seed] [--requests 5000] [--seconds 10]
 *                              [--concurrency 100] [--warmup 2000] [--sessions 1000] [--qps 600] [--seed-seconds 20]
 *                              [--login-concurrency 8] [--settle 3] [--pool N]
 *   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the bench creates and drops
 *   ops_bench_<pid> there. With REDIS_URL the processes use BullMQ on it under the prefix bench<pid> (removed after);
 *   otherwise the embedded queue in PostgreSQL. No worker or scheduler runs: the load only reads.
 *
 * Load client, servers and PostgreSQL share the machine: on 2 cores a second web process cannot double anything;
 * the ratio shows what the second process costs or gains there. The load average is printed with the figures.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { openConnection } from "./http-conn.ts";
import { benchDatabase, cpuMicros, pgBackendCpu } from "./proc.ts";
import { dropRedisPrefix, prepareSecurity, reconnect, signIn, startWeb, usableAccounts, type Session } from "./scale-setup.ts";
import type { Server } from "./servers.ts";
import { percentile } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    web: { type: "string", default: "1,2" },
    only: { type: "string", default: "healthz,list,seed" },
    requests: { type: "string", default: "5000" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "100" },
    // enough for the JIT to settle in every process (a fresh second process measured tier-up otherwise)
    warmup: { type: "string", default: "2000" },
    sessions: { type: "string", default: "1000" },
    qps: { type: "string", default: "600" },
    "seed-seconds": { type: "string", default: "20" },
    "login-concurrency": { type: "string", default: "8" },
    // seconds a freshly started process gets before it is measured (start-up work would be counted otherwise)
    settle: { type: "string", default: "3" },
    // OPS_DB_POOL_MAX of every web process (default the server's own, 10)
    pool: { type: "string" },
  },
});
const WEB_COUNTS = [...new Set(args.web.split(",").map(Number))].filter((n) => n >= 1).sort((a, b) => a - b);
const ONLY = new Set(args.only.split(","));
const CONCURRENCY = Number(args.concurrency);
const SESSIONS = Number(args.sessions);
const TARGET_QPS = Number(args.qps);
const SEED_MS = Number(args["seed-seconds"]) * 1000;
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Figures = { rps: number; p50: number; p95: number; p99: number; errors: number; done: number; cpuUs: number; dbUs: number };
type Row = { scenario: string; web: number; figures: Figures; detail?: string[] };

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

/** Server and database CPU around `run`, per request done. */
async function withCpu(servers: Server[], database: string, run: () => Promise<{ latencies: number[]; errors: number; ms: number }>): Promise<Figures> {
  const cpu = () => servers.reduce((sum, s) => sum + cpuMicros(s.pid), 0);
  const [cpu0, db0] = [cpu(), await pgBackendCpu(ADMIN_URL, database)];
  const r = await run();
  const [cpu1, db1] = [cpu(), await pgBackendCpu(ADMIN_URL, database)];
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const n = Math.max(1, sorted.length);
  return {
    rps: (sorted.length * 1000) / r.ms, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
    errors: r.errors, done: sorted.length, cpuUs: (cpu1 - cpu0) / n, dbUs: (db1 - db0) / n,
  };
}

/** CONCURRENCY connections, connection i to servers[i % n], each looping on `path` until `count` requests or the time limit. */
async function closedLoop(servers: Server[], path: string, token: string | null, count: number) {
  const maxMs = Number(args.seconds) * 1000;
  const conns = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => openConnection(servers[i % servers.length]!.url)));
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  await Promise.all(conns.map(async (conn) => {
    while (issued < count && performance.now() - started < maxMs) {
      issued++;
      const t0 = performance.now();
      const res = await conn.request("GET", path, headers).catch(() => null);
      if (res?.status !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  }));
  const ms = performance.now() - started;
  for (const c of conns) c.close();
  return { latencies, errors, ms };
}

/** Every session: think (exponential, mean SESSIONS / TARGET_QPS s), then one request of its account's mix; for SEED_MS. */
async function seedLoad(sessions: Session[]) {
  const thinkMs = (sessions.length / TARGET_QPS) * 1000;
  const byKind = new Map<string, number[]>();
  const latencies: number[] = [];
  let errors = 0;
  const failures = new Map<string, number>();
  const started = performance.now();
  const pick = (s: Session) => {
    const paths = s.account.paths;
    let r = Math.random() * paths.reduce((sum, p) => sum + p.weight, 0);
    for (const p of paths) if ((r -= p.weight) < 0) return p;
    return paths.at(-1)!;
  };
  await Promise.all(sessions.map(async (s) => {
    // staggered start: the first requests spread over one think time instead of arriving together
    await Bun.sleep(Math.random() * thinkMs);
    while (performance.now() - started < SEED_MS) {
      const p = pick(s);
      const t0 = performance.now();
      const res = await s.conn!.request("GET", p.path, { authorization: `Bearer ${s.token}`, "x-forwarded-for": s.address }).catch((e: Error) => ({ status: 0, error: e.message }));
      const ms = performance.now() - t0;
      latencies.push(ms);
      (byKind.get(p.kind) ?? byKind.set(p.kind, []).get(p.kind)!).push(ms);
      if (res.status !== 200) {
        errors++;
        const key = `${p.kind} → ${res.status}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
        // a lost connection is counted and opened again, as a browser would
        if (res.status === 0) s.conn = await openConnection(s.url);
      }
      // a think that would end past the window ends the session: the window is what QPS is counted over
      const think = -Math.log(1 - Math.random()) * thinkMs;
      if (performance.now() + think - started >= SEED_MS) break;
      await Bun.sleep(think);
    }
  }));
  const detail = [...byKind].map(([kind, values]) => {
    const sorted = values.sort((a, b) => a - b);
    return `${kind.padEnd(16)} ${String(sorted.length).padStart(7)} requests, p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;
  });
  for (const [key, n] of failures) detail.push(`failed: ${key} × ${n}`);
  return { latencies, errors, ms: Math.max(SEED_MS, performance.now() - started), detail };
}

function printRow(r: Row): void {
  const f = r.figures;
  console.log(
    `${r.scenario.padEnd(10)}${String(r.web).padStart(4)}${f.rps.toFixed(0).padStart(9)}${f.p50.toFixed(1).padStart(9)}${f.p95.toFixed(1).padStart(9)}${f.p99.toFixed(1).padStart(9)}` +
      `${f.cpuUs.toFixed(0).padStart(12)}${f.dbUs.toFixed(0).padStart(12)}${String(f.errors).padStart(8)}${String(f.done).padStart(9)}`,
  );
}

const HEADER = `${"scenario".padEnd(10)}${"web".padStart(4)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p99 ms".padStart(9)}` +
  `${"CPU µs/req".padStart(12)}${"DB µs/req".padStart(12)}${"errors".padStart(8)}${"done".padStart(9)}`;

function printSummary(rows: Row[]): void {
  console.log(`\nsummary (load average now ${load()}; server CPU is the web processes together)\n${HEADER}`);
  for (const r of rows) printRow(r);
  const base = WEB_COUNTS[0]!;
  for (const scenario of new Set(rows.map((r) => r.scenario))) {
    const one = rows.find((r) => r.scenario === scenario && r.web === base);
    for (const other of rows.filter((r) => r.scenario === scenario && r.web !== base)) {
      if (!one) continue;
      console.log(`${scenario}: ${other.web}/${base} web processes: req/s ×${(other.figures.rps / one.figures.rps).toFixed(2)}, p95 ×${(other.figures.p95 / one.figures.p95).toFixed(2)}, ` +
        `CPU per request ×${(other.figures.cpuUs / one.figures.cpuUs).toFixed(2)}`);
    }
  }
  for (const r of rows.filter((x) => x.scenario === "seed")) {
    const ok = r.figures.rps > 500 && r.figures.p95 < 200;
    console.log(`seed target, ${r.web} web: ${SESSIONS} sessions, ${r.figures.rps.toFixed(0)} QPS (aim > 500), p95 ${r.figures.p95.toFixed(1)} ms (aim < 200): ${ok ? "MET" : "NOT MET"}`);
  }
}

async function main() {
  const pg = await benchDatabase(ADMIN_URL);
  const redisPrefix = `bench${process.pid}`;
  const env: Record<string, string> = {
    DATABASE_URL: pg.url, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, OPS_QUEUE_PREFIX: redisPrefix } : {}), ...(args.pool ? { OPS_DB_POOL_MAX: args.pool } : {}),
  };
  const servers: Server[] = [];
  const rows: Row[] = [];
  let sessions: Session[] | null = null;
  console.log(`OPS scale-out bench on PostgreSQL (${pg.name})${env.REDIS_URL ? " with BullMQ on Redis" : ", embedded queue"}; web processes: ${WEB_COUNTS.join(", ")}; ` +
    `pool ${args.pool ?? "10 (default)"} per process; load average ${load()}`);
  try {
    servers.push(await startWeb(0, env));
    const adminToken = await prepareSecurity(servers[0]!);
    await Bun.sleep(Number(args.settle) * 1000);
    for (const count of WEB_COUNTS) {
      let started = false;
      while (servers.length < count) {
        servers.push(await startWeb(servers.length, env));
        started = true;
      }
      if (started) await Bun.sleep(Number(args.settle) * 1000);
      const active = servers.slice(0, count);
      console.log(`\n${count} web process(es), load average ${load()}\n${HEADER}`);
      const closed = [["healthz", "/healthz", null], ["list", "/api/v1/users", adminToken]] as const;
      for (const [scenario, path, token] of closed) {
        if (!ONLY.has(scenario)) continue;
        await closedLoop(active, path, token, Number(args.warmup));
        const row: Row = { scenario, web: count, figures: await withCpu(active, pg.name, () => closedLoop(active, path, token, Number(args.requests))) };
        rows.push(row);
        printRow(row);
      }
      if (!ONLY.has("seed")) continue;
      if (!sessions) {
        const accounts = await usableAccounts(servers[0]!);
        if (Math.ceil(SESSIONS / accounts.length) + 1 > 100) throw new Error(`${accounts.length} accounts cannot hold ${SESSIONS} sessions (100 each)`);
        const t0 = performance.now();
        sessions = await signIn(active, accounts.map((a) => a.account), SESSIONS, Number(args["login-concurrency"]));
        console.log(`signed in ${SESSIONS} sessions over ${accounts.length} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
          `(mix: ${accounts.map((a) => `${a.account.username} ${a.account.paths.length}`).join(", ")})`);
      }
      // fresh connections to this setup's processes (the server ends connections idle for 120 s, as sign-in can take)
      await reconnect(sessions, active);
      let detail: string[] = [];
      const figures = await withCpu(active, pg.name, async () => {
        const r = await seedLoad(sessions!);
        detail = r.detail;
        return r;
      });
      const row: Row = { scenario: "seed", web: count, figures, detail };
      rows.push(row);
      printRow(row);
      for (const line of detail) console.log(`    ${line}`);
    }
    printSummary(rows);
    if (rows.some((r) => r.figures.errors > 0)) process.exitCode = 1;
  } finally {
    for (const s of sessions ?? []) s.conn?.close();
    for (const s of servers) await s.stop();
    await pg.drop();
    if (env.REDIS_URL) await dropRedisPrefix(env.REDIS_URL, redisPrefix);
  }
}

await main();
