import { parseEnv } from "../env.ts";
import { buildSystem, type System } from "../system.ts";
import { fixedClock } from "../platform/clock.ts";
import { createLogger } from "../platform/logger.ts";
import { testDatabase, type Engine } from "./databases.ts";

export { ENGINES, type Engine } from "./databases.ts";
export const ADMIN_PASSWORD = "Admin@12345";
export const DEMO_PASSWORD = "Ops@demo2026";

export type Reply<T = any> = { status: number; body: T; headers: Headers };

export type TestSystem = {
  system: System;
  clock: ReturnType<typeof fixedClock>;
  req<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Reply<T>>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * A whole system on a database of its own, driven through app.request (no socket).
 * Demo data on by default (the whole demo company, api/src/demo), so every seeded role has a user:
 * zhangwei (运营主管), lina / wangfang (运营专员), liuyang (开发人员), chenjing (审计人员), admin (超级管理员).
 * `demoSeeders: ["company"]`: the people without their two weeks of history (tests that need the logs to start empty).
 */
export async function createTestSystem(
  opts: { engine?: Engine; demo?: boolean; env?: Record<string, string>; demoSeeders?: readonly string[] } = {},
): Promise<TestSystem> {
  const db = await testDatabase(opts.engine ?? "sqlite");
  const clock = fixedClock(new Date());
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    OPS_DEMO: opts.demo === false ? "0" : "1",
    OPS_SECRET_KEY: "test-secret-key-0123456789",
    OPS_TRUST_PROXY: "1",
    OPS_DATA_DIR: "./.tmp/test-data",
    OPS_PWA_DIST: "./.tmp/no-pwa",
    // suites run in parallel against one PostgreSQL (max_connections 100)
    OPS_DB_POOL_MAX: "3",
    ...opts.env,
  });
  const system = await buildSystem(env, {
    clock, databaseUrl: db.url, logger: createLogger("silent"), metricsDefaults: false, ...(opts.demoSeeders ? { demoSeeders: opts.demoSeeders } : {}),
  });
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
