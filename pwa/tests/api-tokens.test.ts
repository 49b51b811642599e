/**
 * API 令牌 page: admin creates a read token (scopes picked from the read permissions and the config
 * tables), sees it once, the token reads what its scope allows; revoked after a confirm, the next
 * request with it gets 401. lina (no iam:token:manage) has no menu entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

describe.skipIf(!HAS_DIST)("PWA: API tokens, shown once, revoked", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("admin creates a token, sees it once, it reads its scope, then revoked it gets 401", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('a[href="/api-tokens"]').first().click();
      await page.locator('[data-testid="api-tokens-page"]').waitFor();
      await page.locator('[data-testid="token-new"]').click();
      const dialog = page.locator('[data-testid="token-dialog"]');
      await dialog.locator('input[name="name"]').fill("erp-reader");
      await dialog.locator('[data-testid="token-scopes"] .checkbox[data-value="jobs:view"] .checkbox__control').click();
      await dialog.locator('[data-testid="token-scopes"] .checkbox[data-value="config:read:*"] .checkbox__control').click();
      await dialog.locator('input[name="labels"]').fill("prod, east");
      await dialog.locator('[data-testid="token-create"]').click();
      const secret = (await page.locator('[data-testid="token-secret-value"]').innerText()).trim();
      expect(secret).toMatch(/^opst_/);
      await page.locator('[data-testid="token-secret-close"]').click();
      const row = page.locator('[data-testid="token-table"] tr', { hasText: "erp-reader" });
      await row.waitFor();
      expect(await row.locator('[data-col="scopes"]').innerText()).toContain("jobs:view");
      expect(await row.locator('[data-col="state"]').getAttribute("data-state")).toBe("active");
      expect(await page.content()).not.toContain(secret);

      const read = () => fetch(`${server.url}/api/v1/jobs`, { headers: { authorization: `Bearer ${secret}` } });
      expect((await read()).status).toBe(200);

      await row.locator('[data-testid="token-revoke"]').click();
      await page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click();
      await expect.poll(() => row.locator('[data-col="state"]').getAttribute("data-state"), { timeout: 10_000 }).toBe("revoked");
      expect((await read()).status).toBe(401);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("is not offered to lina", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      await signIn(b.page, server.url, "lina", DEMO_PASSWORD);
      expect(await b.page.locator('a[href="/api-tokens"]').count()).toBe(0);
    } finally {
      await b.close();
    }
  }, 60_000);
});
