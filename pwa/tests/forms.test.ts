/**
 * Forms and messages (issue 8.5): one toast per failed save, required fields marked before
 * submit, the password hint listing every rule in force, a department's leader.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, pick, signIn, startServer, type TestServer } from "./browser-harness.ts";

/** The labels carrying the required marker (*, titled 必填) in `scope`, as text without the marker. */
async function markedLabels(scope: ReturnType<Page["locator"]>): Promise<string[]> {
  const labels = await scope.locator(".field__label:has([data-required-mark])").allInnerTexts();
  return labels.map((l) => l.replace("*", "").trim());
}

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
      await pick(page, "dept_id", "运营一部");
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

  it("marks required fields before any submit, in the directory dialogs and the password form", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click();
      await page.locator('[data-testid="user-create"]').click();
      const user = page.locator('[data-testid="user-dialog"]');
      await user.waitFor();
      expect(await markedLabels(user)).toEqual(["用户名", "姓名", "部门"].map((l) => expect.stringContaining(l)));
      expect(await user.locator("[data-required-mark]").first().getAttribute("title")).toBe("必填");
      expect(await user.locator('input[name="username"]').getAttribute("aria-required")).toBe("true");
      expect(await user.locator('input[name="email"]').getAttribute("aria-required")).toBeNull();
      expect(await user.locator('[data-field="dept_id"]').getAttribute("aria-required")).toBe("true");
      expect(await user.locator('[data-field="role_ids"]').getAttribute("aria-required")).toBeNull();
      await page.keyboard.press("Escape");
      await user.waitFor({ state: "detached" });

      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:departments"]').click();
      await page.locator('[data-testid="dept-row"]', { hasText: "技术部" }).getByRole("button", { name: "添加子部门" }).click();
      const dept = page.locator('[data-testid="dept-dialog"]');
      await dept.waitFor();
      expect(await markedLabels(dept)).toEqual([expect.stringContaining("部门名称")]);
      expect(await dept.locator('input[name="name"]').getAttribute("aria-required")).toBe("true");
      await page.keyboard.press("Escape");
      await dept.waitFor({ state: "detached" });

      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:roles"]').click();
      await page.locator('[data-testid="role-create"]').click();
      const role = page.locator('[data-testid="role-dialog"]');
      await role.waitFor();
      expect(await markedLabels(role)).toHaveLength(2);
      expect(await role.locator('input[name="code"]').getAttribute("aria-required")).toBe("true");
      expect(await role.locator('input[name="name"]').getAttribute("aria-required")).toBe("true");
      await page.keyboard.press("Escape");
      await role.waitFor({ state: "detached" });

      await page.goto(`${server.url}/profile`);
      await page.getByRole("tab", { name: "修改密码" }).click();
      const form = page.locator('[data-testid="password-form"]');
      await form.waitFor();
      expect(await markedLabels(form)).toHaveLength(3);
      for (const name of ["old_password", "new_password", "confirm_password"]) {
        expect(await form.locator(`input[name="${name}"]`).getAttribute("aria-required")).toBe("true");
      }
    } finally {
      await b.close();
    }
  }, 90_000);

  it("lists every password rule in force under the new password, from the security settings", async () => {
    const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const put = await admin("PUT", "/settings/security", { password_min_length: 12, password_min_classes: 3, password_history: 4, password_expiry_days: 30 });
    expect(put.status).toBe(200);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/profile`);
      await page.getByRole("tab", { name: "修改密码" }).click();
      const hint = page.locator('[data-testid="password-form"] .field:has(input[name="new_password"]) .field__hint');
      await hint.waitFor();
      const text = await hint.innerText();
      for (const rule of ["至少 12 位", "至少 3 类", "不能包含用户名", "最近 4 次", "30 天"]) expect(text).toContain(rule);

      // an initial password set by an administrator meets the same rules (no history yet)
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click();
      await page.locator('[data-testid="user-create"]').click();
      const initial = page.locator('[data-testid="user-dialog"] .field:has(input[name="password"]) .field__hint');
      await initial.getByText("至少 12 位", { exact: false }).waitFor();
      const initialText = await initial.innerText();
      expect(initialText).toContain("不能包含用户名");
      expect(initialText).not.toContain("最近");
    } finally {
      await b.close();
    }
  }, 90_000);

  it("picks a department's leader (负责人) among active users", async () => {
    const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const lina = (await admin<{ items: { dept_id: string }[] }>("GET", "/users?q=lina")).body.data.items[0]!;
    // a disabled user is not offered: the API refuses an inactive leader
    const off = await admin("POST", "/users", { username: "offleader", display_name: "停用员工", dept_id: lina.dept_id, status: "disabled" });
    expect(off.status).toBe(201);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:departments"]').click();
      await page.locator('[data-testid="dept-row"]', { hasText: "运营二部" }).getByRole("button", { name: "编辑" }).click();
      const dialog = page.locator('[data-testid="dept-dialog"]');
      await dialog.locator('[data-field="leader_id"]').click();
      await page.locator('[role="option"]', { hasText: "（lina）" }).first().waitFor();
      expect(await page.locator('[role="option"]', { hasText: "停用员工" }).count()).toBe(0);
      await page.locator('[role="option"]', { hasText: "（lina）" }).first().click();
      const [saved] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/departments/") && r.request().method() === "PUT"), dialog.locator('button[type="submit"]').click()]);
      expect(saved.status()).toBe(200);
      expect((saved.request().postDataJSON() as { leader_id: string | null }).leader_id).toBeTruthy();
      await page.locator('[data-testid="dept-row"]', { hasText: "运营二部" }).filter({ hasText: "负责人: 李娜" }).waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);

  it("exports the user list as CSV (built by the server) with the list's filter, formulas defused", async () => {
    const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const lina = (await admin<{ items: { dept_id: string }[] }>("GET", "/users?q=lina")).body.data.items[0]!;
    expect((await admin("POST", "/users", { username: "csvcell", display_name: "=HYPERLINK(1)", dept_id: lina.dept_id })).status).toBe(201);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click();
      await page.locator('[data-testid="users-table"]').waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="user-export"]').click()]);
      expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d\d-\d\d\.csv$/);
      const text = readFileSync((await download.path())!, "utf8");
      // the importable columns first (the import template's), then read-only facts
      expect(text.startsWith("\uFEFF用户名,姓名,部门,角色,邮箱,手机号,状态,语言,两步验证,已锁定,最近登录,创建时间\r\n")).toBe(true);
      const lines = text.trim().split("\r\n");
      expect(lines.find((l) => l.startsWith("lina,"))).toContain("李娜");
      expect(lines.find((l) => l.startsWith("csvcell,"))).toContain(",'=HYPERLINK(1),");
      const total = (await admin<{ total: number }>("GET", "/users")).body.data.total;
      expect(lines).toHaveLength(total + 1);

      // with a search in force, only the matching users
      await page.locator('form[role="search"] input[name="q"]').fill("csvcell");
      await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/users?") && r.url().includes("q=csvcell")), page.locator('form[role="search"] input[name="q"]').press("Enter")]);
      const [filtered] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="user-export"]').click()]);
      expect(readFileSync((await filtered.path())!, "utf8").trim().split("\r\n")).toHaveLength(2);
    } finally {
      await b.close();
    }
  }, 90_000);
});
