/**
 * Speed of the authenticated API path and the idle cost of a server, in one run, each server a
 * child process (loopback only):
 *
 *   1. a bare Hono handler (scripts/bench/ack-server.ts, `GET /readyz`): the baseline;
 *   2. OPS `GET /healthz` (the middleware stack, no store);
 *   3. OPS `GET /api/v1/users` as the admin (token check, session, roles, data scope, one page).
 *      The same page each time: after the first it is answered from the list's cache
 *      (modules/iam/directory/users-list-cache.ts) for the price of the session statement. To see
 *      the uncached path, run the bench of an earlier commit beside this one.
 *
 * Each row: req/s, p50, p99 at CONCURRENCY keep-alive connections (bounded by --requests and
 * --seconds), and the server's CPU per request (utime + stime from /proc/<pid>/stat). Before the
 * load, each server sits idle for --idle seconds and its CPU share of one core is printed (a bare
 * Bun server is ~0 %). Ratios: list / healthz req/s (aim >= 30 %), and p99 of the list (aim <= 20 ms).
 *
 *   bun scripts/bench/api.ts [--requests 5000] [--seconds 10] [--concurrency 100] [--idle 5]
 *                            [--rounds 1] [--pool N] [--profile DIR] [--users 0]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bun scripts/bench/api.ts
 *
 * With DATABASE_URL the OPS server runs on PostgreSQL: a database of its own (ops_bench_<pid>) is
 * created on that server and dropped afterwards; otherwise SQLite in a temp dir. The load client
 * shares the machine with the server (on 2 cores they compete): compare ratios, not absolutes.
 * On PostgreSQL the CPU its backends spent for the bench database is printed per request too
 * (the database shares the same two cores). --pool sets OPS_DB_POOL_MAX of the server; --profile
 * writes the OPS server's CPU profile (Bun's --cpu-prof, markdown too) into DIR when it stops.
 * --rounds N measures the three rows N times over (same servers) and prints the range of each
 * figure: on a shared machine one round says little. --users N creates N more users through the
 * API before the load, so the listed page is full (20 rows, compressed) instead of the admin alone.
 */
import { parseArgs } from "node:util";
import { benchDatabase, cpuMicros, cpuTimes, pgBackendCpu as backendCpu } from "./proc.ts";
import { BENCH_ADMIN_PASSWORD, startBare, startOps, type Server } from "./servers.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "5000" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "100" },
    idle: { type: "string", default: "5" },
    // Enough for the JIT to settle: the first rounds otherwise measured tier-up, not steady state.
    warmup: { type: "string", default: "2000" },
    pool: { type: "string" },
    rounds: { type: "string", default: "1" },
    profile: { type: "string" },
    users: { type: "string", default: "0" },
  },
});
const REQUESTS = Number(args.requests);
const MAX_MS = Number(args.seconds) * 1000;
const CONCURRENCY = Number(args.concurrency);
const IDLE_MS = Number(args.idle) * 1000;
const SETTLE_MS = 2_000;
const WARMUP = Number(args.warmup);
const ROUNDS = Math.max(1, Number(args.rounds));

type Row = { name: string; server: Server; path: string; token?: string };
type Result = {
  name: string; rps: number; p50: number; p99: number; cpuUsPerReq: number; sysUsPerReq: number; dbUsPerReq: number | null;
  errors: number; done: number;
};
/** CPU of the database's backends serving the bench database (PostgreSQL only), in µs. */
type DbCpu = () => Promise<number>;

