/**
 * The whole OPS system in this process for the jobs bench, as `npm start` builds it (store, queue
 * driver, IAM, audit, jobs with its run worker and scheduler on the real clock), driven through
 * `app.request` (the HTTP API without a socket), plus a local target for http jobs. Each setup
 * gets a store and a queue key prefix of its own, removed by `close()`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "../../api/src/env.ts";
import { createLogger } from "../../api/src/platform/logger.ts";
import { deleteKeys } from "../../api/src/platform/queue/driver.harness.ts";
import type { Db } from "../../api/src/platform/db/db.ts";
import { buildSystem, type System } from "../../api/src/system.ts";
import { benchDatabase } from "./proc.ts";

const ADMIN_PASSWORD = "Bench@12345";

export type BenchSetup = { name: string; store: "sqlite" | "postgres"; redisUrl: string | null };
export type BenchSystem = {
  system: System;
  /** an API call as the admin; throws on a non-2xx answer */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** store statements sent so far (all, get, run, notify), by every module of this system */
  statements(): number;
  /** the same, per statement text (first 90 characters, whitespace folded) */
  statementTexts(): Map<string, number>;
  close(): Promise<void>;
};

let opened = 0;

export async function openBenchSystem(setup: BenchSetup, pgAdminUrl: string | undefined, workerConcurrency: number): Promise<BenchSystem> {
  const tag = `${process.pid}_${++opened}`;
  const dataDir = mkdtempSync(join(tmpdir(), "ops-bench-jobs-"));
  const pg = setup.store === "postgres" ? await benchDatabase(pgAdminUrl!, `ops_bench_jobs_${tag}`) : null;
  const prefix = `ops-bench-jobs-${tag}`;
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    OPS_SECRET_KEY: "bench-secret-key-0123456789",
    OPS_DATA_DIR: dataDir,
    OPS_PWA_DIST: join(dataDir, "no-pwa"),
    OPS_QUEUE_PREFIX: prefix,
    ...(setup.redisUrl ? { REDIS_URL: setup.redisUrl } : {}),
  });
  const databaseUrl = pg?.url ?? `sqlite://${join(dataDir, "ops.db")}`;
  let statements = 0;
  const texts = new Map<string, number>();
  const count = (sql: string) => {
    statements++;
    const key = sql.replace(/\s+/g, " ").trim().slice(0, 90);
    texts.set(key, (texts.get(key) ?? 0) + 1);
  };
  const counted = (db: Db): Db => ({
    ...db,
    dialect: db.dialect,
    all: (sql, params) => (count(sql), db.all(sql, params)),
    get: (sql, params) => (count(sql), db.get(sql, params)),
    run: (sql, params) => (count(sql), db.run(sql, params)),
    notify: (channel, payload) => (count(`NOTIFY ${channel}`), db.notify(channel, payload)),
  });
  const system = await buildSystem(env, { databaseUrl, logger: createLogger("error"), metricsDefaults: false, wrapDb: counted });
  await system.jobs.start({ worker: { concurrency: workerConcurrency }, scheduler: true });

  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await system.app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const parsed = (await res.json()) as { data?: unknown; message?: string; errors?: unknown };
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${parsed.message ?? ""} ${JSON.stringify(parsed.errors ?? "")}`);
    return parsed.data;
  };
  const login = (await call("POST", "/auth/login", { username: "admin", password: ADMIN_PASSWORD })) as { access_token: string };
  return {
    system,
    api: async <T>(method: string, path: string, body?: unknown) => (await call(method, path, body, login.access_token)) as T,
    statements: () => statements,
    statementTexts: () => new Map(texts),
    async close() {
      await system.close();
      if (setup.redisUrl) await deleteRedisKeys(setup.redisUrl, prefix);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Answers `GET /noop` with 204 at once and `GET /sleep?ms=N` with 204 after N ms: the http jobs' target. */
export function startTarget() {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === "/sleep") await Bun.sleep(Number(url.searchParams.get("ms") ?? 0));
      return new Response(null, { status: 204 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

/** Deletes every key under `prefix:` on that Redis (a bench's queues). */
export const deleteRedisKeys = (url: string, prefix: string): Promise<number> => deleteKeys(prefix, url);
