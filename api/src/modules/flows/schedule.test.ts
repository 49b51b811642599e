import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../platform/clock.ts";
import { openDb, type Db } from "../../platform/db/db.ts";
import { migrate } from "../../platform/db/migrate.ts";
import { bullmqHarness } from "../../platform/queue/driver.harness.ts";
import { testDatabase } from "../../testing/databases.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { createJobs, type Jobs } from "../jobs/index.ts";
import { createFlows, type Flows } from "./index.ts";
import { flowsApi, sh } from "./flows.testkit.ts";

describe.each(ENGINES)("flows: schedules through the jobs scheduler (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  let tok: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    tok = await s.login("liuyang");
    await s.system.jobs.start({ worker: true, scheduler: true });
  });
  afterAll(() => s?.close());

  const wake = async () => {
    await s.system.jobs.scheduler!.wake();
    await s.system.jobs.scheduler!.wake();
  };
  /** Resolves when the flow satisfies `ok`, checked now and at every change of its runs (no polling). */
  async function untilFlow(id: string, ok: (flow: { next_fire_at: string | null }) => boolean, ms = 20_000) {
    const read = async () => (await f.api("GET", `/flows/${id}`, tok)).body.data as { next_fire_at: string | null };
    const done = Promise.withResolvers<{ next_fire_at: string | null }>();
    const check = async () => {
      const flow = await read();
      if (ok(flow)) done.resolve(flow);
    };
    const off = s.system.flows.onChange(() => void check().catch(done.reject));
    const timer = setTimeout(() => done.reject(new Error(`flow ${id} not as expected after ${ms} ms`)), ms);
    try {
      await check();
      return await done.promise;
    } finally {
      clearTimeout(timer);
      off();
    }
  }
  const runsOf = async (flowId: string) =>
    (await f.api("GET", `/flow-runs?flow_id=${flowId}&sort=queued_at&page_size=100`, tok)).body.data.items as Array<{ id: string; trigger: string; status: string }>;

  it("saves a schedule (next fires, 400 naming a bad cron), fires each occurrence once with trigger cron and the flow's params, and pause / resume / the kill switch hold it", async () => {
    const bad = await f.create(tok, { name: "bad-cron", nodes: [sh("a", "true")], schedule: { cron: "61 * * * *" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["schedule.cron"]);
    const cron = await f.create(tok, { name: "nightly", nodes: [sh("a", "true")], schedule: { cron: "0 0 3 * * *", timezone: "Asia/Shanghai" } });
    expect(cron.status, JSON.stringify(cron.body)).toBe(201);
    expect(cron.body.data).toMatchObject({ status: "enabled", misfire: "fire_once", schedule: { cron: "0 0 3 * * *", timezone: "Asia/Shanghai" } });
    const fires = (await f.api("GET", "/flows/nightly/next-fires?count=5", tok)).body.data;
    expect(fires.timezone).toBe("Asia/Shanghai");
    expect(fires.fires).toHaveLength(5);
    expect(fires.fires.every((x: string) => x.endsWith("T19:00:00.000Z"))).toBe(true);

    const t0 = s.clock.now().getTime();
    const created = await f.create(tok, { name: "every-minute", params: { region: "cn" }, nodes: [sh("a", "echo {params.region}")], schedule: { every_s: 60 } });
    const id = created.body.data.id as string;
    expect(created.body.data.next_fire_at).toBe(new Date(t0 + 60_000).toISOString());
    s.clock.advance(60_000);
    await wake();
    const [first, ...more] = await runsOf(id);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ trigger: "cron" });
    const done = await f.waitFinal(first!.id);
    expect(done).toMatchObject({ status: "succeeded", params: { region: "cn" }, triggered_by: null });
    expect(done.nodes[0]!.output).toBe("cn");
    expect((await f.api("GET", `/flows/${id}`, tok)).body.data.next_fire_at).toBe(new Date(t0 + 120_000).toISOString());

    // an edit that leaves the schedule alone keeps the cursor; one that changes it counts from now (nothing fires at once)
    expect((await f.api("PUT", `/flows/${id}`, tok, { name: "every-minute", params: { region: "cn" }, nodes: [sh("a", "echo v2")] })).body.data.next_fire_at).toBe(new Date(t0 + 120_000).toISOString());
    s.clock.advance(30_000);
    const edited = await f.api("PUT", `/flows/${id}`, tok, { name: "every-minute", params: { region: "cn" }, nodes: [sh("a", "echo v2")], schedule: { every_s: 120 } });
    expect(edited.body.data.next_fire_at).toBe(new Date(t0 + 90_000 + 120_000).toISOString());
    await wake();
    expect(await runsOf(id)).toHaveLength(1);

    // paused: no fires, none made up on resume
    const paused = await f.api("POST", `/flows/${id}/pause`, tok);
    expect(paused.body.data).toMatchObject({ status: "paused", next_fire_at: null });
    expect((await f.api("GET", `/flows/${id}/next-fires`, tok)).body.data.fires).toEqual([]);
    s.clock.advance(600_000);
    // minutes on the test clock outlive the session
    tok = await s.login("liuyang");
    await wake();
    expect(await runsOf(id)).toHaveLength(1);
    const resumed = await f.api("POST", `/flows/${id}/resume`, tok);
    expect(resumed.body.data.status).toBe("enabled");
    expect(Date.parse(resumed.body.data.next_fire_at)).toBeGreaterThan(s.clock.now().getTime());
    // lina (运营专员) may run flows but not manage them
    expect((await f.api("POST", `/flows/${id}/pause`, await s.login("lina"))).status).toBe(403);

    // the global kill switch holds flow schedules too; misfire fire_once fires the latest missed one after it
    expect((await f.api("POST", "/jobs/scheduler/pause", tok)).status).toBe(200);
    // 10 s past the 6th occurrence from the cursor: all six missed (outside the 5 s grace), none on time
    s.clock.advance(Date.parse(resumed.body.data.next_fire_at) + 610_000 - s.clock.now().getTime());
    tok = await s.login("liuyang");
    await wake();
    expect(await runsOf(id)).toHaveLength(1);
    expect((await f.api("POST", "/jobs/scheduler/resume", tok)).status).toBe(200);
    await wake();
    const after = await runsOf(id);
    expect(after).toHaveLength(2);
    await f.waitFinal(after[1]!.id);
    const audit = await f.api("GET", `/audit/logs?module=flows&resource_id=${id}`, await s.login("admin"));
    expect(audit.body.data.items.map((a: { action_name: string }) => a.action_name)).toEqual(expect.arrayContaining(["暂停流程调度", "恢复流程调度"]));
  });

  it("a scheduled run's declared bizDate param is the day before its occurrence in the schedule's zone", async () => {
    const created = await f.create(tok, {
      name: "daily-batch", params: { bizDate: "" }, nodes: [sh("a", "echo {params.bizDate}")], schedule: { cron: "0 */10 * * * *", timezone: "Asia/Shanghai" },
    });
    const due = Date.parse(created.body.data.next_fire_at);
    s.clock.advance(due - s.clock.now().getTime());
    await wake();
    const [run] = await runsOf(created.body.data.id);
    const done = await f.waitFinal(run!.id);
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(due - 86_400_000));
    expect(done.params).toEqual({ bizDate: local });
    expect(done.nodes[0]!.output).toBe(local);
  });

  it("a fixed delay fires once, then again that long after its run ended", async () => {
    const created = await f.create(tok, { name: "after-each", nodes: [sh("a", "true")], schedule: { delay_s: 30 } });
    const id = created.body.data.id as string;
    s.clock.advance(30_000);
    await wake();
    const [run] = await runsOf(id);
    expect((await f.api("GET", `/flows/${id}/next-fires`, tok)).body.data).toMatchObject({ fires: [], after_run: true });
    await f.waitFinal(run!.id);
    // the re-arm is an end hook: the engine reports the ended instance once its end hooks are done, but a step's
    // late "running" report may show the instance final before that, so wait for the flow itself
    const next = await untilFlow(id, (flow) => flow.next_fire_at !== null);
    expect(next.next_fire_at).toBe(new Date(s.clock.now().getTime() + 30_000).toISOString());
  });
});

