/**
 * Notification webhooks and WeCom group robots in the browser (/notify/webhooks): a robot with a bad @ mobile gets the
 * API's error under the mentions field, then is created against the robot stand-in and listed with its key masked
 * (no secret shown); a generic webhook shows its signing secret once and is deleted after a confirm. A new alert rule
 * picks the robot among its recipients (企业微信群机器人) and saves it; the editor shows it by name when reopened, and
 * by id (no picker) to a monitor:view reader without notify:manage.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeWecomRobot, type FakeWecomRobot } from "../../scripts/fakes/wecom-robot.ts";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, pick, signIn, skipMessage, startServer, type SystemServer, type TestBrowser } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
type Hook = { id: string; name: string; kind: string; url: string; secret?: string };

describe.skipIf(!HAS_DIST)("PWA notification webhooks and group robots", () => {
  let server: SystemServer;
  let robot: FakeWecomRobot;
  let admin: Api;
  let browser: TestBrowser;
  let page: Page;
  const ROBOT = "运维值班群";
  let ruleId = "";
  let robotIdOfRule = "";
  const row = (name: string) => page.locator('[data-testid="nwh-table"] tr.table__row').filter({ hasText: name });

  beforeAll(async () => {
    // the stand-ins listen on 127.0.0.1: private targets are refused unless allowed
    server = await startServer({ env: { OPS_WEBHOOK_ALLOW_PRIVATE: "1" } });
    robot = startFakeWecomRobot();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    browser = await openBrowser(DESKTOP);
    page = browser.page;
    await signIn(page, server.url, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await robot?.close();
    await server?.close();
  });

  async function openDialog(kind: "generic" | "wecom", name: string, url: string) {
    await page.locator('[data-testid="nwh-new"]').click();
    const dialog = page.locator('[data-testid="nwh-dialog"]');
    await dialog.locator(`[data-testid="nwh-kind-${kind}"]`).check();
    await dialog.locator('input[name="name"]').fill(name);
    await dialog.locator('input[name="url"]').fill(url);
    await dialog.locator('textarea[name="types"]').fill("monitor.alert, approval.pending");
    return dialog;
  }

  it("creates a WeCom robot (a bad @ mobile first comes back under its field) and lists it masked, without a secret", async () => {
    await page.goto(`${server.url}/notify/webhooks`);
    await page.locator('[data-testid="notify-webhooks-page"]').waitFor();
    const dialog = await openDialog("wecom", ROBOT, robot.url);
    await dialog.locator('textarea[name="mentions"]').fill("13800138000\nnot-a-phone");
    await dialog.locator('[data-testid="nwh-create"]').click();
    const mentionsError = dialog.locator('.field:has(textarea[name="mentions"]) .field__error');
    await mentionsError.waitFor();
    expect((await mentionsError.textContent())?.trim()).not.toBe("");

    await dialog.locator('textarea[name="mentions"]').fill("13800138000");
    await dialog.locator('[data-testid="nwh-create"]').click();
    await dialog.waitFor({ state: "detached" });
    const listed = row(ROBOT).first();
    await listed.waitFor();
    const url = (await listed.locator('[data-col="url"]').textContent()) ?? "";
    expect(url).toContain("/cgi-bin/webhook/send?key=test••••");
    expect(url).not.toContain("test-robot-key");
    await expect(listed.locator('[data-col="kind"]').textContent()).resolves.toBe("企业微信群机器人");
    await expect(listed.locator('[data-col="mentions"]').textContent()).resolves.toBe("13800138000");
    expect(await page.locator('[data-testid="nwh-secret"]').count()).toBe(0);
    const hooks = await admin<Hook[]>("GET", "/notify/webhooks");
    expect(hooks.body.data.find((h) => h.name === ROBOT)).toMatchObject({ kind: "wecom", mentions: ["13800138000"], types: ["monitor.alert", "approval.pending"] });
  });

  it("shows a generic webhook's secret once, then deletes it after a confirm", async () => {
    const name = "工单系统";
    const dialog = await openDialog("generic", name, `${new URL(robot.url).origin}/ops-hook`);
    await dialog.locator('[data-testid="nwh-create"]').click();
    const secret = page.locator('[data-testid="nwh-secret-value"]');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^whsec_/);
    await page.locator('[data-testid="nwh-secret-close"]').click();
    await secret.waitFor({ state: "detached" });
    const listed = row(name).first();
    await listed.waitFor();
    await expect(listed.locator('[data-col="kind"]').textContent()).resolves.toBe("通用 Webhook");
    // the list never carries a secret
    const hooks = await admin<Hook[]>("GET", "/notify/webhooks");
    expect(hooks.body.data.every((h) => h.secret === undefined)).toBe(true);

    await listed.locator('[data-testid="nwh-delete"]').click();
    await page.locator('[data-testid="confirm-dialog"] .dialog__footer button').last().click();
    await listed.waitFor({ state: "detached" });
    expect((await admin<Hook[]>("GET", "/notify/webhooks")).body.data.map((h) => h.name)).toEqual([ROBOT]);
  });

  it("picks the robot among a new alert rule's recipients and saves it", async () => {
    const hooks = await admin<Hook[]>("GET", "/notify/webhooks");
    const robotId = hooks.body.data.find((h) => h.name === ROBOT)!.id;
    await page.goto(`${server.url}/monitor/rules/new`);
    const form = page.locator('[data-testid="rule-form"]');
    await form.waitFor();
    const name = `机器人告警 ${Date.now().toString(36)}`;
    await form.locator('input[name="name"]').fill(name);
    await form.locator('[data-field="metric"]').click();
    await page.locator('[role="option"][data-metric="api.error_rate"]').click();
    await form.locator('input[name="threshold"]').fill("5");
    await pick(page, "recipients.robots", ROBOT);
    await page.keyboard.press("Escape");
    await form.locator('[data-testid="rule-save"]').click();
    await page.waitForURL(/\/monitor\/rules\/(?!new)[^/]+$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const saved = await admin<{ recipients: { robots?: string[] } }>("GET", `/alert-rules/${id}`);
    expect(saved.body.data.recipients.robots).toEqual([robotId]);

    await page.reload();
    await expect(page.locator('[data-field="recipients.robots"]').textContent()).resolves.toContain(ROBOT);
    ruleId = id;
    robotIdOfRule = robotId;
  });

  it("shows the rule's robots by id, without the picker, to a reader who may not list robots (运营专员 lina)", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      await signIn(b.page, server.url, "lina", DEMO_PASSWORD);
      await b.page.goto(`${server.url}/monitor/rules/${ruleId}`);
      const robots = b.page.locator('[data-testid="robots-recipients"]');
      await robots.waitFor();
      await expect(robots.textContent()).resolves.toContain(robotIdOfRule);
      await expect(robots.textContent()).resolves.toContain("你无权查看机器人列表");
      expect(await b.page.locator('[data-field="recipients.robots"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  });
});
