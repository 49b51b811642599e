/**
 * The cluster's processes and shared state: one PostgreSQL database and (optionally) one Redis key prefix per
 * setup, and `bun api/src/main.ts` children split by OPS_ROLES. Everything is removed at the end, and also when
 * the run is interrupted or fails (the exit hook below; children and temp dirs are scripts/bench/servers.ts's).
 */
import { RedisClient, SQL } from "bun";
import { startOps, type Server } from "../bench/servers.ts";
import { within } from "./waits.ts";

export const PG_ADMIN_URL = process.env.OPS_CLUSTER_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.OPS_CLUSTER_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Resource names carry our pid, so a later run can tell an interrupted run's leftovers from a live run's. */
const NAME_PREFIX = "ops_cluster_";
/** One administrative step (a database created or dropped, a key prefix swept, a connection closed) may take this long. */
const ADMIN_TIMEOUT_MS = 30_000;
/**
 * How long one process may take to answer /readyz 200: the five (with both setups at once, ten) processes that start
 * together each load the app's modules (~1.5 s of CPU), which took 45 s on a two-core box loaded by other suites.
 */
export const NODE_READY_TIMEOUT_MS = 120_000;
/** A stopped process has this long to exit (its stop() sends SIGTERM, then SIGKILL after 5 s). */
const STOP_TIMEOUT_MS = 20_000;

export type Role = "web" | "worker" | "scheduler";
export type Node = Server & { roles: string; role: Role; killed: boolean };
export type Cluster = {
  db: SQL; dbName: string; dbUrl: string; redisPrefix: string | null; nodes: Node[];
  /** how long the start's steps took: the database, the first process (it migrates), the others */
  startTimes: { databaseMs: number; firstMs: number; othersMs: number };
  stop(): Promise<void>;
};

const pending = { dbs: new Set<string>(), prefixes: new Set<string>() };
process.on("exit", () => {
  // Synchronous on purpose: an exit hook cannot await. `--force` ends connections children may still hold. Each
  // command has a deadline: an exit must not hang on a PostgreSQL or Redis that stopped answering.
  for (const name of pending.dbs) Bun.spawnSync(["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", name], { stderr: "ignore", timeout: 20_000 });
  for (const prefix of pending.prefixes) dropRedisKeysSync(prefix);
});

function dropRedisKeysSync(prefix: string) {
  Bun.spawnSync(["sh", "-c", `redis-cli -u "$1" --scan --pattern "$2*" | xargs -r redis-cli -u "$1" del >/dev/null`, "sh", REDIS_URL, prefix], { stderr: "ignore", timeout: 20_000 });
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Databases and key prefixes of earlier runs whose process is gone (SIGKILLed, machine reset). */
export async function sweepLeftovers(admin: SQL): Promise<string[]> {
  const swept: string[] = [];
  const rows = await admin.unsafe(`SELECT datname FROM pg_database WHERE datname LIKE '${NAME_PREFIX}%'`) as Array<{ datname: string }>;
  for (const { datname } of rows) {
    const pid = Number(/^ops_cluster_(\d+)_/.exec(datname)?.[1]);
    if (pid && !pidAlive(pid)) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      swept.push(datname);
    }
  }
  return swept;
}

const REDIS_PREFIX = "opscluster";

/** Deletes the keys under `prefix`; `keep(key)` spares some (the sweep spares live runs' keys). */
export async function dropRedisKeys(prefix: string, keep: (key: string) => boolean = () => false): Promise<number> {
  const redis = new RedisClient(REDIS_URL);
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = (await redis.send("SCAN", [cursor, "MATCH", `${prefix}*`, "COUNT", "500"])) as [string, string[]];
      cursor = next;
      const doomed = keys.filter((k) => !keep(k));
      if (doomed.length) removed += Number(await redis.send("DEL", doomed));
    } while (cursor !== "0");
  } finally {
    redis.close();
  }
  return removed;
}

/** Key prefixes of interrupted runs whose process is gone. */
export function sweepRedisLeftovers(): Promise<number> {
  return dropRedisKeys(REDIS_PREFIX, (key) => {
    const pid = Number(new RegExp(`^${REDIS_PREFIX}(\\d+)`).exec(key)?.[1]);
    return !pid || pidAlive(pid);
  });
}

export type ClusterOptions = { setup: string; redis: boolean; web: number; workers: number; schedulers: number; extraEnv?: Record<string, string> };

