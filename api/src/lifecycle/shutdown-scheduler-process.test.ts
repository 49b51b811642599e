import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../platform/clock.ts";
import { openDb, type Db } from "../platform/db/db.ts";
import { migrate } from "../platform/db/migrate.ts";
import { createEmbeddedDriver } from "../platform/queue/index.ts";
import { createJobs, type Jobs } from "../modules/jobs/jobs.service.ts";
import { testDatabase } from "../testing/databases.ts";
import { readyzUntil, startMain } from "./main-process.testkit.ts";

const actor = { kind: "user", userId: "u1", username: "tester", deptId: null, roleIds: [], permissions: ["*"], locale: "zh-CN" } as never;
const system = { kind: "system", reason: "test", locale: "zh-CN" } as const;

/** The monitor's alert evaluation (every OPS_ALERT_EVALUATE_S on the scheduler role) leaves its last pass's start in its lease row. */
const EVALUATE_EVERY_MS = 3_000;

/**
 * A `worker,scheduler` process told to shut down while a long job runs: its drain lasts longer than the alert
 * evaluation's interval, and no pass starts after the signal (the scheduler role's timers stop before the drain).
 */
describe("graceful shutdown of a scheduler process (main.ts, PostgreSQL)", () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  let url = "";
  let db: Db;
  let jobs: Jobs;
  beforeAll(async () => {
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    url = tdb.url;
    db = await openDb(url, { poolMax: 2 });
    cleanup.push(() => db.close());
    await migrate(db);
    const queue = createEmbeddedDriver({ db });
    cleanup.push(() => queue.close());
    // this side only enqueues the run and reads it
    jobs = createJobs({ db, clock: systemClock, scope: async () => null, queue });
    cleanup.push(() => jobs.stop());
  });
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  /** the start of the last alert evaluation pass (its lease is released to that instant; `1970…` before any) */
  const lastPass = async () => (await db.get<{ until: string }>("SELECT until FROM alert_leases WHERE name = 'evaluate'"))!.until;

  it("starts no scheduler pass once told to shut down, while its drain outlasts the passes' interval", async () => {
    const p = await startMain({ DATABASE_URL: url, OPS_ROLES: "worker,scheduler", OPS_SHUTDOWN_TIMEOUT_S: "90", OPS_ALERT_EVALUATE_S: String(EVALUATE_EVERY_MS / 1000) });
    cleanup.push(() => p.kill());
    await readyzUntil(p.url, (status) => status === 200);
    // the timers run: the first evaluation pass comes one interval after the start (no event tells this test when)
    for (let tries = 0; (await lastPass()).startsWith("1970") && tries < 600; tries++) await Bun.sleep(100);
    const firstPass = await lastPass();
    expect(firstPass.startsWith("1970")).toBe(false);
    // a job that outlives the next pass's time by 10 s: the drain waits for it
    await jobs.definitions.create(actor, {
      name: "outlives-a-pass", description: "", type: "shell", params: {}, schedule: null, misfire: "skip", catch_up_max: 10,
      config: { command: `echo started; sleep ${(EVALUATE_EVERY_MS + 10_000) / 1000}; echo finished` },
      retries: { count: 0, backoff: { type: "fixed", delay_ms: 0 } }, timeout_s: 120, concurrency: "allow", priority: 0, tags: [],
    });
    const run = await jobs.runNow(actor, "outlives-a-pass", {});
    for (let tries = 0; (await jobs.runs.get(system, run.id)).status !== "running" && tries < 200; tries++) await Bun.sleep(100);
    expect((await jobs.runs.get(system, run.id)).status).toBe("running");

    const signalledAt = new Date().toISOString();
    p.child.kill("SIGTERM");
    expect(await p.child.exited).toBe(0);
    // the drain lasted past the next pass's time (the job finished in it), yet the last pass started before the signal
    expect(Date.now() - Date.parse(firstPass)).toBeGreaterThan(EVALUATE_EVERY_MS + 1_000);
    expect(await jobs.runs.get(system, run.id)).toMatchObject({ status: "succeeded" });
    expect(await lastPass()).toBe(firstPass);
    expect(firstPass < signalledAt).toBe(true);
    expect(p.stderr()).not.toContain("shutdown deadline passed");
  }, 150_000);
});
