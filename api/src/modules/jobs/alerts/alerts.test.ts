import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { RUNS_QUEUE } from "../jobs.deps.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";

type Notice = { title: string; body: string; data: Record<string, unknown> };

describe.each(ENGINES)("jobs: alerts through notify (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  let dir: string;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    for (const u of ["admin", "lina", "liuyang"]) tok[u] = await s.login(u);
    dir = mkdtempSync(join(tmpdir(), "ops-job-alerts-"));
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const userId = async (username: string) => (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [username]))!.id;
  const inbox = async (user: string, type: string): Promise<Notice[]> =>
    (await j.api("GET", `/notifications?type=${type}&page_size=50`, tok[user])).body.data.items;
  const ofJob = async (user: string, type: string, job: string) => (await inbox(user, type)).filter((n) => n.data.job_name === job);
  /**
   * Resolves once the worker holds no run and none is waiting for it. The worker acknowledges a run's queue job only
   * after the final status's hooks returned, and the alerts are one of them (their in-app notices stored in the send's
   * transaction): once idle, every alert of the runs that ended is in the inbox. Looks every 10 ms, 10 s at most.
   */
  async function workerIdle(): Promise<void> {
    let last: unknown;
    for (let i = 0; i < 1000; i++) {
      const stats = await s.system.queue.stats(RUNS_QUEUE);
      if (stats.active === 0 && stats.waiting === 0) return;
      last = stats;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the job worker still busy after 10 s: ${JSON.stringify(last)}`);
  }
  /**
   * Alerts are sent right after the final status is stored, in the same process; the run's status event can arrive
   * first, so this reads the inbox once the worker is idle (its alerts all sent). Asking for one more than expected is
   * how "no further alert" is checked: nothing more can come from the runs that ended.
   */
  async function noticesOf(user: string, type: string, job: string, count: number): Promise<Notice[]> {
    const found = await ofJob(user, type, job);
    if (found.length >= count) return found;
    await workerIdle();
    return ofJob(user, type, job);
  }
  /** Runs the job and, moving the clock over each backoff, waits for its final status. */
  async function runToEnd(job: string): Promise<string> {
    const id = (await j.run(tok.liuyang!, job)).body.data.id as string;
    for (;;) {
      const r = await j.waitUntil(id, (x) => x.status !== "running" && (x.status !== "queued" || x.next_attempt_at !== null));
      if (r.status !== "queued") return id;
      j.advance(Date.parse(r.next_attempt_at!) - s.clock.now().getTime());
    }
  }

  it("a failing shell job retries with backoff and raises exactly one alert card to its owner, after its final attempt; the next failure in the episode none; a success one recovery", async () => {
    const flag = join(dir, "settle-ok");
    await j.create(tok.liuyang!, shellJob("settle-fail", `echo checking; test -f ${flag}`, { retries: { count: 2, backoff: { type: "exponential", delay_ms: 1000 } } }));
    const first = await runToEnd("settle-fail");
    expect((await j.getRun(tok.liuyang!, first)).attempt).toBe(3);
    const [alert, ...more] = await noticesOf("liuyang", "job.failed", "settle-fail", 1);
    expect(more).toEqual([]);
    // worded after the final attempt: a retry is not a failure
    expect(alert).toMatchObject({
      title: "任务 settle-fail 运行失败", body: "第 3/3 次尝试仍失败：exit code 1",
      data: { card: "job-alert", alert_kind: "failure", run_id: first, url: `/jobs/runs/${first}` },
    });
    // not to anyone else (lina, admin are not recipients)
    expect(await ofJob("lina", "job.failed", "settle-fail")).toEqual([]);
    expect(await ofJob("admin", "job.failed", "settle-fail")).toEqual([]);

    const second = await runToEnd("settle-fail");
    expect((await j.getRun(tok.liuyang!, second)).status).toBe("failed");
    // the episode is open: no second alert (a recovery would have been sent by now if it had closed)
    expect(await noticesOf("liuyang", "job.failed", "settle-fail", 2)).toHaveLength(1);

    writeFileSync(flag, "");
    const ok = await runToEnd("settle-fail");
    const [recovered, ...extra] = await noticesOf("liuyang", "job.recovered", "settle-fail", 1);
    expect(extra).toEqual([]);
    expect(recovered).toMatchObject({ title: "任务 settle-fail 已恢复", body: "运行成功，已结束告警：运行失败", data: { alert_kind: "recovered", run_id: ok } });
    // another success: nothing to recover from
    await runToEnd("settle-fail");
    expect(await noticesOf("liuyang", "job.recovered", "settle-fail", 2)).toHaveLength(1);
    // a new failure opens a new episode
    rmSync(flag);
    await j.api("PUT", "/jobs/settle-fail", tok.liuyang, shellJob("settle-fail", `test -f ${flag}`));
    await runToEnd("settle-fail");
    expect(await noticesOf("liuyang", "job.failed", "settle-fail", 2)).toHaveLength(2);
  });

  it("alerts a timeout (job.timed_out) to the owner and the named users within the job's data scope; on_timeout false silences it", async () => {
    tok.chenjing = await s.login("chenjing");
    // chenjing (审计, scope ALL) sees the job of 技术部; lina (运营一部, scope DEPT) does not, so she is not sent it
    await j.create(tok.liuyang!, shellJob("slow-sync", "sleep 20", { timeout_s: 1, alerts: { recipients: { users: [await userId("lina"), await userId("chenjing")] } } }));
    await runToEnd("slow-sync");
    const [alert] = await noticesOf("liuyang", "job.timed_out", "slow-sync", 1);
    expect(alert).toMatchObject({ title: "任务 slow-sync 运行超时", body: "超过 1 秒未完成，已终止（第 1/1 次尝试）" });
    expect(await noticesOf("chenjing", "job.timed_out", "slow-sync", 1)).toHaveLength(1);
    expect(await ofJob("lina", "job.timed_out", "slow-sync")).toEqual([]);
    expect(await ofJob("liuyang", "job.failed", "slow-sync")).toEqual([]);

    await j.create(tok.liuyang!, shellJob("slow-quiet", "sleep 20", { timeout_s: 1, alerts: { on_timeout: false } }));
    const id = await runToEnd("slow-quiet");
    expect((await j.getRun(tok.liuyang!, id)).status).toBe("timed_out");
    expect(await noticesOf("liuyang", "job.timed_out", "slow-quiet", 1)).toEqual([]);
  });

  it("alerts once when N final runs in a row failed (consecutive_failures)", async () => {
    // to the members of a role (审计员: chenjing, who sees every department) instead of the owner
    const role = (await s.system.db.get<{ id: string }>("SELECT id FROM roles WHERE code = 'auditor'"))!.id;
    tok.chenjing ??= await s.login("chenjing");
    await j.create(tok.liuyang!, shellJob("flaky-import", "exit 2", { alerts: { on_failure: false, consecutive_failures: 3, recipients: { roles: [role], owner: false } } }));
    await runToEnd("flaky-import");
    await runToEnd("flaky-import");
    expect(await noticesOf("chenjing", "job.consecutive_failures", "flaky-import", 1)).toEqual([]);
    await runToEnd("flaky-import");
    const [alert] = await noticesOf("chenjing", "job.consecutive_failures", "flaky-import", 1);
    expect(alert).toMatchObject({ title: "任务 flaky-import 已连续失败 3 次", body: "最近 3 次运行均失败，最后一次：exit code 2" });
    await runToEnd("flaky-import");
    expect(await noticesOf("chenjing", "job.consecutive_failures", "flaky-import", 2)).toHaveLength(1);
    expect(await ofJob("liuyang", "job.consecutive_failures", "flaky-import")).toEqual([]);
    expect(await ofJob("chenjing", "job.failed", "flaky-import")).toEqual([]);
  });

  it("alerts a run longer than factor × p95 of the last successes, only with 5 of them; a normal run recovers", async () => {
    const pace = join(dir, "pace");
    writeFileSync(pace, "0.4");
    await j.create(tok.liuyang!, shellJob("nightly-report", `sleep "$(cat ${pace})"`, { alerts: { long_tail: { factor: 2, window: 10 } } }));
    const db = s.system.db;
    const jobId = (await j.api("GET", "/jobs/nightly-report", tok.liuyang)).body.data.id;
    /** A fake earlier success of `ms` (the history the p95 comes from). */
    const history = async (ms: number, n: number) => {
      const finished = new Date(s.clock.now().getTime() - 3600_000 + n * 1000).toISOString();
      await db.run(
        `INSERT INTO job_runs (id, job_id, job_name, status, trigger_kind, params, attempt, max_attempts, queued_at, started_at, finished_at, duration_ms, enqueued, cancel_requested, updated_at)
         VALUES (?, ?, 'nightly-report', 'succeeded', 'cron', '{}', 1, 1, ?, ?, ?, ?, 1, 0, ?)`,
        [`fake-${engine}-${n}`, jobId, finished, finished, finished, ms, finished],
      );
    };
    for (let n = 0; n < 4; n++) await history(40 + n * 10, n);
    // 4 successes before it: too few for a p95
    const early = await runToEnd("nightly-report");
    expect((await j.getRun(tok.liuyang!, early)).duration_ms).toBeGreaterThan(380);
    expect(await noticesOf("liuyang", "job.long_tail", "nightly-report", 1)).toEqual([]);
    await db.run("UPDATE job_runs SET duration_ms = 60 WHERE id = ?", [early]);
    await history(70, 5);

    const slow = await runToEnd("nightly-report");
    const [alert] = await noticesOf("liuyang", "job.long_tail", "nightly-report", 1);
    expect(alert!.title).toBe("任务 nightly-report 运行时间异常偏长");
    expect(alert!.body).toMatch(/^本次耗时 \d{3} ms，超过最近 6 次成功运行 P95（70 ms）的 2 倍$/);
    expect(alert!.data.run_id).toBe(slow);
    await db.run("UPDATE job_runs SET duration_ms = 65 WHERE id = ?", [slow]);
    await runToEnd("nightly-report");
    expect(await noticesOf("liuyang", "job.long_tail", "nightly-report", 2)).toHaveLength(1);

    writeFileSync(pace, "0");
    // a history of 1 s runs: `sleep 0` is well inside twice their p95 even on a busy box (against ~70 ms runs, a start
    // that took 292 ms once counted as long, and nothing recovered)
    await db.run("UPDATE job_runs SET duration_ms = 1000 WHERE job_id = ? AND status = 'succeeded'", [jobId]);
    const normal = await runToEnd("nightly-report");
    expect((await j.getRun(tok.liuyang!, normal)).duration_ms).toBeLessThan(2000);
    const [recovered] = await noticesOf("liuyang", "job.recovered", "nightly-report", 1);
    expect(recovered!.body).toBe("运行成功，已结束告警：耗时偏长");
  });

  it("alerts a scheduled occurrence not started within the grace (test clock), once; a success recovers", async () => {
    await j.create(tok.liuyang!, shellJob("hourly-pull", "true", { schedule: { every_s: 3600 }, alerts: { missed_start_grace_s: 120 } }));
    const sweep = () => s.system.jobs.alerts.sweep();
    expect(await sweep()).toBe(0);
    // due, but the grace has not run out (the scheduler is not running in this test)
    j.advance(3600_000 + 60_000);
    expect(await sweep()).toBe(0);
    j.advance(61_000);
    // an hour on the test clock outlives the sessions
    for (const u of ["admin", "lina", "liuyang"]) tok[u] = await s.login(u);
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    const [alert] = await ofJob("liuyang", "job.missed_start", "hourly-pull");
    expect(alert).toMatchObject({ title: "任务 hourly-pull 未按时启动", data: { alert_kind: "missed_start", run_id: null } });
    expect(alert!.body).toContain("超过 120 秒仍未启动");
    await runToEnd("hourly-pull");
    expect((await noticesOf("liuyang", "job.recovered", "hourly-pull", 1))[0]!.body).toBe("运行成功，已结束告警：未按时启动");
  });

  it("sends a job's alerts only to recipients whose data scope covers its owner department (named users and role members alike)", async () => {
    const ops1 = (await s.system.db.get<{ id: string }>("SELECT id FROM departments WHERE name = '运营一部'"))!.id;
    const role = (await s.system.db.get<{ id: string }>("SELECT id FROM roles WHERE code = 'ops_manager'"))!.id;
    const named = await Promise.all(["lina", "wangfang", "liuyang"].map(userId));
    await j.create(tok.admin!, shellJob("ops1-export", "exit 4", { owner_department_id: ops1, alerts: { recipients: { users: named, roles: [role] } } }));
    const run = (await j.run(tok.admin!, "ops1-export")).body.data.id as string;
    await j.waitUntil(run, (x) => x.status === "failed");
    // the alert is written once for all recipients: once it is sent (the worker idle), read who got it
    await workerIdle();
    const got = await s.system.db.all<{ username: string }>(
      "SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.type = 'job.failed' AND n.title LIKE '%ops1-export%' ORDER BY u.username",
    );
    // admin: owner (scope ALL); lina: 运营一部 (DEPT); zhangwei: 运营中心 (DEPT_AND_CHILD); zhoujie: 运营一部's manager; not
    // wangfang (运营二部), zhengyu (运营二部's manager), liuyang (技术部), luoting (客服中心's manager)
    expect(got.map((g) => g.username)).toEqual(["admin", "lina", "zhangwei", "zhoujie"]);
  });

  it("refuses a bad alerts object with 400 naming the field, and stores nothing", async () => {
    const bad = await j.create(tok.liuyang!, shellJob("bad-alerts", "true", { alerts: { consecutive_failures: 1, long_tail: { factor: 2, window: 3 } } }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["alerts.consecutive_failures", "alerts.long_tail.window"]);
    expect((await j.api("GET", "/jobs/bad-alerts", tok.liuyang)).status).toBe(404);
    const ghost = await j.create(tok.liuyang!, shellJob("ghost-alerts", "true", { alerts: { recipients: { users: ["no-such-user"], roles: ["no-such-role"] } } }));
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors).toEqual([
      { field: "alerts.recipients.users.0", message: "用户 no-such-user 不存在" },
      { field: "alerts.recipients.roles.0", message: "角色 no-such-role 不存在" },
    ]);
    const good = await j.create(tok.liuyang!, shellJob("default-alerts", "true"));
    expect(good.body.data.alerts).toEqual({ on_failure: true, on_timeout: true, recipients: { users: [], roles: [], owner: true } });
  });
});
