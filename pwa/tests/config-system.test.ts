/**
 * The config center's built-in system tables in a real browser: the admin sees them under 配置中心 with a 系统
 * badge, fills the SMTP settings (the password is a password input that says 未设置, then 已设置, and is never
 * shown again), and a 运营主管 without 修改安全设置 does not see them at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, signIn, SHOTS, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const hint = (name: string) => `.field:has([name="${name}"]) .field__hint`;

describe.skipIf(!HAS_DIST)("PWA: config center system settings", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("shows the system tables with a 系统 badge and the SMTP password as 未设置 → 已设置, never in clear", async () => {
    const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/config`);
      await page.locator('[data-testid="config-tables-page"]').waitFor();
      const smtpRow = page.locator('[data-testid="config-table-open"][data-table="system-smtp"]');
      await smtpRow.waitFor();
      expect(await smtpRow.locator('[data-testid="config-system-badge"]').textContent()).toBe("系统");
      for (const name of ["system-im", "system-security"]) {
        expect(await page.locator(`[data-testid="config-table-open"][data-table="${name}"] [data-testid="config-system-badge"]`).count()).toBe(1);
      }
      // the built-ins cannot be redesigned (the demo's own tables can)
      const design = (table: string) => page.locator("tr").filter({ has: page.locator(`[data-table="${table}"]`) }).locator('[data-testid="config-table-design"]');
      expect(await design("system-smtp").count()).toBe(0);
      const own = await page.locator('[data-testid="config-table-open"]:not([data-table^="system-"])').first().getAttribute("data-table");
      expect(await design(own!).count()).toBe(1);

      await smtpRow.click();
      await page.locator('[data-testid="config-records-page"]').waitFor();
      await page.locator('[data-testid="config-system-badge"]').waitFor();
      await page.locator('[data-testid="record-create"]').click();
      await page.locator('[data-testid="config-record-form"]').waitFor();
      const password = page.locator('input[name="values.password"]');
      expect(await password.getAttribute("type")).toBe("password");
      expect(await page.locator(hint("values.password")).textContent()).toContain("未设置");
      await page.locator('input[name="values.host"]').fill("smtp.example.com");
      await password.fill("s3cret-smtp");
      expect(await page.locator(hint("values.password")).textContent()).toContain("保存后生效");
      await page.locator('textarea[name="reason"]').fill("发信服务器");
      await page.locator('[data-testid="record-save"]').click();
      await page.locator('[data-testid="record-open"][data-key="default"]').waitFor();
      expect(await page.locator('[data-testid="config-records-table"] [data-col="password"]').first().textContent()).toBe("已设置");
      expect(await page.locator('[data-testid="config-records-table"] [data-col="user"]').first().textContent()).toBe("—");
      expect(await page.content()).not.toContain("s3cret-smtp");

      await page.locator('[data-testid="record-open"][data-key="default"]').click();
      await page.locator('[data-testid="config-record-form"]').waitFor();
      expect(await page.locator(hint("values.password")).textContent()).toContain("已设置");
      expect(await password.inputValue()).not.toContain("s3cret");
      await page.screenshot({ path: join(SHOTS, "config-system-smtp.png"), fullPage: true });
      const stored = (await admin<{ values: Record<string, unknown> }>("GET", "/config/tables/system-smtp/records/default")).body.data;
      expect(stored.values).toMatchObject({ host: "smtp.example.com", password: "••••••" });
    } finally {
      await b.close();
    }
  });

  it("hides them from a 运营主管 without 修改安全设置", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, "zhangwei", DEMO_PASSWORD);
      await page.goto(`${server.url}/config`);
      await page.locator('[data-testid="config-tables-page"]').waitFor();
      await page.locator('[data-testid="config-table-open"]').first().waitFor();
      expect(await page.locator('[data-testid="config-system-badge"]').count()).toBe(0);
      expect(await page.locator('[data-testid="config-table-open"][data-table^="system-"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  });
});
