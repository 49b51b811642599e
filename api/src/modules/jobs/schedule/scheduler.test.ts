import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../platform/clock.ts";
import { openDb, type Db } from "../../../platform/db/db.ts";
import { migrate } from "../../../platform/db/migrate.ts";
import { bullmqHarness } from "../../../platform/queue/driver.harness.ts";
import { testDatabase } from "../../../testing/databases.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { RUNS_QUEUE } from "../jobs.deps.ts";
import { createJobs, type Jobs } from "../jobs.service.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";

describe.each(ENGINES)("jobs: scheduler, misfires, kill switch, backfill (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  const tok: Record<string, string> = {};
  const runsOf = async (name: string) =>
    (await j.api("GET", `/runs?job_id=${(await j.api("GET", `/jobs/${name}`, tok.liuyang)).body.data.id}&page_size=100&sort=queued_at`, tok.liuyang)).body.data.items as Array<{ trigger: string; scheduled_for: string; biz_date: string; status: string }>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    for (const u of ["lina", "liuyang"]) tok[u] = await s.login(u);
    await s.system.jobs.start({ worker: false, scheduler: true });
  });
  afterAll(() => s?.close());

  it("fires each due occurrence once with trigger cron; a tick again fires nothing more", async () => {
    const t0 = s.clock.now().getTime();
    await j.create(tok.liuyang!, shellJob("every-minute", "true", { schedule: { every_s: 60 } }));
    s.clock.advance(60_000);
    await s.system.jobs.scheduler!.wake();
    await s.system.jobs.scheduler!.wake();
    const runs = await runsOf("every-minute");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: "cron", status: "queued", scheduled_for: new Date(t0 + 60_000).toISOString() });
    expect((await j.api("GET", "/jobs/every-minute", tok.liuyang)).body.data.next_fire_at).toBe(new Date(t0 + 120_000).toISOString());
  });

  it("after the kill switch (or downtime), applies each job's misfire policy; the switch is audited and needs jobs:manage", async () => {
    for (const [name, misfire] of [["m-skip", "skip"], ["m-once", "fire_once"], ["m-catch", "catch_up"]] as const) {
      await j.create(tok.liuyang!, shellJob(name, "true", { schedule: { every_s: 60 }, misfire, catch_up_max: 3 }));
    }
    expect((await j.api("POST", "/jobs/scheduler/pause", tok.lina)).status).toBe(403);
    expect((await j.api("POST", "/jobs/scheduler/pause", tok.liuyang)).body.data).toMatchObject({ paused: true });
    s.clock.advance(603_000);
    await s.system.jobs.scheduler!.wake();
    expect(await runsOf("m-once")).toHaveLength(0);
    expect((await j.api("POST", "/jobs/scheduler/resume", tok.liuyang)).body.data.paused).toBe(false);
    await s.system.jobs.scheduler!.wake();
    // ten occurrences passed: the last (3 s ago) is on time; nine older ones were missed (more than 5 s late)
    expect(await runsOf("m-skip")).toHaveLength(1);
    expect(await runsOf("m-once")).toHaveLength(2);
    expect(await runsOf("m-catch")).toHaveLength(4);
    const audit = await j.api("GET", "/audit/logs?module=jobs&resource_type=job_scheduler", await s.login("admin"));
    expect(audit.body.data.items.map((a: { action_name: string }) => a.action_name).slice(0, 2)).toEqual(["恢复全部调度", "暂停全部调度"]);
  });

  it("after hours of downtime a one-second schedule fires only what is on time (skip), quickly", async () => {
    await j.create(tok.liuyang!, shellJob("every-second", "true", { schedule: { every_s: 1 }, misfire: "skip" }));
    s.clock.advance(4 * 3600_000);
    const started = performance.now();
    await s.system.jobs.scheduler!.wake();
    expect(performance.now() - started).toBeLessThan(5_000);
    tok.liuyang = await s.login("liuyang");
    // on time: the occurrences of the last 5 s, both ends included
    expect(await runsOf("every-second")).toHaveLength(6);
    await j.api("POST", "/jobs/every-second/pause", tok.liuyang);
  });

  it("an edited schedule never fires a surprise run", async () => {
    for (const u of ["lina", "liuyang"]) tok[u] = await s.login(u);
    await j.create(tok.liuyang!, shellJob("edited", "true", { schedule: { every_s: 300 } }));
    s.clock.advance(299_000);
    tok.liuyang = await s.login("liuyang");
    await j.api("PUT", "/jobs/edited", tok.liuyang, shellJob("edited", "true", { schedule: { every_s: 600 } }));
    s.clock.advance(2_000);
    await s.system.jobs.scheduler!.wake();
    expect(await runsOf("edited")).toHaveLength(0);
  });

  it("backfills one run per day with bizDate, at most `parallelism` queued at once, with progress", async () => {
    tok.liuyang = await s.login("liuyang");
    await j.create(tok.liuyang!, shellJob("daily-agg", "echo {bizDate}"));
    const r = await j.api("POST", "/jobs/daily-agg/backfill", tok.liuyang, { from: "2026-11-01", to: "2026-11-05", parallelism: 2 });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ total: 5, done: 0, finished: false, counts: { queued: 5 } });
    const runs = await runsOf("daily-agg");
    expect(runs.map((x) => x.biz_date).sort()).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]);
    expect(runs.every((x) => x.trigger === "backfill")).toBe(true);
    // the backfill's own runs (a later backfill of the job is not among them)
    const other = await j.api("POST", "/jobs/daily-agg/backfill", tok.liuyang, { from: "2026-10-01", to: "2026-10-02" });
    const own = (await j.api("GET", `/runs?backfill_id=${r.body.data.id}&page_size=100`, tok.liuyang)).body.data;
    expect(own.total).toBe(5);
    expect((await j.api("GET", `/runs?backfill_id=${other.body.data.id}`, tok.liuyang)).body.data.total).toBe(2);
    expect((await s.system.queue.stats(RUNS_QUEUE)).waiting).toBeGreaterThanOrEqual(2);
    const onQueue = await s.system.db.all("SELECT id FROM job_runs WHERE backfill_id = ? AND enqueued = 1", [r.body.data.id]);
    expect(onQueue).toHaveLength(2);
    const reversed = await j.api("POST", "/jobs/daily-agg/backfill", tok.liuyang, { from: "2026-11-05", to: "2026-11-01" });
    expect(reversed.body.errors).toEqual([{ field: "to", message: "结束日期不能早于开始日期" }]);
    await s.system.jobs.start({ worker: true });
    const progress = async () => (await j.api("GET", `/jobs/daily-agg/backfills/${r.body.data.id}`, tok.liuyang)).body.data;
    for (const run of await runsOf("daily-agg")) await j.waitFor((run as unknown as { id: string }).id, ["succeeded", "failed"]);
    expect(await progress()).toMatchObject({ total: 5, done: 5, finished: true, counts: { succeeded: 5 } });
  });
});

