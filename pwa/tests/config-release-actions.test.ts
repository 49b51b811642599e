/**
 * Config center actions in the PWA beyond the happy path: the change sets' own menu entry (config:view), the
 * author withdrawing a pending change set (phone), emergency publish by a config:emergency holder after a reason
 * and a warning (desktop; a publisher without it has no button), and a gray release on the releases page aborted
 * with a reason (desktop, the consumer falls back to the full release) and another promoted to full (phone).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
type ChangeSet = { id: string; status: string; emergency: boolean };

const table = (name: string, display: string, needsApproval: boolean) => ({
  name, display_name: display, description: "", key_field: "code", needs_approval: needsApproval,
  fields: [{ key: "code", type: "text", label: "编码", required: true, unique: true }, { key: "value", type: "text", label: "值" }],
});

async function ok<T = unknown>(call: ReturnType<Api>, status: number[]): Promise<T> {
  const res = await call;
  expect(status, JSON.stringify(res.body)).toContain(res.status);
  return res.body.data as T;
}

/** Opens a change set from the list the menu entry leads to, in one of its boxes (waiting for me, mine, all). */
async function openFromList(page: Page, box: "mine" | "all", reason: string): Promise<void> {
  await page.locator(`[data-testid="cs-box-${box}"]`).click();
  await page.waitForURL(new RegExp(`box=${box}`));
  const row = page.locator('[data-testid="change-set-table"] tr', { hasText: reason });
  await row.waitFor();
  await row.locator('[data-col="reason"]').click();
  await page.locator('[data-testid="change-set-page"] [data-testid="cs-status"]').waitFor();
}