function startOpsOn(databaseUrl: string | undefined): Promise<Server> {
  const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  if (args.pool) env.OPS_DB_POOL_MAX = args.pool;
  const bunArgs = args.profile ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${args.profile}`] : [];
  return startOps("ops", env, bunArgs);
}

/** The CPU of the PostgreSQL backends of the bench database, as a reading function. */
function pgBackendCpu(adminUrl: string, database: string): DbCpu {
  return () => backendCpu(adminUrl, database);
}

/** Idle share of one core, after a short settle (the first admin is created once the port is bound). */
async function idleShare(server: Server): Promise<number> {
  await Bun.sleep(SETTLE_MS);
  const before = cpuMicros(server.pid);
  await Bun.sleep(IDLE_MS);
  return (cpuMicros(server.pid) - before) / (IDLE_MS * 1000);
}

/** `count` users in the root department, created through the API (20 at a time). */
async function createUsers(server: Server, token: string, count: number): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const depts = (await (await fetch(`${server.url}/api/v1/departments`, { headers })).json()) as { data: Array<{ id: string; parent_id: string | null }> };
  const root = depts.data.find((d) => d.parent_id === null) ?? depts.data[0];
  if (!root) throw new Error("no department to put the bench users in");
  for (let i = 0; i < count; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, count - i) }, async (_, k) => {
      const n = i + k;
      const res = await fetch(`${server.url}/api/v1/users`, {
        method: "POST", headers,
        body: JSON.stringify({ username: `bench${n}`, display_name: `压测用户 ${n}`, dept_id: root.id, email: `bench${n}@example.com`, phone: `1380000${String(n).padStart(4, "0")}` }),
      });
      if (res.status !== 201) throw new Error(`create user bench${n}: ${res.status} ${await res.text()}`);
    }));
  }
}

async function login(server: Server): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: BENCH_ADMIN_PASSWORD }),
  });
  const body = (await res.json()) as { data?: { access_token?: string } };
  if (!body.data?.access_token) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.data.access_token;
}

/** CONCURRENCY loops over keep-alive connections until `count` requests or MAX_MS. */
async function load(row: Row, count: number): Promise<{ latencies: number[]; errors: number; ms: number }> {
  const headers: Record<string, string> = row.token ? { authorization: `Bearer ${row.token}` } : {};
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < count && performance.now() - started < MAX_MS) {
      issued++;
      const t0 = performance.now();
      const res = await fetch(row.server.url + row.path, { headers }).catch(() => null);
      if (res) await res.arrayBuffer();
      if (res?.status !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, errors, ms: performance.now() - started };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function measure(row: Row, dbCpu: DbCpu | null): Promise<Result> {
  await load(row, WARMUP);
  const before = cpuTimes(row.server.pid);
  const dbBefore = dbCpu ? await dbCpu() : 0;
  const run = await load(row, REQUESTS);
  const after = cpuTimes(row.server.pid);
  const dbAfter = dbCpu ? await dbCpu() : 0;
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    name: row.name, done: n, errors: run.errors, rps: (n * 1000) / run.ms,
    p50: percentile(sorted, 50), p99: percentile(sorted, 99),
    cpuUsPerReq: (after.user + after.sys - before.user - before.sys) / n, sysUsPerReq: (after.sys - before.sys) / n,
    dbUsPerReq: dbCpu ? (dbAfter - dbBefore) / n : null,
  };
}

function printResults(engine: string, idle: Record<string, number>, results: Result[]): void {
  console.log(`\nOPS API bench (${engine}), ${CONCURRENCY} connections, up to ${REQUESTS} requests or ${MAX_MS / 1000} s per row\n`);
  if (IDLE_MS > 0) console.log("idle CPU over", IDLE_MS / 1000, "s:", Object.entries(idle).map(([k, v]) => `${k} ${(v * 100).toFixed(2)} %`).join(", "));
  const db = results.some((r) => r.dbUsPerReq !== null);
  console.log(
    `\n${"row".padEnd(28)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"CPU µs/req".padStart(12)}${"(sys)".padStart(7)}` +
      `${db ? "DB CPU µs/req".padStart(15) : ""}${"errors".padStart(8)}`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(28)}${r.rps.toFixed(0).padStart(9)}${r.p50.toFixed(2).padStart(9)}${r.p99.toFixed(2).padStart(9)}${r.cpuUsPerReq.toFixed(0).padStart(12)}` +
        `${r.sysUsPerReq.toFixed(0).padStart(7)}${db ? (r.dbUsPerReq === null ? "" : r.dbUsPerReq.toFixed(0)).padStart(15) : ""}${String(r.errors).padStart(8)}`,
    );
  }
  const [bare, health, list] = results as [Result, Result, Result];
  console.log(`\nlist / healthz req/s: ${((list.rps / health.rps) * 100).toFixed(1)} % (aim >= 30 %)`);
  console.log(`healthz / bare req/s: ${((health.rps / bare.rps) * 100).toFixed(1)} %`);
  console.log(`list / healthz server CPU per request: ${(list.cpuUsPerReq / health.cpuUsPerReq).toFixed(1)}×`);
  if (list.dbUsPerReq !== null) {
    console.log(`list server + database CPU per request: ${(list.cpuUsPerReq + list.dbUsPerReq).toFixed(0)} µs (database ${((list.dbUsPerReq / (list.cpuUsPerReq + list.dbUsPerReq)) * 100).toFixed(0)} %)`);
  }
  console.log(`list p99: ${list.p99.toFixed(2)} ms (aim <= 20 ms)`);
}

