import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
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

describe("monitor nodes: kill -9 of a worker process (PostgreSQL)", () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it("the nodes list marks the killed worker silent within 30 s of its death (and not before its last report is 30 s old)", async () => {
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    const clock = fixedClock(new Date());
    const env = parseEnv({
      OPS_ROLES: "web", OPS_DEMO: "0", OPS_ADMIN_PASSWORD: ADMIN_PASSWORD, OPS_SECRET_KEY: "test-secret-key-0123456789",
      OPS_DATA_DIR: "./.tmp/test-data", OPS_PWA_DIST: "./.tmp/no-pwa", OPS_DB_POOL_MAX: "3",
    });
    const system: System = await buildSystem(env, { databaseUrl: tdb.url, clock, logger: createLogger("silent"), metricsDefaults: false });
    cleanup.push(() => system.close());
    const req = async (method: string, path: string, token?: string, body?: unknown) => {
      const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const res = await system.app.request(path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as { data: any } };
    };
    const token = (await req("POST", "/api/v1/auth/login", undefined, { username: "admin", password: ADMIN_PASSWORD })).body.data.access_token as string;
    const nodeOf = async (id: string) => ((await req("GET", "/api/v1/monitor/nodes", token)).body.data as NodeInfo[]).find((n) => n.id === id);

    const child = Bun.spawn([process.execPath, fileURLToPath(new URL("./node-process.fixture.ts", import.meta.url)), tdb.url, String(HEARTBEAT_MS)], {
      stdout: "pipe", stderr: "inherit",
    });
    cleanup.push(() => child.kill("SIGKILL"));
    const id = await lineOf(child.stdout, "ready ");

    // alive: it reports on its own (a later report than its first) and shows as an up worker
    const first = (await nodeOf(id))!;
    clock.set(new Date());
    expect(first).toMatchObject({ roles: ["worker"], pid: child.pid });
    let alive = first;
    while (alive.last_seen_at === first.last_seen_at) alive = (await nodeOf(id))!;
    expect(alive.status).toBe("up");
    expect(alive.queues.map((q) => q.queue)).toContain("notify");

    child.kill("SIGKILL");
    await child.exited;
    const killedAt = Date.now();
    const last = (await nodeOf(id))!;
    expect(Date.parse(last.last_seen_at)).toBeLessThanOrEqual(killedAt);
    expect(last.status).not.toBe("stopped");

    // the page's view at any instant: up until the last report is 30 s old, silent from then on, at the latest 30 s after the kill
    clock.set(new Date(Date.parse(last.last_seen_at) + NODE_SILENT_AFTER_S * 1000 - 1));
    expect((await nodeOf(id))!.status).toBe("up");
    clock.set(new Date(killedAt + NODE_SILENT_AFTER_S * 1000));
    expect((await nodeOf(id))!.status).toBe("silent");
    expect((await req("GET", `/api/v1/monitor/nodes/${id}`, token)).body.data.status).toBe("silent");
  }, 60_000);
});
