import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../platform/clock.ts";
import { openDb, type Db } from "../platform/db/db.ts";
import { migrate } from "../platform/db/migrate.ts";
import { createEmbeddedDriver } from "../platform/queue/index.ts";
import { createJobs, type Jobs } from "../modules/jobs/jobs.service.ts";
import { testDatabase } from "../testing/databases.ts";
import { readyzUntil, startMain, TEST_ADMIN_PASSWORD } from "./main-process.testkit.ts";

const actor = { kind: "user", userId: "u1", username: "tester", deptId: null, roleIds: [], permissions: ["*"], locale: "zh-CN" } as never;
const system = { kind: "system", reason: "test", locale: "zh-CN" } as const;

const logOf = async (jobs: Jobs, id: string) => (await jobs.runs.log(system, id)).chunks.map((c) => c.text).join("");

/** Resolves when the run (or its log) satisfies `ok`, checked at each run event from any process; rejects after `ms`. */
async function until(jobs: Jobs, id: string, ok: (status: string, log: string) => boolean, ms: number) {
  const done = Promise.withResolvers<void>();
  const check = async () => {
    const r = await jobs.runs.get(system, id);
    if (ok(r.status, await logOf(jobs, id))) done.resolve();
  };
  const off = await jobs.events.subscribe(id, () => void check().catch(done.reject));
  const timer = setTimeout(async () => done.reject(new Error(`run ${id}: still ${(await jobs.runs.get(system, id)).status} after ${ms} ms`)), ms);
  try {
    await check();
    await done.promise;
  } finally {
    clearTimeout(timer);
    off();
  }
}

