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
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

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

  it("an invalid cron is shown at the cron field and nothing is created", async () => {
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
});
