/**
 * Directory sync in a real browser against the DingTalk stand-in's contacts: the admin previews the
 * diff (chips, steps with their field changes, a conflict in words, heads), applies it (confirmed),
 * watches the polled progress reach 100 %, and finds the new department on the departments page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDingTalkFake, type DingTalkFake } from "../../scripts/fakes/index.ts";
import { ADMIN, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type SystemServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

describe.skipIf(!HAS_DIST)("PWA: directory sync", () => {
  let dt: DingTalkFake;
  let server: SystemServer;

  beforeAll(async () => {
    dt = await startDingTalkFake();
    dt.contacts.addDept({ id: 20, name: "华南大区", parentId: 1, managers: ["u-chen"] });
    dt.contacts.addStaff({ userid: "u-chen", name: "陈强", mobile: "13900000001", email: "chenqiang@example.com", deptIds: [20] });
    // liuyang is in OPS already: matched by phone and linked
    dt.contacts.addStaff({ userid: "u-liu", name: "刘洋", mobile: "13800000004", deptIds: [20] });
    // the admin's e-mail: never linked, a conflict
    dt.contacts.addStaff({ userid: "u-boss", name: "老板", mobile: "13900000009", email: "admin@example.com", deptIds: [1] });
    server = await startServer({ env: { DINGTALK_CLIENT_ID: dt.clientId, DINGTALK_CLIENT_SECRET: dt.clientSecret, DINGTALK_API_URL: dt.url } });
    await server.system.db.run("UPDATE users SET email = 'admin@example.com' WHERE username = 'admin'");
  });
  afterAll(async () => {
    await server?.close();
    await dt?.stop();
  });

  it("previews the diff, applies it with a progress bar to 100 %, and the new department is there", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[href="/iam/directory-sync"]').click();
      const view = page.locator('[data-testid="directory-sync-page"]');
      await view.locator('[data-testid="dsync-preview"]').click();

      const plan = view.locator('[data-testid="dsync-run"] [data-testid="dsync-plan"]');
      await plan.waitFor();
      expect(await plan.locator('[data-scope="departments"] [data-chip="create"]').innerText()).toMatch(/新建\s*1/);
      expect(await plan.locator('[data-scope="users"] [data-chip="create"]').innerText()).toMatch(/新建\s*1/);
      expect(await plan.locator('[data-scope="users"] [data-chip="link"]').innerText()).toMatch(/关联\s*1/);
      expect(await plan.locator('[data-testid="dsync-departments"]').innerText()).toContain("华南大区");
      const liu = plan.locator('[data-testid="dsync-users"] tr', { hasText: "刘洋" });
      expect(await liu.innerText()).toContain("按手机匹配");
      // his department changes to the one the plan creates, shown by name (not by id)
      expect(await liu.locator('[data-field="dept_id"]').innerText()).toMatch(/部门\s*技术部\s*→\s*华南大区/);
      expect(await plan.locator('[data-testid="dsync-conflicts"]').innerText()).toContain("匹配到超级管理员，不自动关联");
      expect(await plan.locator('[data-testid="dsync-heads"]').innerText()).toContain("陈强");
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: `${SHOTS}/phone-directory-sync-preview.png`, fullPage: true });
      await page.setViewportSize(DESKTOP);

      // apply: confirmed, started without waiting, then polled every second until done
      await view.locator('[data-testid="dsync-apply"]').click();
      const dialog = page.locator('[data-testid="confirm-dialog"]');
      const [started] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/directory-sync/runs" && r.request().method() === "POST"),
        dialog.getByRole("button", { name: "应用" }).click(),
      ]);
      const run = ((await started.json()) as { data: { id: string; status: string; dry_run: boolean } }).data;
      expect(run).toMatchObject({ dry_run: false });
      const finished = view.locator('[data-testid="dsync-run"][data-status="succeeded"]');
      if (run.status === "running") await page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/directory-sync/runs/${run.id}`);
      await finished.waitFor();
      expect(await finished.locator('[data-testid="dsync-progress"]').getAttribute("value")).toBe("100");
      expect(await finished.locator('[data-testid="dsync-progress-text"]').innerText()).toContain("100%");
      expect(await finished.innerText()).toContain("同步结果");
      // the history lists the preview and the apply
      await expect.poll(() => view.locator('[data-testid="dsync-history"] tr.table__row').count()).toBe(2);
      expect(await view.locator('[data-testid="dsync-history"]').innerText()).toContain("应用");

      await page.goto(`${server.url}/iam/departments`);
      await page.locator('[data-testid="dept-row"]', { hasText: "华南大区" }).waitFor();
    } finally {
      await b.close();
    }
    const linked = await server.system.db.get<{ username: string }>("SELECT username FROM users WHERE dingtalk_id = 'u-liu'");
    expect(linked?.username).toBe("liuyang");
  }, 40_000);

  it("says how to configure a platform when none is", async () => {
    const bare = await startServer();
    const b = await openBrowser(PHONE);
    try {
      await signIn(b.page, bare.url, ADMIN.username, ADMIN.password);
      await b.page.goto(`${bare.url}/iam/directory-sync`);
      expect(await b.page.locator('[data-testid="dsync-none"]').innerText()).toContain("DINGTALK_CLIENT_ID");
    } finally {
      await b.close();
      await bare.close();
    }
  }, 30_000);
});
