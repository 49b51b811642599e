import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeInfo } from "@ops/shared/contracts/monitor.ts";
import { testDatabase } from "../testing/databases.ts";
import { MAIN, readyzUntil, startMain, TEST_ADMIN_PASSWORD, type MainProcess } from "./main-process.testkit.ts";

/** `bun api/src/main.ts` by role, on one PostgreSQL database: what each serves, what it consumes, how it refuses. */
describe("OPS_ROLES: what each process serves (main.ts, PostgreSQL)", () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  let databaseUrl = "";
  beforeAll(async () => {
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    databaseUrl = tdb.url;
  });
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });
  const start = async (roles: string, env: Record<string, string> = {}) => {
    const p: MainProcess = await startMain({ DATABASE_URL: databaseUrl, OPS_ROLES: roles, ...env });
    cleanup.push(() => p.kill());
    return p;
  };

  it("web only: answers the API, consumes no queue, and the nodes API shows its roles and readiness", async () => {
    const web = await start("web");
    const ready = await readyzUntil(web.url, (status) => status === 200);
    // the web role's readiness is its store, the bus's subscription (live updates) and its start done; no queue,
    // consumers, timers or chat connections
    expect(ready.body).toEqual({ status: "ready", checks: { store: true, started: true, bus: true } });
    const login = await fetch(`${web.url}/api/v1/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: TEST_ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${web.url}/api/v1/users`, { headers: auth })).status).toBe(200);
    // its row is written at start (the first report): roles, no queue consumed, ready
    const nodes = ((await (await fetch(`${web.url}/api/v1/monitor/nodes`, { headers: auth })).json()) as { data: NodeInfo[] }).data;
    const self = nodes.find((n) => n.pid === web.child.pid);
    expect(self).toMatchObject({ roles: ["web"], queues: [], in_flight: 0, status: "up" });
    // the first report may have been written before every check answered: its readiness is a boolean, never unknown
    expect(typeof self!.ready).toBe("boolean");
    // chat webhooks need the bot role
    expect((await fetch(`${web.url}/bot/slack/events`, { method: "POST", body: "{}" })).status).toBe(404);
  }, 90_000);

  it("scheduler only: serves the probes and /metrics, 404s the API and the PWA", async () => {
    const scheduler = await start("scheduler");
    const ready = await readyzUntil(scheduler.url, (status) => status === 200);
    expect(ready.body).toEqual({ status: "ready", checks: { store: true, started: true, scheduler: true } });
    expect((await fetch(`${scheduler.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${scheduler.url}/metrics`)).status).toBe(200);
    const users = await fetch(`${scheduler.url}/api/v1/users`, { headers: { "accept-language": "en" } });
    expect(users.status).toBe(404);
    expect(await users.json()).toMatchObject({ code: "common.route_not_found", message: expect.stringContaining("the web role") });
    expect((await fetch(`${scheduler.url}/`)).status).toBe(404);
    expect((await fetch(`${scheduler.url}/api/openapi.json`)).status).toBe(404);
  }, 90_000);

  it("bot only: serves the chat webhooks and the probes, readiness reports each chat platform's connection, no API", async () => {
    const bot = await start("bot", { DINGTALK_CLIENT_ID: "ding-test", DINGTALK_CLIENT_SECRET: "ding-secret", DINGTALK_MODE: "http" });
    const ready = await readyzUntil(bot.url, (status) => status === 200);
    // chat connections are information beside the checks (readiness-process.test.ts: one down leaves the process ready)
    expect(ready.body).toEqual({ status: "ready", checks: { store: true, started: true }, connections: { "chat:dingtalk": true } });
    // the webhook answers (an unsigned callback is refused by the adapter, not by the role filter)
    const callback = await fetch(`${bot.url}/bot/dingtalk/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(callback.status).not.toBe(404);
    expect((await fetch(`${bot.url}/api/v1/users`)).status).toBe(404);
  }, 90_000);

  it("an unknown role: exits 2 at start, naming it", async () => {
    const child = Bun.spawn([process.execPath, MAIN], {
      env: { PATH: process.env.PATH ?? "", OPS_ROLES: "web,cook", DATABASE_URL: databaseUrl }, stdin: "ignore", stdout: "ignore", stderr: "pipe",
    });
    const err = await new Response(child.stderr).text();
    expect(await child.exited).toBe(2);
    expect(err).toContain('OPS_ROLES: unknown role "cook": use a comma-separated list of web, worker, scheduler, bot');
  }, 30_000);
});
