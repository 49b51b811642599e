import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRun } from "@ops/shared/contracts/jobs.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";
import { RUNS_QUEUE } from "../jobs.deps.ts";

/**
 * Job shards through HTTP: a trigger of a job with N shards makes N runs ({shardIndex} 0..N-1 of
 * {shardTotal} N) answered as shard 0 with `shard_runs`; concurrency looks past the trigger's own
 * shards; a failed group alerts once; a shard's retry is that shard alone; backfill and bad input.
 */
describe.each(ENGINES)("jobs: shards (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    for (const u of ["liuyang"]) tok[u] = await s.login(u);
    await s.system.jobs.start({ worker: { concurrency: 8 }, scheduler: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  const runsOf = async (job: string): Promise<JobRun[]> =>
    (await j.api("GET", `/runs?job_id=${job}&page_size=100&sort=queued_at`, tok.liuyang)).body.data.items;
  const finalAll = (ids: string[]) => Promise.all(ids.map((id) => j.waitFor(id, ["succeeded", "failed", "timed_out", "cancelled", "skipped"])));
  /** The run worker is done with everything queued (its status hooks, alerts included, ran before each queue job completed). */
  async function workerIdle() {
    for (let i = 0; i < 250; i++) {
      const st = await s.system.queue.stats(RUNS_QUEUE);
      if (st.active === 0 && st.waiting === 0 && st.delayed === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("the run worker stayed busy");
  }

  it("a manual run of a 3-shard job is 3 runs, answered as shard 0 with shard_runs; each resolves its {shardIndex}/{shardTotal}", async () => {
    const created = await j.create(tok.liuyang!, shellJob("shard-echo", "echo shard {shardIndex}/{shardTotal}", { shards: 3 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.shards).toBe(3);
    const r = await j.run(tok.liuyang!, "shard-echo", { note: "x" });
    expect(r.status).toBe(201);
    const ids = r.body.data.shard_runs as string[];
    expect(ids).toHaveLength(3);
    expect(r.body.data).toMatchObject({ id: ids[0], shard_index: 0, shard_total: 3, shard_group: ids[0], params: { note: "x" } });
    const ended = await finalAll(ids);
    expect(ended.map((x) => [x.status, x.shard_index, x.shard_total, x.shard_group])).toEqual([0, 1, 2].map((i) => ["succeeded", i, 3, ids[0]]));
    for (const [i, id] of ids.entries()) expect(await j.log(tok.liuyang!, id)).toContain(`shard ${i}/3`);
    // the run list shows each shard
    expect((await runsOf(created.body.data.id)).map((x) => x.shard_index).sort()).toEqual([0, 1, 2]);
    // a one-shard job answers as before: no shard fields
    await j.create(tok.liuyang!, shellJob("one-shard", "echo one"));
    const one = await j.run(tok.liuyang!, "one-shard");
    expect(one.body.data).toMatchObject({ shard_index: null, shard_total: null, shard_group: null });
    expect(one.body.data.shard_runs).toBeUndefined();
  });

  it("refuses shards outside 1..64 naming the field, and stores nothing", async () => {
    const before = await j.count("jobs");
    for (const shards of [0, 65, 1.5]) {
      const r = await j.create(tok.liuyang!, shellJob(`bad-shards-${String(shards).replace(".", "-")}`, "true", { shards }));
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(40001);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(["shards"]);
    }
    expect(await j.count("jobs")).toBe(before);
  });

  it("concurrency forbid: a trigger's shards run side by side; another trigger's shards are skipped while they run", async () => {
    await j.create(tok.liuyang!, shellJob("shard-forbid", "sleep 1", { shards: 2, concurrency: "forbid" }));
    const first = (await j.run(tok.liuyang!, "shard-forbid")).body.data.shard_runs as string[];
    await Promise.all(first.map((id) => j.waitFor(id, ["running"])));
    const second = (await j.run(tok.liuyang!, "shard-forbid")).body.data.shard_runs as string[];
    const ended = await finalAll([...first, ...second]);
    expect(ended.map((x) => x.status)).toEqual(["succeeded", "succeeded", "skipped", "skipped"]);
    expect(ended[2]!.reason).toBe("jobs.skipped_overlap");
  });

  it("a group with two failed shards raises one alert; a retry of a failed shard is that shard alone", async () => {
    // shard 0 succeeds, shards 1 and 2 fail
    const created = await j.create(tok.liuyang!, shellJob("shard-fail", "test {shardIndex} -eq 0", { shards: 3 }));
    expect(created.status).toBe(201);
    const ids = (await j.run(tok.liuyang!, "shard-fail")).body.data.shard_runs as string[];
    expect((await finalAll(ids)).map((x) => x.status)).toEqual(["succeeded", "failed", "failed"]);
    await workerIdle();
    const notices = (await j.api("GET", "/notifications?type=job.failed&page_size=50", tok.liuyang)).body.data.items
      .filter((n: { data: { job_name: string } }) => n.data.job_name === "shard-fail");
    expect(notices).toHaveLength(1);

    const retried = await j.api("POST", `/runs/${ids[2]}/retry`, tok.liuyang);
    expect(retried.status).toBe(201);
    expect(retried.body.data).toMatchObject({ trigger: "retry", shard_index: 2, shard_total: 3, shard_group: null });
    expect(retried.body.data.shard_runs).toBeUndefined();
    expect((await j.waitFor(retried.body.data.id, ["failed"])).status).toBe("failed");
    expect((await runsOf(created.body.data.id)).length).toBe(4);
  });

  it("a backfill makes each period's shards; a repeated occurrence key stores none of them again", async () => {
    const created = await j.create(tok.liuyang!, shellJob("shard-fill", "echo {bizDate} {shardIndex}", { shards: 2 }));
    const r = await j.api("POST", "/jobs/shard-fill/backfill", tok.liuyang, { from: "2026-11-01", to: "2026-11-02", parallelism: 2 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const runs = await runsOf(created.body.data.id);
    expect(runs.map((x) => `${x.biz_date}#${x.shard_index}/${x.shard_total}`).sort()).toEqual(["2026-11-01#0/2", "2026-11-01#1/2", "2026-11-02#0/2", "2026-11-02#1/2"]);
    await finalAll(runs.map((x) => x.id));
    // the store's answer to a trigger fired twice (two schedulers): the second finds shard 0's key taken and adds nothing
    const job = (await s.system.jobs.findJob("shard-fill"))!;
    const key = `test:${Date.now()}`;
    expect((await s.system.jobs.runs.insertRun({ job, trigger: "cron", by: null, occurrenceKey: key }))?.shard_runs).toHaveLength(2);
    expect(await s.system.jobs.runs.insertRun({ job, trigger: "cron", by: null, occurrenceKey: key })).toBeNull();
    expect((await runsOf(created.body.data.id)).length).toBe(6);
    await workerIdle();
  });
});
