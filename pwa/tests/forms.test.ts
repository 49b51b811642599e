/**
 * Forms and messages (issue 8.5): one toast per failed save, required fields marked before
 * submit, the password hint listing every rule in force, a department's leader.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, DESKTOP, HAS_DIST, openBrowser, signIn, startServer, type TestServer } from "./browser-harness.ts";

/** After the next two animation frames: toasts rendered in the same turn are all in the DOM. */
const settle = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

describe.skipIf(!HAS_DIST)("PWA: forms and messages", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a failing save shows exactly one toast", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click();
      await page.locator('[data-testid="user-create"]').click();
      const dialog = page.locator('[data-testid="user-dialog"]');
      await dialog.locator('input[name="username"]').fill("lina");
      await dialog.locator('input[name="display_name"]').fill("重名测试");
      const submit = async () => {
        const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/users") && r.request().method() === "POST"), dialog.locator('button[type="submit"]').click()]);
        expect(res.status()).toBeGreaterThanOrEqual(400);
        await page.locator('[data-testid="toasts"] .toast').first().waitFor();
        await settle(page);
      };
      const toasts = page.locator('[data-testid="toasts"] .toast');
      await submit();
      expect(await toasts.count()).toBe(1);
      // saving again with the same mistake replaces the notice instead of stacking a second copy
      await submit();
      expect(await toasts.count()).toBe(1);
      expect(await page.locator('[data-testid="toasts"]').count()).toBe(1);
    } finally {
      await b.close();
    }
  }, 90_000);
});
