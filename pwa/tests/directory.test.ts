/**
 * Directory forms through the UI: a sub-department, the 409 on deleting a non-empty one, a
 * new user with department and roles picked in Kobalte selects (generated password shown
 * once), a duplicate username flagged on its field, and a password reset.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, DESKTOP, HAS_DIST, openBrowser, pick, SHOTS, signIn, startServer, type TestServer } from "./browser-harness.ts";

const toast = (page: Page, text: string) => page.locator('[data-testid="toasts"] .toast', { hasText: text }).first().waitFor();

describe.skipIf(!HAS_DIST)("PWA: departments and users", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("adds a sub-department and refuses to delete a non-empty one", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:departments"]').click();
      const tech = page.locator('[data-testid="dept-row"]', { hasText: "技术部" });
      await tech.getByRole("button", { name: "添加子部门" }).click();
      const dialog = page.locator('[data-testid="dept-dialog"]');
      await dialog.locator('input[name="name"]').fill("平台组");
      const [created] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/departments") && r.request().method() === "POST"), dialog.locator('button[type="submit"]').click()]);
      expect(created.status()).toBe(201);
      expect((created.request().postDataJSON() as { parent_id: string }).parent_id).toBeTruthy();
      await page.locator('[data-testid="dept-row"]', { hasText: "平台组" }).waitFor();

      await page.locator('[data-testid="dept-row"]', { hasText: "运营中心" }).getByRole("button", { name: "删除" }).click();
      const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "DELETE"), page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click()]);
      expect(refused.status()).toBe(409);
      await toast(page, "不能删除");
      await page.screenshot({ path: `${SHOTS}/desktop-dept-409.png` });
    } finally {
      await b.close();
    }
  }, 90_000);

  it("creates a user with department and roles, flags a taken username, resets a password", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click();
      await page.locator('[data-testid="user-create"]').click();
      const dialog = page.locator('[data-testid="user-dialog"]');
      await dialog.locator('input[name="username"]').fill("lina");
      await dialog.locator('input[name="display_name"]').fill("重名测试");
      await pick(page, "dept_id", "运营一部");
      await pick(page, "role_ids", "运营专员");
      await page.keyboard.press("Escape"); // close the multi-select list, not the dialog
      const [taken] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/users") && r.request().method() === "POST"), dialog.locator('button[type="submit"]').click()]);
      expect(taken.status()).toBe(409);
      const fieldError = dialog.locator('.field:has(input[name="username"]) .field__error');
      await fieldError.waitFor();
      expect(await fieldError.innerText()).toContain("lina");
      await toast(page, "lina");

      await dialog.locator('input[name="username"]').fill("zhaolei");
      await dialog.locator('input[name="display_name"]').fill("赵磊");
      const [created] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/users") && r.request().method() === "POST"), dialog.locator('button[type="submit"]').click()]);
      expect(created.status()).toBe(201);
      const body = created.request().postDataJSON() as { dept_id: string; role_ids: string[] };
      expect(body.dept_id).toBeTruthy();
      expect(body.role_ids).toHaveLength(1);
      const initial = page.locator('[data-testid="initial-password"]');
      await initial.waitFor();
      expect((await initial.innerText()).trim().length).toBeGreaterThanOrEqual(8);
      await page.getByRole("button", { name: "完成" }).click();

      const row = page.locator('[data-testid="users-table"] tr.table__row', { hasText: "zhaolei" });
      await row.waitFor();
      expect(await row.innerText()).toContain("运营一部");
      await row.getByRole("button", { name: "重置密码" }).click();
      await Promise.all([page.waitForResponse((r) => r.url().includes("/reset-password") && r.status() === 200), page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click()]);
      await page.locator('[data-testid="temp-password"]').waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);
});