describe("flows: two schedulers on one PostgreSQL fire each occurrence of a 1-second flow schedule once", () => {
  let dbs: Db[] = [];
  let engines: Array<{ jobs: Jobs; flows: Flows }> = [];
  let drop: () => Promise<void> = async () => {};
  const queues = bullmqHarness();
  afterAll(async () => {
    for (const e of engines) {
      await e.flows.stop();
      await e.jobs.stop();
    }
    await (await queues).close();
    for (const db of dbs) await db.close();
    await drop();
  });

  it("creates one flow run per occurrence over 4 s", async () => {
    const tdb = await testDatabase("postgres");
    drop = tdb.drop;
    const harness = await queues;
    dbs = [await openDb(tdb.url, { poolMax: 3 }), await openDb(tdb.url, { poolMax: 3 })];
    await migrate(dbs[0]!);
    engines = await Promise.all(dbs.map(async (db) => {
      const jobs = createJobs({ db, clock: systemClock, scope: async () => null, queue: await harness.open() });
      return { jobs, flows: createFlows({ db, clock: systemClock, scope: async () => null, jobs }) };
    }));
    const actor = { kind: "user", userId: "u1", username: "tester", deptId: null, roleIds: [], permissions: ["*"], locale: "zh-CN" } as never;
    // a wait node: each instance holds there, no step to run
    const flow = await engines[0]!.flows.definitions.create(actor, {
      name: "every-second", description: "", nodes: [{ key: "hold", type: "wait" }], edges: [], params: {}, tags: [], schedule: { every_s: 1 }, misfire: "catch_up",
    });
    const started = Date.now();
    await Promise.all(engines.map((e) => e.jobs.start({ scheduler: true })));
    await new Promise((r) => setTimeout(r, 4_000));
    await Promise.all(engines.map((e) => e.jobs.stop()));
    const runs = await dbs[0]!.all<{ scheduled_for: string; occurrence_key: string; trigger_kind: string }>(
      "SELECT scheduled_for, occurrence_key, trigger_kind FROM flow_runs WHERE flow_id = ? ORDER BY scheduled_for", [flow.id],
    );
    const elapsed = (Date.now() - started) / 1000;
    expect(runs.length).toBeGreaterThanOrEqual(Math.floor(elapsed) - 1);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed));
    expect(new Set(runs.map((r) => r.scheduled_for)).size).toBe(runs.length);
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!.scheduled_for) - Date.parse(runs[i - 1]!.scheduled_for)).toBe(1000);
    expect(runs[0]).toMatchObject({ trigger_kind: "cron", occurrence_key: `flowcron:${flow.id}:${runs[0]!.scheduled_for}` });
  }, 20_000);
});
