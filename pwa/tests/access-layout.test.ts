/**
 * What a user sees: the menu and buttons follow permissions (lina is a DEPT-scoped 运营专员),
 * phones get the top bar + bottom tabs + drawer, desktops the sidebar, and the en switch
 * changes the whole UI and sticks across reloads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, startServer, type TestServer } from "./browser-harness.ts";

const usersLoaded = (url: string) => url.includes("/api/v1/users?");

describe.skipIf(!HAS_DIST)("PWA: permissions, layouts, language", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lina (运营专员, DEPT scope) has no Roles menu and no create-user button; admin has both", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, "lina", DEMO_PASSWORD);
      const sidebar = page.locator('[data-testid="sidebar"]');
      await sidebar.locator('a[data-menu="menu:iam:users"]').waitFor();
      expect(await sidebar.locator('a[data-menu="menu:iam:roles"]').count()).toBe(0);
      expect(await sidebar.locator('a[data-menu="menu:audit:logs"]').count()).toBe(0);
      expect(await sidebar.locator('a[data-menu="menu:iam:settings"]').count()).toBe(0);

      const [list] = await Promise.all([page.waitForResponse((r) => usersLoaded(r.url())), sidebar.locator('a[data-menu="menu:iam:users"]').click()]);
      expect(list.status()).toBe(200);
      await page.locator('[data-testid="users-table"]').waitFor();
      expect(await page.locator('[data-testid="user-create"]').count()).toBe(0);
      // DEPT scope: only 运营一部 people are listed
      const depts = await page.locator('[data-testid="users-table"] td[data-label="部门"]').allInnerTexts();
      expect(depts.length).toBeGreaterThan(0);
      expect(new Set(depts)).toEqual(new Set(["运营一部"]));
      await page.screenshot({ path: `${SHOTS}/desktop-lina-users.png` });

      // a page outside the menu shows a notice rather than failing calls
      await page.goto(`${server.url}/iam/roles`);
      await page.locator('[data-testid="forbidden"]').waitFor();

      await page.locator('[data-testid="logout"]').click();
      await page.locator('[data-testid="login-form"]').waitFor();
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await Promise.all([page.waitForResponse((r) => usersLoaded(r.url())), page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click()]);
      await page.locator('[data-testid="user-create"]').waitFor();
      expect(await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:roles"]').count()).toBe(1);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("phone (390×844): top bar, bottom tabs and a drawer menu; rows become cards", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      expect(await page.locator('[data-testid="bottom-nav"]').isVisible()).toBe(true);
      expect(await page.locator('[data-testid="nav-toggle"]').isVisible()).toBe(true);
      expect(await page.locator('[data-testid="sidebar"]').isVisible()).toBe(false);
      await page.screenshot({ path: `${SHOTS}/phone-home.png` });

      await page.locator('[data-testid="nav-toggle"]').click();
      const drawer = page.locator('[data-testid="nav-drawer"]');
      await drawer.waitFor();
      expect(await drawer.locator('a[data-menu="menu:iam:roles"]').isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/phone-drawer.png`, animations: "disabled" });
      await Promise.all([page.waitForResponse((r) => usersLoaded(r.url())), drawer.locator('a[data-menu="menu:iam:users"]').click()]);
      await drawer.waitFor({ state: "detached" });
      await page.locator('[data-testid="users-table"] tr.table__row').first().waitFor();
      // cards: no header row, each cell carries its column label
      expect(await page.locator('[data-testid="users-table"] thead').isVisible()).toBe(false);
      const row = page.locator('[data-testid="users-table"] tr.table__row').first();
      expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe("flex");
      await page.screenshot({ path: `${SHOTS}/phone-users.png`, fullPage: true });
    } finally {
      await b.close();
    }
  }, 90_000);

  it("desktop: sidebar, no bottom tabs, rows in a table", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      expect(await page.locator('[data-testid="sidebar"]').isVisible()).toBe(true);
      expect(await page.locator('[data-testid="bottom-nav"]').isVisible()).toBe(false);
      expect(await page.locator('[data-testid="nav-toggle"]').isVisible()).toBe(false);
      await Promise.all([page.waitForResponse((r) => usersLoaded(r.url())), page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click()]);
      await page.locator('[data-testid="users-table"] tr.table__row').first().waitFor();
      expect(await page.locator('[data-testid="users-table"] thead').isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/desktop-users.png` });
    } finally {
      await b.close();
    }
  }, 90_000);

  it("switching to en changes the UI and the API messages, and survives a reload", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await page.goto(`${server.url}/login`);
      await page.locator('[data-testid="login-submit"]', { hasText: "登录" }).waitFor();
      await page.locator('[data-testid="lang-switch"]').click();
      await page.locator('[data-testid="login-submit"]', { hasText: "Sign in" }).waitFor();

      // a failed sign-in: the API answers in the chosen language
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("admin");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill("wrong-password");
      await page.locator('[data-testid="login-submit"]').click();
      const alert = page.locator('[data-testid="login-error"]');
      await alert.waitFor();
      expect(await alert.innerText()).not.toMatch(/[\u4e00-\u9fff]/);

      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      const sidebar = page.locator('[data-testid="sidebar"]');
      expect(await sidebar.locator('a[data-menu="menu:iam:users"]').innerText()).toBe("Users");
      expect(await sidebar.locator('a[data-menu="menu:iam:roles"]').innerText()).toBe("Roles");
      await page.reload();
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:audit:logs"]', { hasText: "Audit log" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      await page.screenshot({ path: `${SHOTS}/desktop-home-en.png` });
      await sidebar.locator('[data-testid="lang-switch"]').click();
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]', { hasText: "用户管理" }).waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);
});