describe.skipIf(!HAS_DIST)("PWA: change sets menu, withdraw, emergency publish, gray abort and promote", () => {
  let server: TestServer;
  let admin: Api;
  let liu: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    liu = await apiAs(server.url, "liuyang", DEMO_PASSWORD);
    await ok(admin("POST", "/config/tables", table("act-rates", "动作费率", true)), [201]);
    await ok(admin("POST", "/config/tables", table("act-flags", "动作开关", false)), [201]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("phone: the author reaches change sets from the menu and withdraws a pending one; nothing is applied", async () => {
    const set = await ok<ChangeSet>(liu("POST", "/config/tables/act-rates/records", { values: { code: "fee", value: "0.5" }, reason: "撤回用的变更" }), [202]);
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await signIn(page, server.url, "liuyang", DEMO_PASSWORD);
      await page.locator('[data-testid="nav-toggle"]').click();
      const drawer = page.locator('[data-testid="nav-drawer"]');
      const entry = drawer.locator('a[data-menu="config:view"]');
      expect(await entry.innerText()).toContain("配置变更单");
      await entry.click();
      await page.waitForURL(/\/config\/change-sets/);
      await page.locator('[data-testid="change-sets-page"]').waitFor();
      await openFromList(page, "mine", "撤回用的变更");
      expect(await page.locator('[data-testid="cs-status"]').getAttribute("data-status")).toBe("pending");
      // a developer has no emergency publish
      expect(await page.locator('[data-testid="cs-emergency"]').count()).toBe(0);
      await page.locator('[data-testid="cs-withdraw"]').click();
      await page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click();
      await page.locator('[data-testid="toasts"] .toast', { hasText: "撤回" }).waitFor();
      await expect.poll(() => page.locator('[data-testid="cs-status"]').getAttribute("data-status")).toBe("withdrawn");
      expect(await page.locator('[data-testid="cs-withdraw"]').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/phone-config-change-set-withdrawn.png`, fullPage: true });
    } finally {
      await b.close();
    }
    expect((await ok<ChangeSet>(admin("GET", `/config/change-sets/${set.id}`), [200])).status).toBe("withdrawn");
    expect((await admin("GET", "/config/tables/act-rates/records/fee")).status).toBe(404);
  }, 60_000);

  it("desktop: the menu entry lights on change sets; config:emergency publishes a pending set after a reason, a publisher without it cannot", async () => {
    const set = await ok<ChangeSet>(liu("POST", "/config/tables/act-rates/records", { values: { code: "fee", value: "0.7" }, reason: "紧急费率" }), [202]);
    const zhang = await openBrowser(DESKTOP);
    try {
      const { page } = zhang;
      await signIn(page, server.url, "zhangwei", DEMO_PASSWORD);
      await page.goto(`${server.url}/config/change-sets/${set.id}`);
      await page.locator('[data-testid="cs-status"][data-status="pending"]').waitFor();
      expect(await page.locator('[data-testid="cs-emergency"]').count()).toBe(0);
    } finally {
      await zhang.close();
    }

    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      const sidebar = page.locator('[data-testid="sidebar"]');
      await sidebar.locator('a[data-menu="config:view"]').click();
      await page.locator('[data-testid="change-sets-page"]').waitFor();
      expect(await sidebar.locator('a[data-menu="config:view"]').getAttribute("class")).toContain("nav__item--active");
      expect(await sidebar.locator('a[data-menu="menu:config"]').getAttribute("class")).not.toContain("nav__item--active");
      await openFromList(page, "all", "紧急费率");
      await page.locator('[data-testid="cs-emergency"]').click();
      const dialog = page.locator('[data-testid="emergency-dialog"]');
      await dialog.locator('[role="alert"]').waitFor();
      // no reason, no publish
      await dialog.locator('[data-testid="emergency-dialog-confirm"]').click();
      expect(await dialog.locator('textarea[name="reason"]:invalid').count()).toBe(1);
      await dialog.locator('textarea[name="reason"]').fill("线上故障，来不及审批");
      await dialog.locator('[data-testid="emergency-dialog-confirm"]').click();
      await expect.poll(() => page.locator('[data-testid="cs-status"]').getAttribute("data-status"), { timeout: 10_000 }).toBe("released");
      await page.locator('[data-testid="cs-facts"] .badge--danger').waitFor();
      await page.locator('[data-testid="cs-release"]').waitFor();
      await page.screenshot({ path: `${SHOTS}/config-change-set-emergency.png`, fullPage: true });
    } finally {
      await b.close();
    }
    expect(await ok(admin("GET", "/config/change-sets/" + set.id), [200])).toMatchObject({ status: "released", emergency: true });
    expect(await ok(admin("GET", "/config/tables/act-rates/records/fee"), [200])).toMatchObject({ values: { value: "0.7" } });
    const audit = await ok<{ items: Array<{ status: number; resource_id: string | null; actor_name: string }> }>(admin("GET", "/audit/logs?module=config&action=change-sets.emergency-publish"), [200]);
    expect(audit.items.find((r) => r.resource_id === set.id)).toMatchObject({ status: 200, actor_name: "admin" });
  }, 60_000);

  it("desktop aborts a gray release with a reason (the consumer is back on the full release); phone promotes the next one", async () => {
    await ok(admin("POST", "/config/tables/act-flags/records", { values: { code: "beta", value: "off" }, reason: "建开关" }), [201]);
    await ok(admin("PATCH", "/config/tables/act-flags/records/beta", { values: { value: "on" }, reason: "打开" }), [200]);
    const read = (consumer: string) => ok<{ release: number; gray: boolean; records: Array<{ values: { value: string } }> }>(admin("GET", `/config/act-flags/published?consumer=${consumer}`), [200]);
    const full = (await read("erp-b")).release;

    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/config/act-flags/releases`);
      const form = page.locator('[data-testid="release-form"]');
      await form.locator(".switch__control").click();
      await form.locator('input[name="consumers"]').fill("erp-b");
      await form.locator('[data-testid="release-submit"]').click();
      const gray = full + 1;
      await page.locator(`[data-testid="gray-panel"][data-release="${gray}"]`).waitFor();
      expect(await read("erp-b")).toMatchObject({ release: gray, gray: true });
      expect(await read("erp-c")).toMatchObject({ release: full, gray: false });

      await page.locator('[data-testid="gray-abort"]').click();
      const dialog = page.locator('[data-testid="abort-dialog"]');
      await dialog.locator('textarea[name="reason"]').fill("灰度发现问题");
      await dialog.locator('[data-testid="abort-dialog-confirm"]').click();
      await page.locator('[data-testid="gray-panel"]').waitFor({ state: "detached" });
      const aborted = page.locator(`[data-testid="releases-table"] tr[data-key="${gray}"] [data-col="status"]`);
      await expect.poll(() => aborted.getAttribute("data-status"), { timeout: 10_000 }).toBe("aborted");
      expect(await read("erp-b")).toMatchObject({ release: full, gray: false });
      await page.screenshot({ path: `${SHOTS}/config-releases-aborted.png`, fullPage: true });
    } finally {
      await b.close();
    }
    const audit = await ok<{ items: unknown[] }>(admin("GET", "/audit/logs?module=config&action=releases.abort"), [200]);
    expect(audit.items).toHaveLength(1);

    const phone = await openBrowser(PHONE);
    try {
      const { page } = phone;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/config/act-flags/releases`);
      const form = page.locator('[data-testid="release-form"]');
      await form.locator(".switch__control").click();
      await form.locator('input[name="labels"]').fill("canary");
      await form.locator('[data-testid="release-submit"]').click();
      const next = full + 2;
      await page.locator(`[data-testid="gray-panel"][data-release="${next}"]`).waitFor();
      expect(await page.locator('[data-testid="gray-spec"]').innerText()).toContain("canary");
      await page.screenshot({ path: `${SHOTS}/phone-config-releases-gray.png`, fullPage: true });
      await page.locator('[data-testid="gray-promote"]').click();
      await page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click();
      await page.locator('[data-testid="gray-panel"]').waitFor({ state: "detached" });
      const promoted = page.locator(`[data-testid="releases-table"] tr[data-key="${next}"] [data-col="status"]`);
      await expect.poll(() => promoted.getAttribute("data-status"), { timeout: 10_000 }).toBe("full");
    } finally {
      await phone.close();
    }
    expect(await read("erp-c")).toMatchObject({ release: full + 2, gray: false });
  }, 90_000);
});
