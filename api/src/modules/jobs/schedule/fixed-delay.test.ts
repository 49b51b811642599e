import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";
import { createScheduler } from "./scheduler.ts";

type Run = { id: string; trigger: string; status: string; scheduled_for: string | null; finished_at: string | null };

describe.each(ENGINES)("jobs: fixed-delay schedules through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  let tok = "";
  const iso = (ms: number) => new Date(ms).toISOString();
  const job = async (name: string) => (await j.api("GET", `/jobs/${name}`, tok)).body.data as { id: string; next_fire_at: string | null };
  const runsOf = async (name: string) =>
    (await j.api("GET", `/runs?job_id=${(await job(name)).id}&page_size=100&sort=queued_at`, tok)).body.data.items as Run[];
  const fires = async (name: string) => (await j.api("GET", `/jobs/${name}/next-fires`, tok)).body.data;
  const wake = () => s.system.jobs.scheduler!.wake();
  /** the test clock moved past the session's idle limit: sign in again */
  const later = async (ms: number) => {
    s.clock.advance(ms);
    tok = await s.login("liuyang");
  };

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    tok = await s.login("liuyang");
    await s.system.jobs.start({ worker: false, scheduler: true });
  });
  afterAll(() => s?.close());

  it("refuses a delay out of range naming schedule.delay_s, storing nothing; the preview answers the first fire", async () => {
    const before = await j.count("jobs");
    for (const delay_s of [0, 366 * 86_400 + 1]) {
      const r = await j.create(tok, shellJob("fd-bad", "true", { schedule: { delay_s } }));
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field), JSON.stringify(r.body.errors)).toEqual(["schedule.delay_s"]);
    }
    expect(await j.count("jobs")).toBe(before);
    const preview = await j.api("POST", "/jobs/next-fires-preview", tok, { schedule: { delay_s: 90 }, count: 5 });
    expect(preview.body.data).toMatchObject({ fires: [iso(s.clock.now().getTime() + 90_000)], timezone: null });
  });

  it("waits while a run of the job is unfinished; pause stops it, resume and edits count from then (no worker)", async () => {
    const t0 = s.clock.now().getTime();
    expect((await j.create(tok, shellJob("fd-wait", "true", { schedule: { delay_s: 60 } }))).status).toBe(201);
    expect((await job("fd-wait")).next_fire_at).toBe(iso(t0 + 60_000));
    expect(await fires("fd-wait")).toEqual({ fires: [iso(t0 + 60_000)], timezone: null, after_run: false });

    // paused: nothing fires however long
    await j.api("POST", "/jobs/fd-wait/pause", tok);
    expect((await fires("fd-wait")).fires).toEqual([]);
    await later(600_000);
    await wake();
    expect(await runsOf("fd-wait")).toHaveLength(0);

    // resumed: the first fire is a delay after the resume
    const t1 = s.clock.now().getTime();
    expect((await j.api("POST", "/jobs/fd-wait/resume", tok)).body.data.next_fire_at).toBe(iso(t1 + 60_000));

    // a manual run still queued when the delay is due: the schedule waits for it
    expect((await j.run(tok, "fd-wait")).status).toBe(201);
    s.clock.advance(60_000);
    await wake();
    expect((await runsOf("fd-wait")).map((r) => r.trigger)).toEqual(["manual"]);
    expect((await job("fd-wait")).next_fire_at).toBeNull();
    expect(await fires("fd-wait")).toEqual({ fires: [], timezone: null, after_run: true });

    // an edit while it waits sets a fire a delay later, which waits for the unfinished run too
    const edited = await j.api("PUT", "/jobs/fd-wait", tok, shellJob("fd-wait", "true", { schedule: { delay_s: 10 } }));
    expect(edited.body.data.next_fire_at).toBe(iso(s.clock.now().getTime() + 10_000));
    await later(3_600_000);
    await wake();
    await wake();
    expect((await runsOf("fd-wait")).map((r) => r.trigger)).toEqual(["manual"]);
    await j.api("POST", "/jobs/fd-wait/pause", tok);
  });

  it("two schedulers on one store fire a due delay once", async () => {
    const other = createScheduler(s.system.jobs.deps);
    await other.start();
    try {
      const t0 = s.clock.now().getTime();
      await j.create(tok, shellJob("fd-race", "true", { schedule: { delay_s: 5 } }));
      s.clock.advance(5_000);
      await Promise.all([wake(), other.wake(), wake(), other.wake()]);
      const runs = await runsOf("fd-race");
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: "cron", status: "queued", scheduled_for: iso(t0 + 5_000) });
      const key = await s.system.db.get<{ occurrence_key: string }>("SELECT occurrence_key FROM job_runs WHERE id = ?", [runs[0]!.id]);
      expect(key!.occurrence_key).toBe(`cron:${(await job("fd-race")).id}:${iso(t0 + 5_000)}`);
      await j.api("POST", "/jobs/fd-race/pause", tok);
    } finally {
      await other.stop();
    }
  });

  it("fires a delay after the previous run ended, its retries included, and never two at once", async () => {
    // first attempt fails, the retry (5 min later) fails too: the run ends with the retry
    const t0 = s.clock.now().getTime();
    await j.create(tok, shellJob("fd-chain", "exit 3", { schedule: { delay_s: 30 }, retries: { count: 1, backoff: { type: "fixed", delay_ms: 300_000 } } }));
    await s.system.jobs.start({ worker: true });
    s.clock.advance(30_000);
    await wake();
    const [first] = await runsOf("fd-chain");
    expect(first).toMatchObject({ trigger: "cron", scheduled_for: iso(t0 + 30_000) });
    await j.waitUntil(first!.id, (r) => r.status === "queued" && r.attempt === 2);
    // waiting for the retry: nothing more fires however long the wait
    await later(120_000);
    await wake();
    expect(await runsOf("fd-chain")).toHaveLength(1);
    expect((await fires("fd-chain")).after_run).toBe(true);
    j.advance(240_000); // past the backoff and its jitter (at most +10 %)
    tok = await s.login("liuyang");
    const ended = await j.waitFor(first!.id, ["failed"]);
    await wake();
    const next = Date.parse(ended.finished_at!) + 30_000;
    expect((await job("fd-chain")).next_fire_at).toBe(iso(next));
    expect(await fires("fd-chain")).toEqual({ fires: [iso(next)], timezone: null, after_run: false });
    s.clock.advance(29_000);
    await wake();
    expect(await runsOf("fd-chain")).toHaveLength(1);
    s.clock.advance(1_000);
    await wake();
    const runs = await runsOf("fd-chain");
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ trigger: "cron", scheduled_for: iso(next) });
    await j.api("POST", "/jobs/fd-chain/pause", tok);
    await j.waitUntil(runs[1]!.id, (r) => r.status === "queued" && r.attempt === 2);
    j.advance(360_000);
    await j.waitFor(runs[1]!.id, ["failed"]);
  });
});
