import { createServer, connect, type Server as NetServer, type Socket } from "node:net";
import { SQL } from "bun";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeInfo } from "@ops/shared/contracts/monitor.ts";
import { testDatabase } from "../testing/databases.ts";
import { PG_ADMIN_URL } from "../testing/templates.ts";
import { deleteKeys, TEST_REDIS_URL } from "../platform/queue/driver.harness.ts";
import { readyzUntil, startMain, TEST_ADMIN_PASSWORD, type MainProcess } from "./main-process.testkit.ts";

/**
 * A TCP relay in front of Redis that the test can close (every relayed connection cut, new ones refused) and open
 * again on the same port: the process's Redis is "gone" and "back" without touching anyone else's connections.
 */
async function redisRelay(target: URL) {
  const sockets = new Set<Socket>();
  let server: NetServer | null = null;
  let port = 0;
  const listen = () => new Promise<void>((resolve, reject) => {
    const s = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on("close", () => sockets.delete(sock));
        sock.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    s.once("error", reject);
    s.listen(port, "127.0.0.1", () => {
      port = (s.address() as { port: number }).port;
      server = s;
      resolve();
    });
  });
  await listen();
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    async close() {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    },
    open: listen,
  };
}

async function signIn(url: string): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: TEST_ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return { authorization: `Bearer ${((await login.json()) as { data: { access_token: string } }).data.access_token}` };
}

/** This process's row on the nodes page once it satisfies `ok` (rows are written every 10 s: no event to await), up to `ms`. */
async function nodeUntil(p: MainProcess, auth: Record<string, string>, ok: (n: NodeInfo) => boolean, ms = 30_000): Promise<NodeInfo> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${p.url}/api/v1/monitor/nodes`, { headers: auth });
    const self = res.ok ? ((await res.json()) as { data: NodeInfo[] }).data.find((n) => n.pid === p.child.pid) : undefined;
    if (self && ok(self)) return self;
    if (Date.now() > deadline) throw new Error(`node row still ${JSON.stringify(self)} (HTTP ${res.status}) after ${ms} ms`);
    await Bun.sleep(200);
  }
}

describe("readiness of a real process (main.ts): the web role's bus, the bot role's chat connections", () => {
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
  const start = async (env: Record<string, string>) => {
    const p = await startMain({ DATABASE_URL: databaseUrl, ...env });
    cleanup.push(() => p.kill());
    return p;
  };

  it("web role on Redis: not ready naming the bus while its subscription is down, ready again once it is back", async () => {
    const relay = await redisRelay(new URL(TEST_REDIS_URL));
    cleanup.push(() => relay.close());
    const prefix = `ops-ready-bus-${process.pid}`;
    cleanup.push(() => deleteKeys(prefix));
    const web = await start({ OPS_ROLES: "web", REDIS_URL: relay.url, OPS_QUEUE_PREFIX: prefix });
    const ready = await readyzUntil(web.url, (status) => status === 200);
    expect(ready.body).toEqual({ status: "ready", checks: { store: true, started: true, bus: true } });
    const auth = await signIn(web.url);

    await relay.close();
    const down = await readyzUntil(web.url, (status) => status !== 200);
    expect(down).toEqual({ status: 503, body: { status: "not_ready", checks: { store: true, started: true, bus: false }, failing: ["bus"] } });
    // the nodes page names it at the node's next report (the API does not need Redis to answer)
    expect(await nodeUntil(web, auth, (n) => n.ready === false)).toMatchObject({ status: "up", ready: false, not_ready: ["bus"] });

    await relay.open();
    // ioredis reconnects by itself (its backoff is at most 2 s) and subscribes again
    expect(await readyzUntil(web.url, (status) => status === 200)).toEqual({ status: 200, body: { status: "ready", checks: { store: true, started: true, bus: true } } });
    expect(await nodeUntil(web, auth, (n) => n.ready === true)).toMatchObject({ ready: true, not_ready: [] });
  }, 120_000);

  it("web role on PostgreSQL: not ready naming the bus once its LISTEN connection is terminated, ready again once it listens again", async () => {
    // a database of its own: the LISTEN connection found below is this process's
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    const dbName = new URL(tdb.url).pathname.slice(1);
    const web = await start({ OPS_ROLES: "web", DATABASE_URL: tdb.url });
    const ready = await readyzUntil(web.url, (status) => status === 200);
    expect(ready.body).toEqual({ status: "ready", checks: { store: true, started: true, bus: true } });
    const auth = await signIn(web.url);

    const admin = new SQL(PG_ADMIN_URL);
    cleanup.push(() => admin.close());
    // new connections are refused while the LISTEN connection is cut (a superuser's too), so it stays down until
    // the test allows them again; the pool's open connections carry on (the store stays ready)
    await admin.unsafe(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    try {
      const listeners = await admin.unsafe(
        "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN %' AND pid <> pg_backend_pid()", [dbName],
      ) as Array<{ done: boolean }>;
      expect(listeners.length).toBe(1);
      const down = await readyzUntil(web.url, (status) => status !== 200);
      expect(down).toMatchObject({ status: 503, body: { status: "not_ready", checks: { started: true, bus: false } } });
      expect(down.body.failing).toContain("bus");
    } finally {
      await admin.unsafe(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    }
    // Bun reconnects the LISTEN connection by itself (backoff from 250 ms) and listens again
    expect(await readyzUntil(web.url, (status) => status === 200, 60_000)).toEqual({ status: 200, body: { status: "ready", checks: { store: true, started: true, bus: true } } });
    expect(await nodeUntil(web, auth, (n) => n.ready === true)).toMatchObject({ ready: true, not_ready: [] });
  }, 120_000);

  it("bot role: a chat platform reconnecting is reported (degraded, the nodes page) but the process stays ready and serves the others' webhooks", async () => {
    // DingTalk's stream gateway refuses every connection: the stream stays down, retrying
    let gatewayCalls = 0;
    const gateway = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => (gatewayCalls++, new Response("unavailable", { status: 503 })) });
    cleanup.push(() => gateway.stop(true));
    const bot = await start({
      OPS_ROLES: "web,bot",
      DINGTALK_CLIENT_ID: "ding-test", DINGTALK_CLIENT_SECRET: "ding-secret", DINGTALK_MODE: "stream", DINGTALK_GATEWAY_URL: `http://127.0.0.1:${gateway.port}/gateway`,
      FEISHU_APP_ID: "cli_test", FEISHU_APP_SECRET: "feishu-secret", FEISHU_VERIFICATION_TOKEN: "verify-me",
    });
    const ready = await readyzUntil(bot.url, (status) => status === 200);
    expect(gatewayCalls).toBeGreaterThan(0);
    expect(ready.body).toEqual({
      status: "ready", checks: { store: true, started: true, bus: true },
      connections: { "chat:feishu": true, "chat:dingtalk": false }, degraded: ["chat:dingtalk"],
    });
    // Feishu's webhook is served meanwhile: its URL check is answered
    const challenge = await fetch(`${bot.url}/bot/feishu/events`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "url_verification", challenge: "c-1", token: "verify-me" }),
    });
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toEqual({ challenge: "c-1" });
    // the nodes page shows each connection's state, the node ready
    const auth = await signIn(bot.url);
    const self = await nodeUntil(bot, auth, (n) => n.ready === true && n.connections.length === 2);
    expect(self).toMatchObject({ ready: true, not_ready: [], connections: [{ name: "chat:feishu", up: true }, { name: "chat:dingtalk", up: false }] });
  }, 120_000);
});
