import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../platform/crypto.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";
import { purgeRunsAudited } from "./retention.ts";

const DAY = 86_400_000;

describe.each(ENGINES)("jobs: run retention (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  const ids: Record<string, string> = {};

  /** A run as the engine leaves it, `daysAgo` days before the test clock, with two log lines. */
  async function run(job: string, daysAgo: number, status = "succeeded", backfillId: string | null = null) {
    const id = newId();
    const queued = new Date(s.clock.now().getTime() - daysAgo * DAY).toISOString();
    const finished = status === "queued" || status === "running" ? null : new Date(Date.parse(queued) + 60_000).toISOString();
    await s.system.db.run(
      `INSERT INTO job_runs (id, job_id, job_name, status, trigger_kind, params, attempt, max_attempts, backfill_id, queued_at, started_at, finished_at, updated_at)
       VALUES (?, ?, ?, ?, 'manual', '{}', 1, 1, ?, ?, ?, ?, ?)`,
      [id, ids[job], job, status, backfillId, queued, queued, finished, queued],
    );
    for (const seq of [1, 2]) await s.system.db.run("INSERT INTO job_run_logs (run_id, seq, stream, text, created_at) VALUES (?, ?, 'stdout', 'x', ?)", [id, seq, queued]);
    return id;
  }
  const backfill = async (job: string, daysAgo: number) => {
    const id = newId();
    await s.system.db.run("INSERT INTO job_backfills (id, job_id, from_date, to_date, parallelism, total, created_at) VALUES (?, ?, '2026-01-01', '2026-01-03', 1, 3, ?)", [
      id, ids[job], new Date(s.clock.now().getTime() - daysAgo * DAY).toISOString(),
    ]);
    return id;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await s.system.db.get<{ c: number | string }>(sql, params))!.c);
  const runsOf = (job: string) => count("SELECT COUNT(*) AS c FROM job_runs WHERE job_id = ?", [ids[job]]);
  const has = async (id: string) => (await count("SELECT COUNT(*) AS c FROM job_runs WHERE id = ?", [id])) === 1;

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    const tok = await s.login("liuyang");
    for (const name of ["ret-a", "ret-b", "ret-c"]) ids[name] = (await j.create(tok, shellJob(name, "true"))).body.data.id;
  });
  afterAll(() => s?.close());

  it("deletes final runs and their logs past the age, keeping each job's latest 20, unfinished runs and active backfills; audited as system", async () => {
    // a: 30 runs 200..171 days old and one still running from 300 days ago: the 10 oldest final ones go
    const aOld: string[] = [];
    for (let i = 0; i < 30; i++) aOld.push(await run("ret-a", 200 - i));
    const stuck = await run("ret-a", 300, "running");
    // b: 5 runs 100 days old behind 25 recent ones: the 5 go; a run 89 days old stays (younger than 90)
    const bOld: string[] = [];
    for (let i = 0; i < 5; i++) bOld.push(await run("ret-b", 100));
    const young = await run("ret-b", 89);
    for (let i = 0; i < 25; i++) await run("ret-b", 1);
    // c: a backfill with a run still queued keeps all of its runs; an ended one goes with its row
    const active = await backfill("ret-c", 150);
    const activeRuns = [await run("ret-c", 150, "succeeded", active), await run("ret-c", 150, "failed", active), await run("ret-c", 150, "queued", active)];
    const ended = await backfill("ret-c", 150);
    for (let i = 0; i < 2; i++) await run("ret-c", 150, "succeeded", ended);
    for (let i = 0; i < 20; i++) await run("ret-c", 2);
    const logsBefore = await j.count("job_run_logs");

    // a batch of 3, so the purge takes several transactions for one job
    const result = await purgeRunsAudited(s.system.jobs.deps, { keepDays: 90, keepLatest: 20, batch: 3 });
    expect(result).toMatchObject({ cutoff: new Date(s.clock.now().getTime() - 90 * DAY).toISOString(), runs: 17, logs: 34, backfills: 1 });
    expect(await j.count("job_run_logs")).toBe(logsBefore - 34);
    expect(await runsOf("ret-a")).toBe(21);
    for (const id of aOld.slice(0, 10)) expect(await has(id)).toBe(false);
    for (const id of aOld.slice(10)) expect(await has(id)).toBe(true);
    expect(await has(stuck)).toBe(true);
    expect(await runsOf("ret-b")).toBe(26);
    for (const id of bOld) expect(await has(id)).toBe(false);
    expect(await has(young)).toBe(true);
    for (const id of activeRuns) expect(await has(id)).toBe(true);
    expect(await count("SELECT COUNT(*) AS c FROM job_runs WHERE backfill_id = ?", [ended])).toBe(0);
    expect(await count("SELECT COUNT(*) AS c FROM job_backfills WHERE id IN (?, ?)", [active, ended])).toBe(1);
    expect(await count("SELECT COUNT(*) AS c FROM job_run_logs WHERE run_id = ?", [aOld[0]])).toBe(0);

    const audit = await j.api("GET", "/audit/logs?module=jobs&resource_type=job_run", await s.login("admin"));
    expect(audit.body.data.items).toHaveLength(1);
    expect(audit.body.data.items[0]).toMatchObject({ action: "runs.purge", action_name: "清理过期运行记录", actor_name: "system:job-retention", after: { runs: 17, logs: 34, keep_days: 90 } });
  });

  it("a second purge finds nothing (and writes no audit row); 0 days keeps everything", async () => {
    const before = await j.count("job_runs");
    expect(await s.system.jobs.purgeRuns(90)).toMatchObject({ runs: 0, logs: 0, backfills: 0 });
    expect(await s.system.jobs.purgeRuns(0)).toEqual({ cutoff: null, runs: 0, logs: 0, backfills: 0 });
    const audit = await j.api("GET", "/audit/logs?module=jobs&resource_type=job_run", await s.login("admin"));
    expect(audit.body.data.items).toHaveLength(1);
    // a year on, everything final but each job's latest 20 could go; 0 still keeps it all
    s.clock.advance(365 * DAY);
    expect((await s.system.jobs.purgeRuns(0)).runs).toBe(0);
    expect(await j.count("job_runs")).toBe(before);
  });
});
