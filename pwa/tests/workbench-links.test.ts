/**
 * Workbench links land on filtered views that live in the URL. With the demo company (linxiaoyu is
 * locked out): the locked-accounts to-do opens the users list filtered to locked, a reload keeps it,
 * an item opens that account's details where it can be unlocked; the audit log opened with
 * `?actor=` shows only that person's rows and the back button restores the previous filter; the
 * open-feedback widget is there for 运营主管 zhangwei (feedback:manage), not for lina.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const widget = (page: Page, id: string) => page.locator(`[data-testid="widget-${id}"]`);
const userRows = (page: Page) => page.locator('[data-testid="users-table"] tr.table__row');
const usernames = async (page: Page) => (await userRows(page).locator('[data-testid="user-open"] .muted').allInnerTexts()).map((t) => t.replace(/^@/, ""));

describe.skipIf(!HAS_DIST)("PWA: workbench links to filtered views", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the locked-accounts to-do opens the users list filtered to locked; a reload keeps it; an item opens the account to unlock", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      const locked = widget(page, "iam.locked_users");
      await locked.locator('[data-testid="widget-item"]', { hasText: "linxiaoyu" }).waitFor();

      await locked.locator('[data-testid="widget-more"]').click();
      await page.locator('[data-testid="users-page"]').waitFor();
      expect(new URL(page.url()).search).toBe("?status=locked");
      await userRows(page).filter({ hasText: "linxiaoyu" }).waitFor();
      expect(await usernames(page)).toEqual(["linxiaoyu"]);
      expect(await page.locator('[data-testid="user-filters"] [data-field="status"]').innerText()).toContain("已锁定");

      await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/users?") && r.url().includes("status=locked")), page.reload()]);
      await userRows(page).filter({ hasText: "linxiaoyu" }).waitFor();
      expect(await usernames(page)).toEqual(["linxiaoyu"]);
      expect(await page.locator('[data-testid="user-filters"] [data-field="status"]').innerText()).toContain("已锁定");

      // clearing the filter is a new history entry; back brings the locked view again
      await page.locator('[data-testid="user-filters"] [data-field="status"]').click();
      await page.locator('[role="option"]', { hasText: "全部" }).first().click();
      await page.waitForURL((u) => !u.search.includes("status="));
      await expect.poll(() => userRows(page).count()).toBeGreaterThan(1);
      await page.goBack();
      await page.waitForURL((u) => u.search === "?status=locked");
      await expect.poll(() => usernames(page)).toEqual(["linxiaoyu"]);

      // an item opens that account's details over the filtered list, with its unlock button
      await page.goto(`${server.url}/`);
      await locked.locator('[data-testid="widget-item"] a', { hasText: "linxiaoyu" }).click();
      const detail = page.locator('[data-testid="user-detail"]');
      await detail.locator('[data-field="username"]', { hasText: "linxiaoyu" }).waitFor();
      expect(new URL(page.url()).searchParams.get("status")).toBe("locked");
      await detail.locator('[data-testid="user-detail-locked"]').waitFor();
      await detail.getByRole("button", { name: "解锁" }).click();
      const confirm = page.locator('[data-testid="confirm-dialog"]');
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/unlock") && r.status() === 200),
        confirm.getByRole("button", { name: "确定" }).click(),
      ]);
      await expect.poll(() => userRows(page).count()).toBe(0);
      expect(new URL(page.url()).searchParams.get("id")).toBeNull();
      const call = await apiAs(server.url, ADMIN.username, ADMIN.password);
      expect((await call<{ total: number }>("GET", "/users?status=locked")).body.data.total).toBe(0);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("the pending-accounts to-do opens the users list filtered to accounts awaiting their first sign-in", async () => {
    const call = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const dept = (await call<Array<{ id: string; name: string }>>("GET", "/departments?flat=true")).body.data.find((d) => d.name === "运营一部")!.id;
    expect((await call("POST", "/users", { username: "links.newbie", display_name: "新来的", dept_id: dept, role_ids: [] })).status).toBe(201);
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      const pending = widget(page, "iam.pending_users");
      await pending.locator('[data-testid="widget-item"]', { hasText: "links.newbie" }).waitFor();
      await pending.locator('[data-testid="widget-more"]').click();
      await page.waitForURL((u) => u.pathname === "/iam/users" && u.search === "?status=pending");
      await userRows(page).filter({ hasText: "links.newbie" }).waitFor();
      const listed = await call<{ total: number }>("GET", "/users?status=pending");
      expect(await userRows(page).count()).toBe(Math.min(listed.body.data.total, 20));
      expect(await usernames(page)).not.toContain("zhangwei");
    } finally {
      await b.close();
    }
  }, 90_000);

  it("the audit log opened with ?actor= shows only that person's rows; my activity links there; back restores the filter", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/audit/logs?actor=lina`);
      const rows = page.locator('[data-testid="audit-table"] tr.table__row');
      await rows.first().waitFor();
      const actors = await rows.locator('[data-col="actor-username"]').allInnerTexts();
      expect(actors.length).toBe(await rows.count());
      expect(new Set(actors)).toEqual(new Set(["lina"]));
      expect(await page.locator('[data-testid="audit-filters"] input[name="actor"]').inputValue()).toBe("lina");

      // a failure-only view on top is a new entry; back returns to all of lina's rows
      await page.locator('[data-testid="audit-filters"] [data-field="result"]').click();
      await page.locator('[role="option"]', { hasText: "失败" }).first().click();
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get("result") === "failure" && u.searchParams.get("actor") === "lina"),
        page.locator('[data-testid="audit-filters"] button[type="submit"]').click(),
      ]);
      await page.goBack();
      await page.waitForURL((u) => u.search === "?actor=lina");
      expect(await page.locator('[data-testid="audit-filters"] [data-field="result"]').innerText()).toContain("全部");

      // the workbench's 我的最近操作 opens the log filtered to me
      await page.goto(`${server.url}/`);
      await widget(page, "audit.my_activity").locator('[data-testid="widget-more"]').click();
      await page.waitForURL((u) => u.pathname === "/audit/logs" && u.search === "?actor=admin");
      await rows.first().waitFor();
      const mine = await rows.locator('[data-col="actor"]').allInnerTexts();
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine).size).toBe(1);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("运营主管 zhangwei sees the open demo feedback and an item opens it; lina gets no such widget", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, "zhangwei", DEMO_PASSWORD);
      const open = widget(page, "feedback.open");
      const bug = open.locator('[data-testid="widget-item"]', { hasText: "部门筛选条件被清空" });
      await bug.waitFor();
      expect(await bug.innerText()).toContain("指派给我");
      await open.locator('[data-testid="widget-item"]', { hasText: "按类型批量标记已读" }).waitFor();
      await bug.locator("a").click();
      await page.locator('[data-testid="feedback-sheet"]', { hasText: "部门筛选条件被清空" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/feedback");
    } finally {
      await b.close();
    }
    const other = await openBrowser(DESKTOP);
    try {
      await signIn(other.page, server.url, "lina", DEMO_PASSWORD);
      await widget(other.page, "notify.unread").waitFor();
      expect(await widget(other.page, "feedback.open").count()).toBe(0);
    } finally {
      await other.close();
    }
  }, 90_000);
});