/** Each figure's lowest and highest value over the rounds. */
function printRanges(rounds: Result[][]): void {
  const range = (values: number[], digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
  console.log(`\nranges over ${rounds.length} rounds`);
  rounds[0]!.forEach((first, i) => {
    const rows = rounds.map((r) => r[i]!);
    const db = rows.every((r) => r.dbUsPerReq !== null) ? `, DB CPU ${range(rows.map((r) => r.dbUsPerReq!))} µs/req` : "";
    console.log(`  ${first.name.padEnd(26)} ${range(rows.map((r) => r.rps))} req/s, p99 ${range(rows.map((r) => r.p99), 1)} ms, CPU ${range(rows.map((r) => r.cpuUsPerReq))} µs/req${db}`);
  });
  const [, health, list] = [0, 1, 2].map((i) => rounds.map((r) => r[i]!)) as [Result[], Result[], Result[]];
  console.log(`  list / healthz req/s ${range(list.map((l, k) => (l.rps / health[k]!.rps) * 100), 1)} % (aim >= 30 %), list p99 ${range(list.map((l) => l.p99), 1)} ms (aim <= 20 ms)`);
}

async function main() {
  const pgAdminUrl = process.env.DATABASE_URL;
  const pg = pgAdminUrl ? await benchDatabase(pgAdminUrl) : null;
  const servers: Server[] = [];
  try {
    const bare = await startBare("bare");
    servers.push(bare);
    const ops = await startOpsOn(pg?.url);
    servers.push(ops);
    const [bareIdle, opsIdle] = await Promise.all([idleShare(bare), idleShare(ops)]);
    const token = await login(ops);
    await createUsers(ops, token, Number(args.users));
    const rounds: Result[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results: Result[] = [];
      for (const row of [
        { name: "bare hono GET /readyz", server: bare, path: "/readyz" },
        { name: "ops GET /healthz", server: ops, path: "/healthz" },
        { name: "ops GET /api/v1/users", server: ops, path: "/api/v1/users", token },
      ]) results.push(await measure(row, row.server === ops && pg && pgAdminUrl ? pgBackendCpu(pgAdminUrl, pg.name) : null));
      printResults(`${pg ? "PostgreSQL" : "SQLite"}${ROUNDS > 1 ? `, round ${round + 1} of ${ROUNDS}` : ""}`, { bare: bareIdle, ops: opsIdle }, results);
      rounds.push(results);
    }
    if (ROUNDS > 1) printRanges(rounds);
    if (rounds.flat().some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    for (const s of servers) await s.stop();
    await pg?.drop();
  }
}

await main();