describe("jobs: two schedulers on one PostgreSQL with BullMQ fire each occurrence of a 1-second schedule once", () => {
  let dbs: Db[] = [];
  let engines: Jobs[] = [];
  let drop: () => Promise<void> = async () => {};
  const queues = bullmqHarness();

  afterAll(async () => {
    for (const e of engines) await e.stop();
    await (await queues).close();
    for (const db of dbs) await db.close();
    await drop();
  });

  it("creates one run and one queue job per occurrence over 5 s", async () => {
    const tdb = await testDatabase("postgres");
    drop = tdb.drop;
    const harness = await queues;
    dbs = [await openDb(tdb.url, { poolMax: 3 }), await openDb(tdb.url, { poolMax: 3 })];
    await migrate(dbs[0]!);
    const queue = await harness.open();
    engines = await Promise.all(dbs.map(async (db) => createJobs({ db, clock: systemClock, scope: async () => null, queue: await harness.open() })));
    const actor = { kind: "user", userId: "u1", username: "tester", deptId: null, roleIds: [], permissions: ["*"], locale: "zh-CN" } as never;
    // catch_up: a tick that a loaded machine delays past the 5 s grace still fires each occurrence
    const job = await engines[0]!.definitions.create(actor, {
      name: "every-second", description: "", type: "shell", config: { command: "true" }, params: {}, schedule: { every_s: 1 }, misfire: "catch_up",
      catch_up_max: 10, retries: { count: 0, backoff: { type: "fixed", delay_ms: 0 } }, timeout_s: 10, concurrency: "allow", priority: 0, tags: [],
    });
    const started = Date.now();
    await Promise.all(engines.map((e) => e.start({ scheduler: true })));
    // the real clock is the point here: two processes racing on whole seconds
    await new Promise((r) => setTimeout(r, 5_000));
    await Promise.all(engines.map((e) => e.stop()));
    const runs = await dbs[0]!.all<{ scheduled_for: string; occurrence_key: string }>("SELECT scheduled_for, occurrence_key FROM job_runs WHERE job_id = ? ORDER BY scheduled_for", [job.id]);
    const elapsed = (Date.now() - started) / 1000;
    expect(runs.length).toBeGreaterThanOrEqual(Math.floor(elapsed) - 1);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed));
    expect(new Set(runs.map((r) => r.scheduled_for)).size).toBe(runs.length);
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!.scheduled_for) - Date.parse(runs[i - 1]!.scheduled_for)).toBe(1000);
    expect(runs[0]!.occurrence_key).toBe(`cron:${job.id}:${runs[0]!.scheduled_for}`);
    expect((await queue.stats(RUNS_QUEUE)).waiting).toBe(runs.length);
  }, 20_000);
});