/** A worker-only `bun api/src/main.ts` on PostgreSQL gets SIGTERM while a job runs there. */
describe("graceful shutdown of a worker process (main.ts, PostgreSQL)", () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  let url = "";
  let db: Db;
  let jobs: Jobs;
  beforeAll(async () => {
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    url = tdb.url;
    db = await openDb(url, { poolMax: 3 });
    cleanup.push(() => db.close());
    await migrate(db);
    const queue = createEmbeddedDriver({ db });
    cleanup.push(() => queue.close());
    // this side only enqueues runs and reads them: no worker here
    jobs = createJobs({ db, clock: systemClock, scope: async () => null, queue });
    cleanup.push(() => jobs.stop());
  });
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  const shellJob = (name: string, command: string) => jobs.definitions.create(actor, {
    name, description: "", type: "shell", params: {}, schedule: null, misfire: "skip", catch_up_max: 10, config: { command },
    retries: { count: 0, backoff: { type: "fixed", delay_ms: 0 } }, timeout_s: 60, concurrency: "allow", priority: 0, tags: [],
  });
  const nodeRow = (pid: number) => db.get<{ status: string; ready: number | null; not_ready: string | null; roles: string }>(
    "SELECT status, ready, not_ready, roles FROM monitor_nodes WHERE pid = ? ORDER BY started_at DESC LIMIT 1", [pid],
  );

  it("readiness turns 503 draining at once, the running job finishes before the deadline, the node says stopped, exit 0", async () => {
    const worker = await startMain({ DATABASE_URL: url, OPS_ROLES: "worker", OPS_SHUTDOWN_TIMEOUT_S: "20" });
    cleanup.push(() => worker.kill());
    const ready = await readyzUntil(worker.url, (status) => status === 200);
    expect(ready.body).toEqual({ status: "ready", checks: { store: true, queue: true, started: true, consumers: true } });
    // a worker-only process serves no API
    expect((await fetch(`${worker.url}/api/v1/users`)).status).toBe(404);

    await shellJob("finishes-in-time", "echo started; sleep 2; echo finished");
    const run = await jobs.runNow(actor, "finishes-in-time", {});
    await until(jobs, run.id, (status, log) => status === "running" && log.includes("started"), 20_000);

    worker.child.kill("SIGTERM");
    // the probe server stays up while the consumers drain (it serves no traffic): it says draining
    const draining = await readyzUntil(worker.url, (status) => status !== 200, 5_000);
    expect(draining).toMatchObject({ status: 503, body: { status: "draining" } });
    // its row follows a moment later (written right after readiness turned): no event tells this test when
    for (let tries = 0; (await nodeRow(worker.child.pid))?.status !== "draining" && tries < 100; tries++) await Bun.sleep(20);
    expect(await nodeRow(worker.child.pid)).toMatchObject({ status: "draining", ready: 0, not_ready: '["draining"]' });

    expect(await worker.child.exited).toBe(0);
    expect(await jobs.runs.get(system, run.id)).toMatchObject({ status: "succeeded" });
    expect(await logOf(jobs, run.id)).toContain("finished");
    expect(await nodeRow(worker.child.pid)).toMatchObject({ status: "stopped", ready: 0, roles: '["worker"]' });
    expect(worker.stderr()).not.toContain("shutdown deadline passed");
  }, 90_000);

  it("a web process ends its event streams at SIGTERM (clients reconnect elsewhere) and exits 0 without waiting out the HTTP grace", async () => {
    const web = await startMain({ DATABASE_URL: url, OPS_ROLES: "web", OPS_SHUTDOWN_TIMEOUT_S: "25", OPS_LOG_LEVEL: "info" });
    cleanup.push(() => web.kill());
    await readyzUntil(web.url, (status) => status === 200);
    const call = async (path: string, init: RequestInit & { token?: string } = {}) => fetch(`${web.url}/api/v1${path}`, {
      ...init, headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    });
    const login = await call("/auth/login", { method: "POST", body: JSON.stringify({ username: "admin", password: TEST_ADMIN_PASSWORD }) });
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const ticket = ((await (await call("/notifications/stream-tickets", { method: "POST", body: "{}", token })).json()) as { data: { ticket: string } }).data.ticket;
    const stream = await fetch(`${web.url}/api/v1/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = stream.body!.getReader();
    let text = "";
    while (!text.includes("event: ready")) text += new TextDecoder().decode((await reader.read()).value);

    web.child.kill("SIGTERM");
    // the stream ends cleanly (done, not an error) although its route would keep it open forever
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    expect(await web.child.exited).toBe(0);
    // it was ended, not cut by the forced close after the grace
    expect(web.stderr()).not.toContain("requests still open after the HTTP grace");
  }, 90_000);

  it("a job still running at the deadline is handed back and completed by a second worker process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-handback-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const mark = join(dir, "first-attempt");
    // the first attempt leaves a mark and would run far past the deadline; the next one finds the mark and ends at once
    await shellJob("outlives-deadline", `echo "started $$"; if [ -f ${mark} ]; then echo second; else touch ${mark}; sleep 60; fi`);
    const first = await startMain({ DATABASE_URL: url, OPS_ROLES: "worker", OPS_SHUTDOWN_TIMEOUT_S: "4" });
    cleanup.push(() => first.kill());
    await readyzUntil(first.url, (status) => status === 200);
    const run = await jobs.runNow(actor, "outlives-deadline", {});
    await until(jobs, run.id, (status, log) => status === "running" && log.includes("started"), 20_000);
    expect(existsSync(mark)).toBe(true);
    const second = await startMain({ DATABASE_URL: url, OPS_ROLES: "worker", OPS_SHUTDOWN_TIMEOUT_S: "20" });
    cleanup.push(() => second.kill());
    await readyzUntil(second.url, (status) => status === 200);

    const signalledAt = Date.now();
    first.child.kill("SIGTERM");
    // within its own deadline (4 s), not after the job's 60 s
    expect(await first.child.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(first.stderr()).not.toContain("shutdown deadline passed");
    await until(jobs, run.id, (status) => status === "succeeded" || status === "failed", 20_000);
    // the same attempt, taken over (the queue did not count the handed-back start): no "worker lost" failure
    expect(await jobs.runs.get(system, run.id)).toMatchObject({ status: "succeeded", attempt: 1 });
    const log = await logOf(jobs, run.id);
    expect(log).toContain("handed back by worker");
    expect(log).toContain("second");
    expect(log).not.toContain("stopped answering");
    expect(await nodeRow(first.child.pid)).toMatchObject({ status: "stopped" });
  }, 120_000);
});
