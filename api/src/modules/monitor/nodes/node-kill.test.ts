import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_SILENT_AFTER_S, type NodeInfo } from "@ops/shared/contracts/monitor.ts";
import { parseEnv } from "../../../env.ts";
import { fixedClock } from "../../../platform/clock.ts";
import { createLogger } from "../../../platform/logger.ts";
import { buildSystem, type System } from "../../../system.ts";
import { testDatabase } from "../../../testing/databases.ts";
import { ADMIN_PASSWORD } from "../../../testing/harness.ts";

const HEARTBEAT_MS = 200;

/** Reads the child's stdout until a line starts with `prefix`; the rest of that line. */
async function lineOf(stream: ReadableStream<Uint8Array>, prefix: string): Promise<string> {
  const reader = stream.getReader();
  let out = "";
  for (;;) {
    const line = out.split("\n").find((l) => l.startsWith(prefix));
    if (line !== undefined && out.includes("\n")) {
      reader.releaseLock();
      return line.slice(prefix.length).trim();
    }
    const { value, done } = await reader.read();
    if (done) throw new Error(`node process ended: ${out}`);
    out += new TextDecoder().decode(value);
  }
}

/** Processes of their own (OPS_ROLES=worker, as main.ts starts one) on this test's PostgreSQL database. */
describe("monitor nodes: worker processes of their own (PostgreSQL)", () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  const clock = fixedClock(new Date());
  let system: System;
  let url = "";
  let token = "";

  const req = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await system.app.request(path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as { data: any } };
  };
  const nodeOf = async (id: string) => ((await req("GET", "/api/v1/monitor/nodes")).body.data as NodeInfo[]).find((n) => n.id === id)!;
  /** Each report of the child's (every 200 ms) may change the row; look until `ok` holds, up to `ms`. */
  const until = async (id: string, ok: (n: NodeInfo) => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    for (let n = await nodeOf(id); !ok(n); n = await nodeOf(id)) {
      if (Date.now() > deadline) throw new Error(`node ${id}: ${JSON.stringify(n)}`);
      await new Promise((r) => setTimeout(r, HEARTBEAT_MS / 4));
    }
    return nodeOf(id);
  };
  const spawnWorker = async () => {
    const child = Bun.spawn([process.execPath, fileURLToPath(new URL("./node-process.fixture.ts", import.meta.url)), url, String(HEARTBEAT_MS)], {
      stdout: "pipe", stderr: "inherit",
    });
    cleanup.push(() => child.kill("SIGKILL"));
    return { child, id: await lineOf(child.stdout, "ready ") };
  };

  beforeAll(async () => {
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    url = tdb.url;
    const env = parseEnv({
      OPS_ROLES: "web", OPS_DEMO: "0", OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_SECRET_KEY: "test-secret-key-0123456789",
      OPS_DATA_DIR: "./.tmp/test-data", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3",
    });
    system = await buildSystem(env, { databaseUrl: url, clock, logger: createLogger("silent"), metricsDefaults: false });
    cleanup.push(() => system.close());
    token = (await req("POST", "/api/v1/auth/login", { username: "admin", password: ADMIN_PASSWORD })).body.data.access_token as string;
  });
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it("the nodes list marks a killed worker silent within 30 s of its death (and not before its last report is 30 s old)", async () => {
    const { child, id } = await spawnWorker();
    // alive: it reports on its own (a later report than its first) and shows as an up worker consuming its queues
    const first = await nodeOf(id);
    expect(first).toMatchObject({ roles: ["worker"], pid: child.pid });
    const alive = await until(id, (n) => n.last_seen_at !== first.last_seen_at, 5_000);
    clock.set(new Date());
    expect((await nodeOf(id)).status).toBe("up");
    expect(alive.queues.map((q) => q.queue)).toContain("notify");

    child.kill("SIGKILL");
    await child.exited;
    const killedAt = Date.now();
    const last = await nodeOf(id);
    expect(Date.parse(last.last_seen_at)).toBeLessThanOrEqual(killedAt);
    expect(last.status).not.toBe("stopped");

    // the page's view at any instant: up until the last report is 30 s old, silent from then on, at the latest 30 s after the kill
    clock.set(new Date(Date.parse(last.last_seen_at) + NODE_SILENT_AFTER_S * 1000 - 1));
    expect((await nodeOf(id)).status).toBe("up");
    clock.set(new Date(killedAt + NODE_SILENT_AFTER_S * 1000));
    expect((await nodeOf(id)).status).toBe("silent");
    expect((await req("GET", `/api/v1/monitor/nodes/${id}`)).body.data.status).toBe("silent");
  }, 60_000);

  it("an admin drains a worker process from here: it stops consuming and says drained, still reporting", async () => {
    const { id } = await spawnWorker();
    clock.set(new Date());
    expect((await nodeOf(id)).queues.map((q) => q.queue)).toContain("notify");
    const r = await req("POST", `/api/v1/monitor/nodes/${id}/drain`);
    expect(r.status).toBe(200);
    const drained = await until(id, (n) => n.status === "drained", 10_000);
    expect(drained).toMatchObject({ in_flight: 0, queues: [], drain_requested_by: "admin" });
    const later = await until(id, (n) => n.last_seen_at !== drained.last_seen_at, 5_000);
    clock.set(new Date());
    expect((await nodeOf(id)).status).toBe("drained");
    expect(later.status).toBe("drained");
    expect((await req("POST", `/api/v1/monitor/nodes/${id}/drain`)).status).toBe(409);
  }, 60_000);
});
