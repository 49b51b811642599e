/**
 * The scenario end to end: an admin signs in through the PWA, gives 运营专员 one more
 * permission in the role editor, and finds that change in the audit log: named 修改角色, by 管理员,
 * with the permission gained as a field change.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

describe.skipIf(!HAS_DIST)("PWA: change a role, then see it in the audit log", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("admin adds 导出操作日志 to 运营专员 and the audit log shows the role update", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);

      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/roles") && r.request().method() === "GET"),
        page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:roles"]').click(),
      ]);
      await page.locator('[data-testid="role-edit-ops_specialist"]').click();
      const dialog = page.locator('[data-testid="role-dialog"]');
      await dialog.locator('[data-testid="permission-tree"]').waitFor();

      // 审计 is open at depth 0; open 操作日志 to reach its export button permission
      await dialog.locator('li[data-id="menu:audit:logs"] > .tree__row > .tree__toggle').click();
      const exportBox = dialog.locator('.checkbox[data-value="audit:log:export"]');
      await exportBox.waitFor();
      expect(await exportBox.getAttribute("data-checked")).toBeNull();
      await exportBox.locator(".checkbox__control").click();
      await dialog.locator('.checkbox[data-value="audit:log:export"][data-checked]').waitFor();
      await page.screenshot({ path: `${SHOTS}/desktop-role-dialog.png` });

      const [saved] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/roles\/[^/?]+/.test(r.url()) && r.request().method() === "PUT"),
        dialog.locator('[data-testid="role-save"]').click(),
      ]);
      expect(saved.status()).toBe(200);
      expect((saved.request().postDataJSON() as { permissions: string[] }).permissions).toEqual(expect.arrayContaining(["audit:log:export", "menu:audit:logs", "menu:audit"]));
      await dialog.waitFor({ state: "detached" });

      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/audit/logs") && r.status() === 200),
        page.locator('[data-testid="sidebar"] a[data-menu="menu:audit:logs"]').click(),
      ]);
      // readable: the action's name, the actor's display name (username beside it), the result in words
      const row = page.locator('[data-testid="audit-table"] tr.table__row', { hasText: "修改角色" }).first();
      await row.waitFor();
      expect(await row.locator('[data-col="action"]').innerText()).toBe("修改角色");
      expect(await row.locator('[data-col="action"]').getAttribute("title")).toBe("iam.role.update");
      expect(await row.locator('[data-col="actor"]').innerText()).toBe("管理员");
      expect(await row.locator('[data-col="actor-username"]').innerText()).toBe("admin");
      expect(await row.locator('[data-col="result"]').innerText()).toBe("成功");
      expect(await row.locator('[data-col="via"]').innerText()).toBe("网页");
      expect(await row.locator('[data-col="resource"]').innerText()).toMatch(/^role/);
      await row.locator(".table__toggle").click();
      // the drawer lists the changed fields only: the permissions gained, nothing unchanged
      const changes = page.locator('[data-testid="audit-detail"] [data-testid="audit-changes"]').first();
      await changes.waitFor();
      const paths = await changes.locator('[data-testid="audit-change-path"]').allInnerTexts();
      expect(paths).toContain("permissions");
      expect(paths).not.toContain("name");
      expect(paths).not.toContain("updated_at");
      const added = await changes.locator('dd[data-path="permissions"] [data-testid="audit-change-added"]').allInnerTexts();
      expect(added).toEqual(expect.arrayContaining(["+ audit:log:export"]));
      expect(await changes.locator('dd[data-path="permissions"] [data-testid="audit-change-removed"]').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/desktop-audit-log.png`, fullPage: true });

      // CSV export goes through fetch with the token, then a blob download: the same readable columns
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="audit-export"]').click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync((await download.path())!, "utf8");
      const roleLine = csv.split("\n").find((l) => l.includes("iam.role.update"));
      expect(roleLine).toContain("修改角色");
      expect(roleLine).toContain("管理员");
      expect(roleLine).toContain("成功");

      // the change really landed, as the API sees it
      const call = await apiAs(server.url, ADMIN.username, ADMIN.password);
      const roles = await call<Array<{ code: string; permissions: string[] }>>("GET", "/roles");
      expect(roles.body.data.find((r) => r.code === "ops_specialist")?.permissions).toContain("audit:log:export");

      // archive every row so far: the role update leaves the live log, and 包含归档 finds it again
      const moved = await call<{ tables: { audit_logs: { rows: number } } }>("POST", "/audit/archive", { older_than_days: 0 });
      expect(moved.body.data.tables.audit_logs.rows).toBeGreaterThan(0);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/audit/logs?") && r.status() === 200),
        page.locator('[data-testid="audit-filters"] button[type="submit"]').click(),
      ]);
      await page.locator('[data-testid="audit-table"] tr.table__row', { hasText: "归档审计日志" }).first().waitFor();
      expect(await page.locator('[data-testid="audit-table"] tr.table__row', { hasText: "修改角色" }).count()).toBe(0);
      const toggle = page.locator('[data-testid="audit-include-archived"]');
      expect(await toggle.innerText()).toContain("包含归档");
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("include_archived=1") && r.status() === 200),
        toggle.locator(".switch__label").click(),
      ]);
      await page.locator('[data-testid="audit-table"] tr.table__row', { hasText: "修改角色" }).first().waitFor();
      await page.screenshot({ path: `${SHOTS}/desktop-audit-archived.png`, fullPage: true });
      const verified = await call<{ ok: boolean; first_bad: unknown }>("GET", "/audit/verify");
      expect(verified.body.data).toMatchObject({ ok: true, first_bad: null });
    } finally {
      await b.close();
    }
  }, 90_000);
});
