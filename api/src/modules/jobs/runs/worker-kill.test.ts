import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../platform/clock.ts";
import { openDb, type Db } from "../../../platform/db/db.ts";
import { migrate } from "../../../platform/db/migrate.ts";
import { createEmbeddedDriver } from "../../../platform/queue/index.ts";
import { testDatabase } from "../../../testing/databases.ts";
import { createJobs, type Jobs } from "../jobs.service.ts";

const LEASE_MS = 2_000;
const actor = { kind: "user", userId: "u1", username: "tester", deptId: null, roleIds: [], permissions: ["*"], locale: "zh-CN" } as never;
const system = { kind: "system", reason: "test", locale: "zh-CN" } as const;

/** There is no event for "that process group is gone": look every 50 ms, up to `ms`. */
async function groupGone(pgid: number, ms: number): Promise<boolean> {
  const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
  for (let waited = 0; waited < ms && alive(); waited += 50) await new Promise((r) => setTimeout(r, 50));
  return !alive();
}

const logOf = async (jobs: Jobs, id: string) => (await jobs.runs.log(system, id)).chunks.map((c) => c.text).join("");

/** Resolves when the run (or its log) satisfies `ok`, checked at each run event from any process; rejects after `ms`. */
async function until(jobs: Jobs, id: string, ok: (status: string, log: string) => boolean, ms: number) {
  const done = Promise.withResolvers<void>();
  const check = async () => {
    const r = await jobs.runs.get(system, id);
    if (ok(r.status, await logOf(jobs, id))) done.resolve();
  };
  const off = await jobs.events.subscribe(id, () => void check().catch(done.reject));
  const timer = setTimeout(() => done.reject(new Error(`run ${id}: condition not met in ${ms} ms`)), ms);
  try {
    await check();
    await done.promise;
  } finally {
    clearTimeout(timer);
    off();
  }
}

describe("jobs: kill -9 of the worker process mid-run (PostgreSQL)", () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it("another worker retries the run after the dead one's lease; it never stays running", async () => {
    const tdb = await testDatabase("postgres");
    cleanup.push(() => tdb.drop());
    const db: Db = await openDb(tdb.url, { poolMax: 3 });
    cleanup.push(() => db.close());
    await migrate(db);
    const dir = mkdtempSync(join(tmpdir(), "ops-kill-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const mark = join(dir, "first-attempt");
    const queue = createEmbeddedDriver({ db });
    cleanup.push(() => queue.close());
    const jobs = createJobs({ db, clock: systemClock, scope: async () => null, queue });
    cleanup.push(() => jobs.stop());
    // the first attempt leaves a mark and hangs; the retry finds the mark and succeeds
    await jobs.definitions.create(actor, {
      name: "survives-kill", description: "", type: "shell", params: {}, schedule: null, misfire: "skip", catch_up_max: 10,
      config: { command: `echo "pid $$"; if [ -f ${mark} ]; then echo second; else touch ${mark}; sleep 30; fi` },
      retries: { count: 1, backoff: { type: "fixed", delay_ms: 0 } }, timeout_s: 60, concurrency: "allow", priority: 0, tags: [],
    });

    const child = Bun.spawn([process.execPath, fileURLToPath(new URL("./worker-process.fixture.ts", import.meta.url)), tdb.url, String(LEASE_MS)], { stdout: "pipe", stderr: "inherit" });
    cleanup.push(() => child.kill("SIGKILL"));
    const reader = child.stdout.getReader();
    let out = "";
    while (!out.includes("ready")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`worker process ended: ${out}`);
      out += new TextDecoder().decode(value);
    }
    const run = await jobs.runNow(actor, "survives-kill", {});
    // the dead worker's log flush reaches this process through PostgreSQL NOTIFY
    await until(jobs, run.id, (status, log) => status === "running" && log.includes("pid "), 10_000);
    expect(existsSync(mark)).toBe(true);
    child.kill("SIGKILL");
    await child.exited;
    const orphan = Number(/pid (\d+)/.exec(await logOf(jobs, run.id))?.[1] ?? 0);
    expect(orphan).toBeGreaterThan(0);
    cleanup.push(() => { try { process.kill(-orphan, "SIGKILL"); } catch { /* gone */ } });
    // the job's watchdog ends its process group within a second of the worker's death
    expect(await groupGone(orphan, 3_000)).toBe(true);

    const killedAt = Date.now();
    await jobs.start({ worker: { leaseMs: LEASE_MS }, scheduler: false });
    await until(jobs, run.id, (status) => status === "succeeded" || status === "failed", 15_000);
    const after = await jobs.runs.get(system, run.id);
    expect(after).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    const log = await logOf(jobs, run.id);
    expect(log).toContain("worker doomed-process stopped answering (lease expired)");
    expect(log).toContain("second");
  }, 30_000);
});
