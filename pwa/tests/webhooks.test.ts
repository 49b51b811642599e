/**
 * Webhooks admin page: admin creates a subscription (a bad URL is refused under the field first),
 * sees the secret once, finds a queued delivery after an approval starts, replays it, rotates the
 * secret; lina (no webhooks:manage) has no menu entry and the page answers 403 for her.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

describe.skipIf(!HAS_DIST)("PWA: webhook subscriptions, the secret shown once, deliveries and replay", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("admin creates, sees the secret once, replays a delivery and rotates the secret", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/webhooks`);
      await page.locator('[data-testid="webhooks-page"]').waitFor();
      await page.locator('[data-testid="webhook-new"]').click();
      const dialog = page.locator('[data-testid="webhook-dialog"]');
      await dialog.locator('input[name="name"]').fill("ERP");
      await dialog.locator('input[name="url"]').fill("ftp://hooks.example.com/in");
      await dialog.locator('[data-testid="webhook-create"]').click();
      await dialog.getByText("只支持 http:// 或 https:// 地址").waitFor();
      await dialog.locator('input[name="url"]').fill("https://hooks.example.com/in");
      await dialog.locator('[data-testid="webhook-create"]').click();
      const secret = await page.locator('[data-testid="webhook-secret-value"]').innerText();
      expect(secret).toMatch(/^whsec_/);
      await page.locator('[data-testid="webhook-secret"] button', { hasText: "关闭" }).click();
      await page.locator('[data-testid="webhook-table"]', { hasText: "ERP" }).waitFor();
      expect(await page.content()).not.toContain(secret);

      // An approval starts: its events are queued for the subscription (no worker runs here, so they stay queued).
      const asLina = await apiAs(server.url, "lina", DEMO_PASSWORD);
      const started = await asLina("POST", "/approvals", { definition: "leave", title: "年假", form: { leave_type: "年假", dates: ["2026-12-10", "2026-12-11"], days: 2, reason: "休假" } });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      await page.reload();
      await page.locator('[data-testid="webhook-deliveries-open"]').click();
      const rows = page.locator('[data-testid="webhook-delivery-table"] [data-col="event"]');
      await rows.first().waitFor();
      const before = await rows.count();
      expect(await page.locator('[data-testid="webhook-delivery-table"] [data-col="event"]', { hasText: "approval.started" }).count()).toBe(1);
      await page.locator('[data-testid="webhook-replay"]').first().click();
      await page.locator('[data-testid="toasts"] .toast', { hasText: "已重新排队投递" }).waitFor();
      await expect.poll(() => rows.count()).toBe(before + 1);

      await page.locator('[data-testid="webhook-rotate"]').click();
      await page.getByRole("button", { name: "确定" }).click();
      const rotated = await page.locator('[data-testid="webhook-secret-value"]').innerText();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);
    } finally {
      await b.close();
    }
  });

  it("is not offered to lina, and the API refuses her", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      await signIn(b.page, server.url, "lina", DEMO_PASSWORD);
      expect(await b.page.locator('a[href="/webhooks"]').count()).toBe(0);
      const asLina = await apiAs(server.url, "lina", DEMO_PASSWORD);
      expect((await asLina("GET", "/webhooks")).status).toBe(403);
    } finally {
      await b.close();
    }
  });
});