/**
 * Starts the first web process alone (it migrates the new database and creates the admin), then every other
 * process at once. The first web process also has the `bot` role (chat intake); the web console answers on
 * every web process, since every process has the bot core.
 */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const t0 = Date.now();
  const dbName = `${NAME_PREFIX}${process.pid}_${o.setup}`;
  pending.dbs.add(dbName);
  await within(`PostgreSQL (${PG_ADMIN_URL}): sweep leftovers and create database ${dbName}`, ADMIN_TIMEOUT_MS, async () => {
    const admin = new SQL(PG_ADMIN_URL, { max: 1 });
    try {
      await sweepLeftovers(admin);
      await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE "${dbName}"`);
    } finally {
      await admin.close();
    }
  });
  const dbUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const redisPrefix = o.redis ? `${REDIS_PREFIX}${process.pid}${o.setup}` : null;
  if (redisPrefix) {
    pending.prefixes.add(redisPrefix);
    await within(`Redis (${REDIS_URL}): sweep the keys of interrupted runs`, ADMIN_TIMEOUT_MS, sweepRedisLeftovers());
  }
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl,
    // six processes on a machine shared with other suites: keep PostgreSQL connections modest
    OPS_DB_POOL_MAX: "4",
    OPS_WEBHOOK_ALLOW_PRIVATE: "1",
    OPS_JOB_RUNS_KEEP_DAYS: "0",
    OPS_DIRECTORY_SYNC_HOURS: "0",
    OPS_AUDIT_ARCHIVE_DAYS: "0",
    ...(redisPrefix ? { REDIS_URL, OPS_QUEUE_PREFIX: redisPrefix } : {}),
    ...o.extraEnv,
  };
  const plan: Array<{ name: string; role: Role; roles: string }> = [];
  for (let i = 1; i <= o.web; i++) plan.push({ name: `web${i}`, role: "web", roles: i === 1 ? "web,bot" : "web" });
  for (let i = 1; i <= o.workers; i++) plan.push({ name: `worker${i}`, role: "worker", roles: "worker" });
  for (let i = 1; i <= o.schedulers; i++) plan.push({ name: `scheduler${i}`, role: "scheduler", roles: "scheduler" });
  const nodes: Node[] = [];
  const startTimes = { databaseMs: 0, firstMs: 0, othersMs: 0 };
  const db = new SQL(dbUrl, { max: 2 });
  // Every step is tried, each within its deadline; what failed is thrown at the end (the exit hook retries the
  // database and the keys).
  const stop = async () => {
    const failures: string[] = [];
    const step = (what: string, ms: number, work: () => Promise<unknown>) => within(what, ms, work).then(() => true, (e: Error) => (failures.push(e.message), false));
    await Promise.all(nodes.map((n) => step(`${n.name} (pid ${n.pid}) to exit`, STOP_TIMEOUT_MS, () => n.stop())));
    await step(`the test's PostgreSQL connections to ${dbName} to close`, ADMIN_TIMEOUT_MS, () => db.close());
    const dropped = await step(`PostgreSQL: drop database ${dbName}`, ADMIN_TIMEOUT_MS, async () => {
      const a = new SQL(PG_ADMIN_URL, { max: 1 });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      } finally {
        await a.close();
      }
    });
    if (dropped) pending.dbs.delete(dbName);
    if (redisPrefix && (await step(`Redis: delete the keys under ${redisPrefix}`, ADMIN_TIMEOUT_MS, () => dropRedisKeys(redisPrefix)))) pending.prefixes.delete(redisPrefix);
    if (failures.length) throw new Error(`clean-up: ${failures.join("; ")}`);
  };
  try {
    const start = async (p: (typeof plan)[number]) => {
      // startOps bounds the wait itself (and names the last /readyz answer); within() lists it among the open waits
      const server = await within(`${o.setup}/${p.name} (OPS_ROLES=${p.roles}) to answer GET /readyz 200`, NODE_READY_TIMEOUT_MS + STOP_TIMEOUT_MS,
        startOps(`${o.setup}/${p.name}`, { ...env, OPS_ROLES: p.roles }, [], NODE_READY_TIMEOUT_MS));
      const node: Node = { ...server, roles: p.roles, role: p.role, killed: false };
      nodes.push(node);
      return node;
    };
    startTimes.databaseMs = Date.now() - t0;
    await start(plan[0]!);
    startTimes.firstMs = Date.now() - t0 - startTimes.databaseMs;
    // every start ends (ready or failed) before a failure stops the others: a process still starting when the
    // database is dropped would die on its own, noisily
    const starts = await Promise.allSettled(plan.slice(1).map(start));
    const failed = starts.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    startTimes.othersMs = Date.now() - t0 - startTimes.databaseMs - startTimes.firstMs;
  } catch (e) {
    // the start's failure is the one to report; a clean-up that failed too is added to it
    const cleanup = await stop().then(() => null, (c: Error) => c.message);
    if (cleanup && e instanceof Error) e.message += ` (and ${cleanup})`;
    throw e;
  }
  nodes.sort((a, b) => plan.findIndex((p) => a.name.endsWith(`/${p.name}`)) - plan.findIndex((p) => b.name.endsWith(`/${p.name}`)));
  return { db, dbName, dbUrl, redisPrefix, nodes, startTimes, stop };
}

/** SIGKILL: no drain, no hand-back, its leases simply run out. */
export async function killNode(node: Node): Promise<void> {
  process.kill(node.pid, "SIGKILL");
  node.killed = true;
  // startOps' stop() waits for the exit and removes the data dir; the node stays listed for the summary.
  await within(`${node.name} (pid ${node.pid}) to exit after SIGKILL`, STOP_TIMEOUT_MS, node.stop());
}
