import { inject } from "vitest";
import { parseEnv } from "../env.ts";
import { buildSystem, type System } from "../system.ts";
import { fixedClock } from "../platform/clock.ts";
import { createLogger } from "../platform/logger.ts";
import { lowerPasswordCostForTests } from "../modules/iam/index.ts";
import { testDatabase, type Engine, type TemplateSpec } from "./databases.ts";

export { ENGINES, type Engine } from "./databases.ts";
export const ADMIN_PASSWORD = "Admin@12345";
export const DEMO_PASSWORD = "Ops@demo2026";

/**
 * The harness's shortcuts (README "Notes for developers"): PostgreSQL systems start from template copies and password
 * hashes are cheap. OPS_TEST_TEMPLATES=0 turns both off: every system built in full, as in production (to compare or
 * to rule the shortcuts out). api/src/testing/password-cost.test.ts checks the production hash cost.
 */
const SHORTCUTS = process.env.OPS_TEST_TEMPLATES !== "0";
if (SHORTCUTS) lowerPasswordCostForTests({ memoryCost: 256, timeCost: 1 });

export type Reply<T = any> = { status: number; body: T; headers: Headers };

export type TestSystem = {
  system: System;
  clock: ReturnType<typeof fixedClock>;
  req<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Reply<T>>;
  login(username: string, password?: string): Promise<string>;
  /** the store's URL (`shareDatabaseWith` builds another system on it) */
  databaseUrl?: string;
  close(): Promise<void>;
};

/**
 * A whole system on a database of its own, driven through app.request (no socket).
 * Demo data on by default (the whole demo company, api/src/demo), so every seeded role has a user:
 * zhangwei (运营主管), lina / wangfang (运营专员), liuyang (开发人员), chenjing (审计人员), admin (超级管理员).
 * `demoSeeders: ["company"]`: the people without their two weeks of history (tests that need the logs to start empty).
 */
export async function createTestSystem(
  opts: {
    engine?: Engine; demo?: boolean; env?: Record<string, string>; demoSeeders?: readonly string[];
    /** another process of that system: a second system on its database (PostgreSQL), on its clock; the database stays theirs */
    shareDatabaseWith?: TestSystem;
  } = {},
): Promise<TestSystem> {
  const start = (databaseUrl: string, clock: ReturnType<typeof fixedClock>, env: Record<string, string> | undefined) => buildSystem(harnessEnv(opts.demo, env), {
    clock, databaseUrl, logger: createLogger("silent"), metricsDefaults: false, ...(opts.demoSeeders ? { demoSeeders: opts.demoSeeders } : {}),
  });
  const peer = opts.shareDatabaseWith;
  if (peer && !peer.databaseUrl?.startsWith("postgres")) throw new Error("shareDatabaseWith: a PostgreSQL test system");
  const db = peer ? { url: peer.databaseUrl!, seededAt: undefined, drop: async () => {} } : await testDatabase(opts.engine ?? "sqlite", templateOf(opts, start));
  // On a template's copy the clock starts where the template's was when its demo rows were seeded ("the last two
  // weeks" before it), so the copy is what a fresh build at that instant would have been.
  const clock = peer?.clock ?? fixedClock(db.seededAt ?? new Date());
  const system = await start(db.url, clock, opts.env);
  const req: TestSystem["req"] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: BodyInit | undefined;
    if (o.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    }
    const res = await system.app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: CSV, HTML */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    system,
    clock,
    req,
    databaseUrl: db.url,
    async login(username, password) {
      const r = await req("POST", "/api/v1/auth/login", { body: { username, password: password ?? (username === "admin" ? ADMIN_PASSWORD : DEMO_PASSWORD) } });
      if (r.status !== 200 || !r.body.data?.access_token) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.data.access_token as string;
    },
    async close() {
      await system.close();
      await db.drop();
    },
  };
}

function harnessEnv(demo: boolean | undefined, env: Record<string, string> | undefined) {
  return parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    OPS_DEMO: demo === false ? "0" : "1",
    OPS_SECRET_KEY: "test-secret-key-0123456789",
    OPS_TRUST_PROXY: "1",
    OPS_DATA_DIR: "./.tmp/test-data",
    OPS_PWA_DIST: "./.tmp/no-pwa",
    // suites run in parallel against one PostgreSQL (max_connections 100)
    OPS_DB_POOL_MAX: "3",
    ...env,
  });
}

/**
 * Env a test may set and still start from a template: read only when serving HTTP or storing files (the demo seeders
 * write no files), when checking or delivering a webhook's URL (no seeder makes a webhook or sends to one), or when
 * timing a report query or SQL job against a data source (the slow query log; seeders run none), never by migrations
 * or seeders. The copy's system starts with the test's env.
 */
const HTTP_ONLY_ENV = new Set([
  "OPS_DATA_DIR", "OPS_PWA_DIST", "OPS_CORS_ORIGINS", "OPS_TRUST_PROXY", "OPS_ATTACHMENT_MAX_BYTES",
  "OPS_WEBHOOK_ALLOW_PRIVATE", "OPS_WEBHOOK_ALLOW_HOSTS", "OPS_SLOW_QUERY_MS",
]);

/**
 * The PostgreSQL template a system with these options starts from (api/src/testing/templates.ts), or none. Systems
 * whose env sets anything beyond HTTP_ONLY_ENV (SMTP, Redis, SSO …) may seed differently or put state outside the
 * database: built in full. Not under a vitest run's global setup (no run id): built in full.
 */
function templateOf(
  opts: { demo?: boolean; env?: Record<string, string>; demoSeeders?: readonly string[] },
  start: (url: string, clock: ReturnType<typeof fixedClock>, env: undefined) => Promise<System>,
): TemplateSpec | undefined {
  if (Object.keys(opts.env ?? {}).some((k) => !HTTP_ONLY_ENV.has(k))) return undefined;
  const run = runId();
  if (!run) return undefined;
  const kind = JSON.stringify({ demo: opts.demo !== false, seeders: opts.demoSeeders ? [...opts.demoSeeders].sort() : null });
  return {
    run, kind,
    build: async (url, seededAt) => {
      // with the harness's env alone: a test's data dir gets nothing from another test's template
      const system = await start(url, fixedClock(seededAt), undefined);
      await system.close();
    },
  };
}

function runId(): string | undefined {
  if (!SHORTCUTS) return undefined;
  try {
    return inject("opsTestRun");
  } catch {
    return undefined;
  }
}
