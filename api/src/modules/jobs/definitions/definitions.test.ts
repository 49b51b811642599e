import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";

const httpJob = (name: string, extra: Record<string, unknown> = {}) => ({
  name, description: "同步昨日订单", type: "http",
  config: { method: "POST", url: "https://erp.example.com/sync?day={bizDate}", headers: { Authorization: "Bearer x" }, body: { day: "{bizDate-7d}" }, expect_status: 200 },
  params: { region: "cn-east" }, schedule: { cron: "0 0 2 * * *" }, retries: { count: 2, backoff: { type: "exponential", delay_ms: 1000 } }, timeout_s: 60,
  tags: ["sync"], ...extra,
});

describe.each(ENGINES)("jobs: definitions, validation, scopes (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    for (const u of ["admin", "lina", "liuyang", "chenjing"]) tok[u] = await s.login(u);
  });
  afterAll(() => s?.close());
  /** after moving the clock: fresh sessions (tokens and idle limits follow the clock) */
  const relogin = async () => {
    for (const u of ["admin", "lina", "liuyang", "chenjing"]) tok[u] = await s.login(u);
  };

  it("creates a job owned by the creator's department, with defaults, audited by name", async () => {
    const r = await j.create(tok.liuyang!, httpJob("daily-sync"));
    expect(r.status).toBe(201);
    const tech = await s.system.db.get<{ id: string }>("SELECT dept_id AS id FROM users WHERE username = 'liuyang'");
    expect(r.body.data).toMatchObject({
      name: "daily-sync", type: "http", status: "enabled", owner_department_id: tech!.id, owner_department_name: "技术部",
      schedule: { cron: "0 0 2 * * *", timezone: "Asia/Shanghai" }, misfire: "fire_once", concurrency: "allow",
      retries: { count: 2, backoff: { type: "exponential", delay_ms: 1000 }, on: ["failed", "timed_out"] },
      config: { method: "POST", headers: { Authorization: "Bearer x" }, expect_status: 200 },
    });
    expect(r.body.data.next_fire_at).toMatch(/T18:00:00\.000Z$/);
    const audit = await j.api("GET", `/audit/logs?module=jobs&resource_id=${r.body.data.id}`, tok.admin);
    expect(audit.body.data.items[0]).toMatchObject({ action: "create", action_name: "新建作业", actor_name: "liuyang", status: 201 });
    // header values (tokens) are not copied into the audit trail
    expect(JSON.stringify(audit.body.data.items[0].after)).not.toContain("Bearer x");
  });

  it("refuses bad input naming the field, in the caller's language, and stores nothing", async () => {
    const before = await j.count("jobs");
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [httpJob("bad-cron", { schedule: { cron: "61 * * * *" } }), "schedule.cron", t("zh-CN", "jobs.cron_invalid")],
      [httpJob("bad-zone", { schedule: { cron: "0 2 * * *", timezone: "Mars/Olympus" } }), "schedule.timezone", t("zh-CN", "jobs.timezone_invalid", { timezone: "Mars/Olympus" })],
      [httpJob("bad-ph", { config: { method: "GET", url: "https://x.example.com/{tomorrow}" } }), "config.url", t("zh-CN", "jobs.placeholder_unknown", { placeholder: "{tomorrow}" })],
      [httpJob("bad-param", { params: { day: "{jobId-1d}" } }), "params.day", t("zh-CN", "jobs.placeholder_unknown", { placeholder: "{jobId-1d}" })],
      [shellJob("bad-shell", "", {}), "config.command", t("zh-CN", "validation.empty")],
      [{ ...shellJob("bad-type", "echo"), type: "ftp" }, "type", ""],
      [httpJob("Bad Name"), "name", t("zh-CN", "jobs.name_invalid")],
      [httpJob("daily-sync"), "name", t("zh-CN", "jobs.name_taken", { name: "daily-sync" })],
    ];
    for (const [body, field, message] of cases) {
      const r = await j.create(tok.liuyang!, body);
      expect([400, 409], JSON.stringify(r.body)).toContain(r.status);
      const error = r.body.errors.find((e: { field: string }) => e.field === field);
      expect(error, `${field}: ${JSON.stringify(r.body.errors)}`).toBeDefined();
      if (message) expect(error.message).toBe(message);
    }
    // shell `${HOME}` is the shell's, not a placeholder
    expect((await j.create(tok.liuyang!, shellJob("home-ok", "echo ${HOME} {bizDate:yyyyMMdd}"))).status).toBe(201);
    expect(await j.count("jobs")).toBe(before + 1);
    const en = await s.req("POST", "/api/v1/jobs?lang=en", { token: tok.liuyang, body: httpJob("x-en", { schedule: { cron: "0 2 * * *", timezone: "Nowhere" } }) });
    expect(en.body.errors[0]).toEqual({ field: "schedule.timezone", message: 'Unknown timezone "Nowhere": use an IANA name such as Asia/Shanghai' });
  });

  it("computes next fires exactly across daylight saving, and in Shanghai", async () => {
    s.clock.set("2026-03-06T12:00:00Z");
    await relogin();
    const ny = await j.create(tok.liuyang!, httpJob("ny-morning", { schedule: { cron: "0 9 * * *", timezone: "America/New_York" } }));
    const fires = await j.api("GET", `/jobs/${ny.body.data.id}/next-fires?count=5`, tok.lina);
    // lina (运营一部) cannot see a 技术部 job
    expect(fires.status).toBe(404);
    const own = await j.api("GET", `/jobs/ny-morning/next-fires?count=5`, tok.liuyang);
    expect(own.body.data.fires).toEqual([
      "2026-03-06T14:00:00.000Z", "2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z", "2026-03-10T13:00:00.000Z",
    ]);
    s.clock.set("2026-10-31T12:00:00Z");
    await relogin();
    const fall = await j.create(tok.liuyang!, httpJob("ny-fallback", { schedule: { cron: "30 1 * * *", timezone: "America/New_York" } }));
    const back = await j.api("GET", `/jobs/${fall.body.data.id}/next-fires?count=3`, tok.liuyang);
    // 01:30 happens twice on 1 November: a fixed time fires once
    expect(back.body.data.fires).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z", "2026-11-03T06:30:00.000Z"]);
    const sh = await j.api("GET", `/jobs/daily-sync/next-fires?count=2`, tok.liuyang);
    expect(sh.body.data).toEqual({ fires: ["2026-10-31T18:00:00.000Z", "2026-11-01T18:00:00.000Z"], timezone: "Asia/Shanghai" });
    s.clock.set(new Date());
    await relogin();
  });

  it("lists each job with its latest run (null before the first)", async () => {
    const id = (await j.create(tok.liuyang!, shellJob("last-run-probe", "true"))).body.data.id;
    const row = async () => (await j.api("GET", "/jobs?q=last-run-probe", tok.liuyang)).body.data.items[0];
    expect((await row()).last_run).toBeNull();
    const first = (await j.run(tok.liuyang!, id)).body.data;
    s.clock.advance(1_000);
    const second = (await j.run(tok.liuyang!, id)).body.data;
    expect(second.id).not.toBe(first.id);
    expect((await row()).last_run).toMatchObject({ id: second.id, status: second.status, queued_at: second.queued_at });
  });

  it("edits, pauses and resumes without firing, and deletes; RBAC per the seeded roles", async () => {
    const created = await j.create(tok.liuyang!, shellJob("log-clean", "find /tmp -name '*.log' -mtime +7", { schedule: { every_s: 3600 } }));
    const id = created.body.data.id;
    s.clock.advance(1_200_000);
    await relogin();
    const edited = await j.api("PUT", `/jobs/${id}`, tok.liuyang, shellJob("log-clean", "true", { schedule: { every_s: 7200 } }));
    expect(edited.status).toBe(200);
    // the new schedule counts from the edit: the first fire is a whole period after now
    expect(Date.parse(edited.body.data.next_fire_at) - s.clock.now().getTime()).toBe(7_200_000);
    expect((await j.api("POST", `/jobs/${id}/pause`, tok.liuyang)).body.data).toMatchObject({ status: "paused", next_fire_at: null });
    expect((await j.api("GET", `/jobs/${id}/next-fires`, tok.liuyang)).body.data.fires).toEqual([]);
    expect((await j.api("POST", `/jobs/${id}/resume`, tok.liuyang)).body.data.status).toBe("enabled");
    expect((await j.api("GET", `/jobs?status=enabled&type=shell&q=log-`, tok.liuyang)).body.data.items.map((x: { name: string }) => x.name)).toEqual(["log-clean"]);
    const tagged = (await j.api("GET", `/jobs?tag=sync`, tok.liuyang)).body.data.items.map((x: { name: string }) => x.name);
    expect(tagged).toContain("daily-sync");
    expect(tagged).not.toContain("log-clean");

    // 运营专员 views and runs; 审计人员 views only; nobody but managers writes
    expect((await j.api("POST", "/jobs", tok.lina, shellJob("lina-job", "true"))).status).toBe(403);
    expect((await j.api("POST", `/jobs/${id}/pause`, tok.lina)).status).toBe(403);
    expect((await j.api("POST", "/jobs", tok.chenjing, shellJob("audit-job", "true"))).status).toBe(403);
    expect((await j.run(tok.chenjing!, id)).status).toBe(403);
    const names = async (token: string) => (await j.api("GET", "/jobs?page_size=100", token)).body.data.items.map((x: { name: string }) => x.name);
    expect(await names(tok.lina!)).toEqual([]);
    expect(await names(tok.chenjing!)).toContain("log-clean");
    const ops1 = await s.system.db.get<{ id: string }>("SELECT dept_id AS id FROM users WHERE username = 'lina'");
    const opsJob = await j.create(tok.admin!, shellJob("ops-report", "true", { owner_department_id: ops1!.id }));
    expect(await names(tok.lina!)).toEqual(["ops-report"]);
    // header values (tokens) only for those who may edit the job
    await j.create(tok.admin!, httpJob("ops-feed", { owner_department_id: ops1!.id, schedule: null }));
    expect((await j.api("GET", "/jobs/ops-feed", tok.lina)).body.data.config.headers).toEqual({ Authorization: "***" });
    expect((await j.api("GET", "/jobs?q=ops-feed", tok.lina)).body.data.items[0].config.headers).toEqual({ Authorization: "***" });
    expect((await j.api("GET", "/jobs/ops-feed", tok.admin)).body.data.config.headers).toEqual({ Authorization: "Bearer x" });
    await j.api("DELETE", "/jobs/ops-feed", tok.admin);
    expect((await j.run(tok.lina!, "ops-report")).status).toBe(201);
    // a developer cannot place a job in a department outside their scope
    const out = await j.create(tok.liuyang!, shellJob("elsewhere", "true", { owner_department_id: ops1!.id }));
    expect(out.body.errors).toEqual([{ field: "owner_department_id", message: t("zh-CN", "jobs.department_out_of_scope") }]);

    // a job with a queued run cannot be deleted; one without can
    expect((await j.api("DELETE", `/jobs/${opsJob.body.data.id}`, tok.admin)).status).toBe(409);
    expect((await j.api("DELETE", `/jobs/${id}`, tok.liuyang)).status).toBe(200);
    expect((await j.api("GET", `/jobs/${id}`, tok.liuyang)).status).toBe(404);
    const audit = await j.api("GET", `/audit/logs?module=jobs&resource_id=${id}&page_size=20`, tok.admin);
    expect(audit.body.data.items.map((a: { action_name: string }) => a.action_name)).toEqual(["删除作业", "恢复作业", "暂停作业", "修改作业", "新建作业"]);
  });
});
