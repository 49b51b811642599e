/**
 * The jobs pages with the demo jobs (daily-data-sync http paused, log-cleanup shell,
 * daily-report-summary sql owned by lina): on a desktop admin creates a shell job `echo hello`
 * with a cron, sees the next 5 fires in the job's zone, runs it and follows the run page to the
 * log line `hello` and 成功; the run card's path `/jobs/runs/{id}` opens on its own; an invalid
 * cron is reported at the cron field and nothing is created. On a phone lina sees
 * daily-report-summary (as a card) but no edit, delete or create buttons.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const jobRow = (page: Page, name: string) => page.locator('[data-testid="jobs-table"] tr.table__row', { hasText: name });
const field = (page: Page, name: string) => page.locator(`[data-testid="job-form"] [name="${name}"]`);

describe.skipIf(!HAS_DIST)("PWA: jobs pages", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ jobWorker: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("admin creates a shell job with a cron, sees the next 5 fires, runs it and reads `hello` in the run's log", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-menu="menu:jobs"]', { hasText: "作业" }).first().click();
      await page.locator('[data-testid="jobs-page"]').waitFor();
      for (const name of ["daily-data-sync", "log-cleanup", "daily-report-summary"]) await jobRow(page, name).waitFor();
      expect(await jobRow(page, "daily-data-sync").locator('[data-testid="job-status"]').innerText()).toBe("已暂停");

      await page.locator('[data-testid="job-create"]').click();
      await page.locator('[data-testid="job-form"]').waitFor();
      await field(page, "name").fill("hello-echo");
      await field(page, "command").fill("echo hello");
      await field(page, "cron").fill("0 30 2 * * *");
      await page.screenshot({ path: join(SHOTS, "jobs-form-desktop.png"), fullPage: true });
      // the helper lists 5 fires of the typed pattern: 02:30 in Shanghai is 18:30 UTC
      const fires = page.locator('[data-testid="next-fires"] [data-testid="next-fire"]');
      await expect.poll(async () => (await fires.evaluateAll((els) => els.map((e) => e.getAttribute("data-at") ?? ""))).filter((at) => at.endsWith("T18:30:00.000Z")).length).toBe(5);
      expect(await page.locator('[data-testid="next-fires"]').innerText()).toContain("每天 02:30");

      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      expect(await page.locator('[data-testid="job-schedule"]').innerText()).toBe("每天 02:30 (Asia/Shanghai)");
      await expect.poll(() => page.locator('[data-testid="job-detail"] [data-testid="next-fire"]').count()).toBe(5);

      await page.locator('[data-testid="job-detail"] [data-testid="job-run"]').click();
      const dialog = page.locator('[data-testid="run-dialog"]');
      expect(await dialog.locator('textarea[name="params"]').inputValue()).toMatch(/^bizDate=\d{4}-\d{2}-\d{2}$/);
      await dialog.locator('[data-testid="run-submit"]').click();
      await page.waitForURL(/\/jobs\/runs\/[^/]+$/);
      const runUrl = page.url();
      await page.locator('[data-testid="run-log"]', { hasText: "hello" }).waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="run-facts"] [data-testid="run-status"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="run-facts"] [data-testid="run-status"]').innerText()).toBe("成功");
      expect(await page.locator('[data-testid="run-exit-code"]').innerText()).toBe("0");
      // the menu lights 运行记录 for a run, not 作业 as well
      expect(await page.locator('[data-testid="sidebar"] a.nav__item--active').allInnerTexts()).toEqual(["运行记录"]);

      await page.screenshot({ path: join(SHOTS, "jobs-run-desktop.png"), fullPage: true });
      // the chat run card links `/jobs/runs/{id}`: the path opens the run by itself
      await page.goto(runUrl);
      await page.locator('[data-testid="run-log"]', { hasText: "hello" }).waitFor();
      expect(await page.locator('[data-testid="run-facts"] [data-testid="run-status"]').innerText()).toBe("成功");
      await page.locator('[data-testid="run-retry"]').waitFor();
      expect(await page.locator('[data-testid="run-cancel"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  });

  it("an invalid cron or URL is shown at its field and nothing is created or changed", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs/new`);
      await field(page, "name").fill("bad-cron-job");
      await field(page, "command").fill("echo nope");
      await field(page, "cron").fill("61 * * * *");
      const saved = page.waitForResponse((r) => r.url().includes("/api/v1/jobs?") && r.request().method() === "POST");
      await page.locator('[data-testid="job-save"]').click();
      expect((await saved).status()).toBe(400);
      const cronField = page.locator('[data-testid="job-form"] .field', { has: page.locator('[name="cron"]') });
      await cronField.locator(".field__error", { hasText: "cron 表达式无效" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/jobs/new");
      const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
      expect((await api<{ total: number }>("GET", "/jobs?q=bad-cron-job")).body.data.total).toBe(0);

      // editing an http job: the form holds its definition; a bad URL is named at the URL field and nothing changes
      const before = (await api<{ id: string; config: { url: string }; updated_at: string }>("GET", "/jobs/daily-data-sync")).body.data;
      await page.goto(`${server.url}/jobs/${before.id}/edit`);
      await expect.poll(() => field(page, "url").inputValue()).toBe(before.config.url);
      await field(page, "url").fill("ftp://files.example.com/x");
      await page.locator('[data-testid="job-save"]').click();
      const urlField = page.locator('[data-testid="job-form"] .field', { has: page.locator('[name="url"]') });
      await urlField.locator(".field__error", { hasText: "http://" }).waitFor();
      expect((await api<{ updated_at: string; config: { url: string } }>("GET", "/jobs/daily-data-sync")).body.data).toMatchObject({ updated_at: before.updated_at, config: { url: before.config.url } });
      // a good save changes what was edited and keeps what the form does not show (PUT replaces the definition)
      const full = (await api<Record<string, unknown>>("GET", "/jobs/daily-data-sync")).body.data;
      await field(page, "url").fill(before.config.url);
      await field(page, "description").fill("每日数据同步（已编辑）");
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      const after = (await api<Record<string, unknown>>("GET", "/jobs/daily-data-sync")).body.data;
      expect(after.description).toBe("每日数据同步（已编辑）");
      for (const k of ["config", "params", "schedule", "misfire", "catch_up_max", "retries", "timeout_s", "concurrency", "priority", "owner_department_id", "tags", "status"]) expect(after[k], k).toEqual(full[k]);
    } finally {
      await b.close();
    }
  });

  it("on a phone lina sees her daily-report-summary but cannot edit, delete or create jobs", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, "lina", DEMO_PASSWORD);
      await page.goto(`${server.url}/jobs`);
      const row = jobRow(page, "daily-report-summary");
      await row.waitFor();
      expect(await row.locator('[data-testid="job-edit"]').count()).toBe(0);
      expect(await row.locator('[data-testid="job-delete"]').count()).toBe(0);
      expect(await page.locator('[data-testid="job-create"]').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, "jobs-list-phone.png"), fullPage: true });
      await row.locator('[data-testid="job-open"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      expect(await page.locator('[data-testid="job-detail"] h1, [data-testid="job-detail"] .page-header__title').first().innerText()).toContain("daily-report-summary");
      expect(await page.locator('[data-testid="job-edit"]').count()).toBe(0);
      // the form itself is closed to her too
      await page.goto(`${server.url}/jobs/new`);
      expect(await page.locator('[data-testid="job-form"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  });

  it("a running run's log follows live; 取消运行 stops it; the runs list keeps its filters in the URL", async () => {
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const created = await api<{ id: string }>("POST", "/jobs", { name: "slow-echo", type: "shell", config: { command: "echo started; sleep 30; echo never" }, schedule: null, timeout_s: 60 });
    expect(created.status).toBe(201);
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs/${created.body.data.id}`);
      await page.locator('[data-testid="job-detail"] [data-testid="job-run"]').click();
      await page.locator('[data-testid="run-dialog"] [data-testid="run-submit"]').click();
      await page.waitForURL(/\/jobs\/runs\/[^/]+$/);
      const runId = new URL(page.url()).pathname.split("/").pop()!;
      // the line arrives over the stream while the command is still running
      await page.locator('[data-testid="log-live"]').waitFor();
      await page.locator('[data-testid="run-log"]', { hasText: "started" }).waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="run-facts"] [data-testid="run-status"]').getAttribute("data-status")).toBe("running");
      await page.screenshot({ path: join(SHOTS, "jobs-run-live-phone.png"), fullPage: true });
      await page.locator('[data-testid="run-cancel"]').click();
      await page.locator('[data-testid="run-facts"] [data-testid="run-status"][data-status="cancelled"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="run-facts"] [data-testid="run-status"]').innerText()).toBe("已取消");
      expect(await page.locator('[data-testid="run-log"]').innerText()).not.toContain("never");
      await page.locator('[data-testid="run-retry"]').waitFor();

      // the workbench's link shape: filters in the URL, kept over a reload
      await page.goto(`${server.url}/jobs/runs?status=cancelled`);
      const rows = page.locator('[data-testid="runs-table"] tr.table__row');
      await rows.first().waitFor();
      expect(await rows.locator('[data-testid="run-status"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute("data-status")))])).toEqual(["cancelled"]);
      expect(await rows.locator('[data-testid="run-open"]').evaluateAll((els) => els.map((e) => e.getAttribute("href")))).toContain(`/jobs/runs/${runId}`);
      expect(await page.locator('[data-testid="run-filters"] [data-field="status"]').innerText()).toContain("已取消");
      // the chat's runs card links /jobs/{id}/runs: the list filtered to that job
      await page.goto(`${server.url}/jobs/${created.body.data.id}/runs`);
      await page.waitForURL((u) => u.pathname === "/jobs/runs" && u.searchParams.get("job_id") === created.body.data.id);
      await rows.first().waitFor();
      expect(await rows.count()).toBe(1);
    } finally {
      await b.close();
    }
  });

  it("import: the check lists what each entry would do and writes nothing; import then adds the job", async () => {
    const yaml = "version: 1\njobs:\n  - name: imported-echo\n    type: shell\n    config:\n      command: echo imported\n    schedule:\n      every_s: 3600\n";
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs`);
      await page.locator('[data-testid="jobs-import-open"]').click();
      const dialog = page.locator('[data-testid="jobs-import"]');
      await dialog.locator('textarea[name="yaml"]').fill(yaml);
      await dialog.locator('[data-testid="jobs-import-check"]').click();
      await dialog.locator('[data-testid="jobs-import-report"]', { hasText: "imported-echo: 新建" }).waitFor();
      expect((await api<{ total: number }>("GET", "/jobs?q=imported-echo")).body.data.total).toBe(0);
      await dialog.locator('[data-testid="jobs-import-apply"]').click();
      await jobRow(page, "imported-echo").waitFor();
      expect(await jobRow(page, "imported-echo").innerText()).toContain("每 1 小时");
      // the same file again in create mode: the name is taken, reported by entry and field
      await page.locator('[data-testid="jobs-import-open"]').click();
      await dialog.locator('textarea[name="yaml"]').fill(yaml);
      await dialog.locator('[data-testid="jobs-import-check"]').click();
      await dialog.locator('[data-testid="jobs-import-errors"]', { hasText: "jobs.0.name" }).waitFor();
    } finally {
      await b.close();
    }
  });

  it("the global kill switch pauses and resumes every schedule; a backfill makes one run per day and its progress reaches 3/3", async () => {
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs`);
      await page.locator('[data-testid="scheduler-pause"]').click();
      await page.locator('[data-testid="confirm-dialog"] button', { hasText: "暂停全部调度" }).click();
      await page.locator('[data-testid="scheduler-paused"]').waitFor();
      expect((await api<{ paused: boolean }>("GET", "/jobs/scheduler")).body.data.paused).toBe(true);
      await page.locator('[data-testid="scheduler-resume"]').click();
      await page.locator('[data-testid="scheduler-switch"][data-paused="false"]').waitFor();
      expect(await page.locator('[data-testid="scheduler-paused"]').count()).toBe(0);
      expect((await api<{ paused: boolean }>("GET", "/jobs/scheduler")).body.data.paused).toBe(false);

      const job = (await api<{ id: string }>("GET", "/jobs/log-cleanup")).body.data;
      await page.goto(`${server.url}/jobs/${job.id}`);
      await page.locator('[data-testid="job-backfill"]').click();
      const dialog = page.locator('[data-testid="backfill-dialog"]');
      // a reversed range is refused at its field and creates nothing
      await dialog.locator('input[name="from"]').fill("2026-11-03");
      await dialog.locator('input[name="to"]').fill("2026-11-01");
      await dialog.locator('[data-testid="backfill-submit"]').click();
      await dialog.locator(".field__error", { hasText: "结束日期不能早于开始日期" }).waitFor();
      expect((await api<{ total: number }>("GET", `/runs?job_id=${job.id}&trigger=backfill`)).body.data.total).toBe(0);
      await dialog.locator('input[name="from"]').fill("2026-11-01");
      await dialog.locator('input[name="to"]').fill("2026-11-03");
      await dialog.locator('[data-testid="backfill-submit"]').click();
      // the dialog follows the backfill: a bar of ended/total until every run ended, and its runs
      const progress = dialog.locator('[data-testid="backfill-progress"]');
      await progress.waitFor();
      expect(await progress.getAttribute("data-total")).toBe("3");
      await dialog.locator('[data-testid="backfill-progress"][data-finished="true"]').waitFor({ timeout: 30_000 });
      expect(await progress.getAttribute("data-done")).toBe("3");
      expect(await progress.locator("progress").evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([3, 3]);
      expect(await dialog.locator('[data-testid="backfill-counts"]').innerText()).toMatch(/^已完成 3\/3，失败 \d$/);
      const rows = dialog.locator('[data-testid="runs-table"] tr.table__row');
      await expect.poll(() => rows.count()).toBe(3);
      expect((await rows.allInnerTexts()).map((t) => /2026-11-0\d/.exec(t)?.[0])).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
      await page.screenshot({ path: join(SHOTS, "jobs-backfill-progress-desktop.png") });
      await dialog.locator('[data-testid="backfill-close"]').click();
      await dialog.waitFor({ state: "detached" });
    } finally {
      await b.close();
    }
  });

  it("alert settings are saved and shown again on edit (desktop and phone); the 作业 entry lights on a job's pages", async () => {
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    const lit = () => page.locator('[data-testid="sidebar"] a.nav__item--active').allInnerTexts();
    const checked = (name: string) => page.locator(`[data-testid="job-alerts"] .checkbox[data-value="${name}"]`).getAttribute("data-checked");
    const toggle = (name: string) => page.locator(`[data-testid="job-alerts"] .checkbox[data-value="${name}"] .checkbox__control`).click();
    const pick = async (fieldName: string, option: string) => {
      await page.locator(`[data-testid="job-alerts"] [data-field="${fieldName}"]`).click();
      await page.locator('[role="option"]', { hasText: option }).first().click();
      await page.keyboard.press("Escape");
    };
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs/new`);
      await page.locator('[data-testid="job-form"]').waitFor();
      expect(await lit()).toEqual(["作业"]);
      await field(page, "name").fill("alerted-job");
      await field(page, "command").fill("true");
      // the defaults: failure and timeout alert the owner
      expect(await checked("alert_on_failure")).not.toBeNull();
      expect(await checked("alert_owner")).not.toBeNull();
      await toggle("alert_on_timeout");
      await field(page, "alert_missed_start_s").fill("120");
      await field(page, "alert_consecutive").fill("1");
      await field(page, "alert_tail_factor").fill("2.5");
      await field(page, "alert_tail_window").fill("10");
      await pick("alert_users", "(lina)");
      await pick("alert_roles", "运营主管");
      await toggle("alert_owner");
      // out of range: refused at its field, nothing stored
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-alerts"] .field__error').first().waitFor();
      expect((await api("GET", "/jobs/alerted-job")).status).toBe(404);
      await field(page, "alert_consecutive").fill("3");
      await page.screenshot({ path: join(SHOTS, "jobs-form-alerts-desktop.png"), fullPage: true });
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      expect(await lit()).toEqual(["作业"]);

      const job = (await api<{ id: string; alerts: unknown }>("GET", "/jobs/alerted-job")).body.data;
      const lina = (await api<{ items: Array<{ id: string }> }>("GET", "/users?q=lina")).body.data.items[0]!;
      const roles = (await api<Array<{ id: string; name: string }> | { items: Array<{ id: string; name: string }> }>("GET", "/roles")).body.data;
      const manager = (Array.isArray(roles) ? roles : roles.items).find((r) => r.name === "运营主管")!;
      expect(job.alerts).toEqual({
        on_failure: true, on_timeout: false, missed_start_grace_s: 120, consecutive_failures: 3, long_tail: { factor: 2.5, window: 10 },
        recipients: { users: [lina.id], roles: [manager.id], owner: false },
      });

      await page.goto(`${server.url}/jobs/${job.id}/edit`);
      await page.locator('[data-testid="job-form"]').waitFor();
      expect(await lit()).toEqual(["作业"]);
      expect(await checked("alert_on_failure")).not.toBeNull();
      expect(await checked("alert_on_timeout")).toBeNull();
      expect(await checked("alert_owner")).toBeNull();
      expect(await field(page, "alert_missed_start_s").inputValue()).toBe("120");
      expect(await field(page, "alert_consecutive").inputValue()).toBe("3");
      expect(await field(page, "alert_tail_factor").inputValue()).toBe("2.5");
      expect(await field(page, "alert_tail_window").inputValue()).toBe("10");
      await expect.poll(() => page.locator('[data-testid="job-alerts"] [data-field="alert_users"]').innerText()).toContain("lina");
      expect(await page.locator('[data-testid="job-alerts"] [data-field="alert_roles"]').innerText()).toContain("运营主管");
      // saving again unchanged keeps every setting (PUT replaces the definition)
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      expect((await api<{ alerts: unknown }>("GET", `/jobs/${job.id}`)).body.data.alerts).toEqual(job.alerts);
    } finally {
      await b.close();
    }

    const phone = await openBrowser(PHONE);
    try {
      await signIn(phone.page, server.url, ADMIN.username, ADMIN.password);
      await phone.page.goto(`${server.url}/jobs/alerted-job/edit`);
      await phone.page.locator('[data-testid="job-alerts"]').waitFor();
      expect(await phone.page.locator('[data-testid="job-form"] [name="alert_consecutive"]').inputValue()).toBe("3");
      await phone.page.locator('[data-testid="job-alerts"]').scrollIntoViewIfNeeded();
      await phone.page.screenshot({ path: join(SHOTS, "jobs-form-alerts-phone.png") });
    } finally {
      await phone.close();
    }
  }, 90_000);

  it("a fixed-delay schedule: the form previews its first fire, a bad delay is refused at its field, the job page names it", async () => {
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/jobs/new`);
      await page.locator('[data-testid="job-form"]').waitFor();
      await field(page, "name").fill("delayed-job");
      await field(page, "command").fill("true");
      await pick(page, "schedule_kind", "固定延迟");
      await field(page, "delay_s").fill("0");
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-form"] .field__error').first().waitFor();
      expect((await api("GET", "/jobs/delayed-job")).status).toBe(404);
      await field(page, "delay_s").fill("90");
      // one fire is known (90 s from now); the later ones follow each run's end
      const fires = page.locator('[data-testid="next-fires"] [data-testid="next-fire"]');
      await expect.poll(() => fires.count()).toBe(1);
      const at = Date.parse((await fires.first().getAttribute("data-at"))!);
      expect(Math.abs(at - (Date.now() + 90_000))).toBeLessThan(30_000);
      expect(await page.locator('[data-testid="next-fires"]').innerText()).toContain("结束 90 秒后");
      await page.locator('[data-testid="job-save"]').click();
      await page.locator('[data-testid="job-detail"]').waitFor();
      expect(await page.locator('[data-testid="job-schedule"]').innerText()).toBe("上次运行结束 90 秒后");
      await expect.poll(() => page.locator('[data-testid="job-detail"] [data-testid="next-fire"]').count()).toBe(1);
      expect((await api<{ schedule: unknown }>("GET", "/jobs/delayed-job")).body.data.schedule).toEqual({ delay_s: 90 });
    } finally {
      await b.close();
    }
  });
});
