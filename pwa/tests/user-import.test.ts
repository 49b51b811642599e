/**
 * Bulk user import from the users page (issue 8.5): the admin builds an .xlsx, sees the dry run's
 * report row by row (desktop table, phone cards), fixes the file, imports it, reads the one-time
 * passwords once and finds the new users in the list. The server-built exports download too.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, PHONE, signIn, startServer, type TestServer } from "./browser-harness.ts";

const HEADER = ["用户名*", "姓名*", "部门*", "角色", "邮箱", "手机号", "状态", "语言", "初始密码"];

async function xlsxFile(rows: unknown[][]): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("用户");
  for (const r of rows) sheet.addRow(r);
  return { name: "新员工.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}

async function openImport(page: Page, base: string): Promise<ReturnType<Page["locator"]>> {
  await signIn(page, base, ADMIN.username, ADMIN.password);
  await page.goto(`${base}/iam/users`);
  await page.locator('[data-testid="users-table"]').waitFor();
  await page.locator('[data-testid="user-import"]').click();
  const dialog = page.locator('[data-testid="user-import-dialog"]');
  await dialog.waitFor();
  return dialog;
}

const dryRun = (page: Page) => page.waitForResponse((r) => r.url().includes("/api/v1/users/import?") && r.url().includes("dry_run=1"));

describe.skipIf(!HAS_DIST)("PWA: user import", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("checks a file, shows every row's problems, imports the fixed file and shows the generated passwords once", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      const dialog = await openImport(page, server.url);
      // the template downloads with the reader's headers
      const [template] = await Promise.all([page.waitForEvent("download"), dialog.locator('[data-testid="import-template"]').click()]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(readFileSync((await template.path())!)).buffer);
      expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);

      const bad = await xlsxFile([
        HEADER,
        ["zhao_yun", "赵云", "运营中心/运营一部", "运营专员", "zhaoyun@example.com", "13700000011", "", "", ""],
        ["lina", "李娜", "运营一部", "", "", "", "", "", ""],
        ["ma_chao", "马超", "不存在的部门", "", "not-mail", "", "", "", ""],
      ]);
      await dialog.locator('[data-testid="import-file"]').setInputFiles(bad);
      await Promise.all([dryRun(page), dialog.locator('[data-testid="import-check"]').click()]);
      await expect.poll(() => dialog.locator('[data-testid="import-summary"]').innerText()).toBe("共 3 行：新建 1，更新 0，跳过 0，有错误 2");
      const rows = dialog.locator('[data-testid="import-report"] tbody tr');
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(1).innerText()).toContain("用户名：用户名 lina 已被使用");
      const third = await rows.nth(2).locator("li").allInnerTexts();
      expect(third).toEqual(["部门：部门 不存在的部门 不存在", "邮箱：邮箱格式不正确"]);
      expect(await dialog.locator('[data-testid="import-apply"]').isDisabled()).toBe(true);

      // fixed file: check again, then import
      await dialog.getByRole("button", { name: "重新选择文件" }).click();
      const good = await xlsxFile([
        HEADER,
        ["zhao_yun", "赵云", "运营中心/运营一部", "运营专员", "zhaoyun@example.com", "13700000011", "", "", ""],
        ["ma_chao", "马超", "技术部", "开发人员", "machao@example.com", "", "", "", ""],
      ]);
      await dialog.locator('[data-testid="import-file"]').setInputFiles(good);
      await Promise.all([dryRun(page), dialog.locator('[data-testid="import-check"]').click()]);
      await expect.poll(() => dialog.locator('[data-testid="import-summary"]').innerText()).toBe("共 2 行：新建 2，更新 0，跳过 0，有错误 0");
      const [applied] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/users/import?") && r.url().includes("dry_run=0")),
        dialog.locator('[data-testid="import-apply"]').click(),
      ]);
      expect(applied.status()).toBe(200);
      const passwords = dialog.locator('[data-testid="import-password"]');
      await passwords.first().waitFor();
      expect(await passwords.count()).toBe(2);
      const zhaoYun = (await passwords.filter({ hasText: "zhao_yun" }).locator("code").innerText()).trim();
      expect(zhaoYun).toMatch(/^\S{16}$/);
      await dialog.locator('[data-testid="import-close"]').click();

      // the list shows them; the shown password signs in and asks for a change
      await page.locator('form[role="search"] input[name="q"]').fill("zhao_yun");
      await page.locator('form[role="search"] input[name="q"]').press("Enter");
      await page.locator('[data-testid="users-table"] tbody tr', { hasText: "赵云" }).waitFor();
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "zhao_yun", password: zhaoYun }),
      });
      expect(((await login.json()) as { data: { password_change_required: boolean } }).data.password_change_required).toBe(true);
      const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      const audit = await admin<{ items: Array<{ after: { created?: number } | null }> }>("GET", "/audit/logs?action=user.import");
      expect(audit.body.data.items.some((x) => x.after?.created === 2)).toBe(true);
    } finally {
      await b.close();
    }
  }, 120_000);

  it("shows the report as cards on a phone", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      const dialog = await openImport(page, server.url);
      await dialog.locator('[data-testid="import-file"]').setInputFiles(await xlsxFile([HEADER, ["", "无名", "运营一部", "", "", "", "", "", ""]]));
      await Promise.all([dryRun(page), dialog.locator('[data-testid="import-check"]').click()]);
      const cell = dialog.locator('[data-testid="import-report"] td[data-label="问题 / 变更"]').first();
      await cell.waitFor();
      expect(await cell.innerText()).toContain("用户名：必填");
      // a card, not a row wider than the phone
      const box = await dialog.locator('[data-testid="import-report"]').boundingBox();
      expect(box!.width).toBeLessThanOrEqual(390);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("exports the list as Excel from the server", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/iam/users`);
      await page.locator('[data-testid="users-table"]').waitFor();
      const [file] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="user-export-xlsx"]').click()]);
      expect(file.suggestedFilename()).toMatch(/^users-\d{4}-\d\d-\d\d\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(readFileSync((await file.path())!)).buffer);
      const usernames = book.worksheets[0]!.getColumn(1).values.slice(2).map(String);
      expect(usernames).toEqual(expect.arrayContaining(["admin", "zhangwei", "lina", "gaofeng"]));
    } finally {
      await b.close();
    }
  }, 90_000);
});
