/**
 * The notification center end to end: lina keeps her inbox open on a phone, admin sends her a
 * notification through the API, it shows up live with the unread badge; reading it lowers the
 * badge; a changed channel preference survives a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Prefs = { order: string[]; defaults: { channels: Record<string, string>; digest: boolean } };

describe.skipIf(!HAS_DIST)("PWA: notification inbox, unread badge and preferences", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a notification sent to lina appears live, reading it lowers the badge, preferences persist", async () => {
    const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const users = await admin<{ items: Array<{ id: string; username: string }> }>("GET", "/users?q=lina");
    const linaId = users.body.data.items.find((u) => u.username === "lina")!.id;

    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, "lina", DEMO_PASSWORD);
      await page.locator('[data-testid="inbox-bell"]').click();
      await page.locator('[data-testid="inbox-page"]').waitFor();
      await page.locator('[data-testid="inbox-bell"][data-live="open"]').waitFor();
      const badge = page.locator('[data-testid="unread-badge"]');
      const before = (await badge.count()) ? Number(await badge.getAttribute("data-count")) : 0;

      const title = `磁盘告警 web-01 ${Date.now()}`;
      const sent = await admin("POST", "/notify/send", { type: "ops.disk_alert", recipients: [linaId], data: { title, body: "/var 使用率 91%" } });
      expect(sent.status).toBe(201);

      const item = page.locator('[data-testid="inbox-item"]', { hasText: title });
      await item.waitFor();
      expect(await item.getAttribute("data-read")).toBe("false");
      expect(await item.locator('[data-testid="inbox-type"]').innerText()).toBe("ops.disk_alert");
      await page.locator(`[data-testid="unread-badge"][data-count="${before + 1}"]`).waitFor();
      await page.screenshot({ path: `${SHOTS}/phone-inbox.png` });

      const [read] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/notifications\/[^/]+\/read/.test(r.url()) && r.request().method() === "POST"),
        item.locator(".inbox__button").click(),
      ]);
      expect(read.status()).toBe(200);
      await page.locator('[data-testid="inbox-item"][data-read="true"]', { hasText: title }).waitFor();
      if (before === 0) await badge.waitFor({ state: "detached" });
      else await page.locator(`[data-testid="unread-badge"][data-count="${before}"]`).waitFor();

      await page.locator('[data-testid="inbox-preferences"]').click();
      const form = page.locator('[data-testid="prefs-form"]');
      await form.waitFor();
      // Headless chromium answers the permission prompt with "denied" and has no push service:
      // the toggle must say so rather than fail. A real subscription is not testable here.
      const pushState = page.locator('[data-testid="push-state"]');
      await page.locator('[data-testid="push-state"]:not([data-state="checking"])').waitFor();
      if ((await pushState.getAttribute("data-state")) === "off") await page.locator('[data-testid="push-toggle"] .switch__control').click();
      await page.locator('[data-testid="push-state"]:is([data-state="denied"], [data-state="unsupported"], [data-state="error"])').waitFor();
      expect(await page.locator('[data-testid="push-toggle"] .switch').getAttribute("data-checked")).toBeNull();

      const defaults = form.locator('[data-testid="pref-row"][data-type="*"]');
      await defaults.locator('[data-field="*.email"]').click();
      await page.getByRole("option", { name: "关闭" }).click();
      await defaults.locator('.checkbox[data-value="*.digest"] .checkbox__control').click();
      await form.locator('[data-testid="pref-order"] li[data-channel="push"] button[aria-label="上移"]').click();
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/notifications/preferences") && r.request().method() === "PUT"),
        form.locator('[data-testid="prefs-save"]').click(),
      ]);
      expect(saved.status()).toBe(200);

      await page.reload();
      await form.waitFor();
      expect(await defaults.locator('[data-field="*.email"]').innerText()).toContain("关闭");
      expect(await defaults.locator('.checkbox[data-value="*.digest"]').getAttribute("data-checked")).not.toBeNull();
      expect(await form.locator('[data-testid="pref-order"] li').first().getAttribute("data-channel")).toBe("push");

      const lina = await apiAs(server.url, "lina", DEMO_PASSWORD);
      const prefs = await lina<Prefs>("GET", "/notifications/preferences");
      expect(prefs.body.data.defaults).toMatchObject({ channels: { email: "off" }, digest: true });
      expect(prefs.body.data.order[0]).toBe("push");
    } finally {
      await b.close();
    }
  }, 90_000);

  it("reopens the live stream with a refreshed token after its token went stale", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      // The page's own clock, still running: the reopen waits with backoff (doubling on every failed
      // attempt while the stream is held off below, up to 30 s), and fast-forwarding it below fires
      // the pending reopen at once however long a loaded machine took to sign in.
      await page.clock.install();
      // Keep the stream from connecting while the stored access token is spoiled.
      await page.route("**/api/v1/notifications/stream?*", (route) => route.abort());
      await signIn(page, server.url, "lina", DEMO_PASSWORD);
      await page.evaluate(() => {
        const tokens = JSON.parse(localStorage.getItem("ops.tokens") ?? "{}") as { access_token?: string };
        localStorage.setItem("ops.tokens", JSON.stringify({ ...tokens, access_token: "stale" }));
      });
      const refreshed = page.waitForRequest((r) => r.url().includes("/api/v1/auth/refresh"));
      // After the refresh: a new ticket, then the stream opened with it.
      const ticketed = refreshed.then(() => page.waitForRequest((r) => r.url().includes("/notifications/stream-tickets")));
      const reopened = ticketed.then(() => page.waitForRequest((r) => r.url().includes("/notifications/stream?")));
      await page.unroute("**/api/v1/notifications/stream?*");
      await page.clock.fastForward(30_000);
      await refreshed;
      // A fresh one-use ticket (asked for with the refreshed token) opens the stream; no token in the URL.
      expect((await ticketed).headers().authorization).toMatch(/^Bearer ey/);
      expect((await reopened).url()).toMatch(/\?ticket=[\w-]{20,}/);
      expect((await reopened).url()).not.toContain("access_token");
      await page.locator('[data-testid="inbox-bell"][data-live="open"]').waitFor();
    } finally {
      await b.close();
    }
  }, 60_000);
});
