/**
 * The cluster's processes and shared state: one PostgreSQL database and (optionally) one Redis key prefix per
 * setup, and `bun api/src/main.ts` children split by OPS_ROLES. Everything is removed at the end, and also when
 * the run is interrupted or fails (the exit hook below; children and temp dirs are scripts/bench/servers.ts's).
 */
import { RedisClient, SQL } from "bun";
import { startOps, type Server } from "../bench/servers.ts";

export const PG_ADMIN_URL = process.env.OPS_CLUSTER_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.OPS_CLUSTER_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Resource names carry our pid, so a later run can tell an interrupted run's leftovers from a live run's. */
const NAME_PREFIX = "ops_cluster_";

export type Role = "web" | "worker" | "scheduler";
export type Node = Server & { roles: string; role: Role; killed: boolean };
export type Cluster = { db: SQL; dbName: string; dbUrl: string; redisPrefix: string | null; nodes: Node[]; stop(): Promise<void> };

const pending = { dbs: new Set<string>(), prefixes: new Set<string>() };
process.on("exit", () => {
  // Synchronous on purpose: an exit hook cannot await. `--force` ends connections children may still hold.
  for (const name of pending.dbs) Bun.spawnSync(["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", name], { stderr: "ignore" });
  for (const prefix of pending.prefixes) dropRedisKeysSync(prefix);
});

function dropRedisKeysSync(prefix: string) {
  Bun.spawnSync(["sh", "-c", `redis-cli -u "$1" --scan --pattern "$2*" | xargs -r redis-cli -u "$1" del >/dev/null`, "sh", REDIS_URL, prefix], { stderr: "ignore" });
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
  const admin = new SQL(PG_ADMIN_URL, { max: 1 });
  await sweepLeftovers(admin);
  const dbName = `${NAME_PREFIX}${process.pid}_${o.setup}`;
  pending.dbs.add(dbName);
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  await admin.close();
  const dbUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const redisPrefix = o.redis ? `${REDIS_PREFIX}${process.pid}${o.setup}` : null;
  if (redisPrefix) {
    pending.prefixes.add(redisPrefix);
    await sweepRedisLeftovers();
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
  const db = new SQL(dbUrl, { max: 2 });
  const stop = async () => {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await db.close();
    const a = new SQL(PG_ADMIN_URL, { max: 1 });
    await a.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await a.close();
    pending.dbs.delete(dbName);
    if (redisPrefix) {
      await dropRedisKeys(redisPrefix);
      pending.prefixes.delete(redisPrefix);
    }
  };
  try {
    const start = async (p: (typeof plan)[number]) => {
      const server = await startOps(`${o.setup}/${p.name}`, { ...env, OPS_ROLES: p.roles });
      const node: Node = { ...server, roles: p.roles, role: p.role, killed: false };
      nodes.push(node);
      return node;
    };
    await start(plan[0]!);
    // every start ends (ready or failed) before a failure stops the others: a process still starting when the
    // database is dropped would die on its own, noisily
    const starts = await Promise.allSettled(plan.slice(1).map(start));
    const failed = starts.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } catch (e) {
    await stop();
    throw e;
  }
  nodes.sort((a, b) => plan.findIndex((p) => a.name.endsWith(`/${p.name}`)) - plan.findIndex((p) => b.name.endsWith(`/${p.name}`)));
  return { db, dbName, dbUrl, redisPrefix, nodes, stop };
}

/** SIGKILL: no drain, no hand-back, its leases simply run out. */
export async function killNode(node: Node): Promise<void> {
  process.kill(node.pid, "SIGKILL");
  node.killed = true;
  // startOps' stop() waits for the exit and removes the data dir; the node stays listed for the summary.
  await node.stop();
}
