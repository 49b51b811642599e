/**
 * Offline shell: once the service worker has precached the app, a reload without network
 * still renders the signed-in shell, and data calls say "offline" instead of hanging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, startServer, type TestServer } from "./browser-harness.ts";

describe.skipIf(!HAS_DIST)("PWA: offline shell", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("renders the shell offline after a reload, and data pages show the offline message", async () => {
    const b = await openBrowser(PHONE);
    const { page, context } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // autoUpdate: the worker takes control as soon as it has installed (precached) the app
      await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === "activated");

      await context.setOffline(true);
      await page.reload();
      await page.locator('[data-testid="app-shell"]').waitFor();
      await page.locator('[data-testid="offline-banner"]').waitFor();
      expect(await page.locator('[data-testid="bottom-nav"] a[data-menu="menu:iam:users"]').isVisible()).toBe(true);

      await page.locator('[data-testid="bottom-nav"] a[data-menu="menu:iam:users"]').click();
      const message = page.locator('[data-testid="offline-message"]');
      await message.waitFor();
      expect(await message.innerText()).toContain("离线");
      await page.screenshot({ path: `${SHOTS}/phone-offline.png` });

      // back online: retry loads the data
      await context.setOffline(false);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/users?") && r.status() === 200),
        message.getByRole("button").click(),
      ]);
      await page.locator('[data-testid="users-table"]').waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);
});
