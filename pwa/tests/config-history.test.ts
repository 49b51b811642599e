/**
 * Config center flow in the PWA: a table's history compares two versions side by side and rolls back
 * to one with a required reason (a new version row appears); an edit on an approval table becomes a
 * change set the approver reads (diff, approval link), approved it is released and the releases page
 * shows it; a manual gray release there is promoted to full.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;

const table = (name: string, display: string, needsApproval: boolean) => ({
  name, display_name: display, description: "", key_field: "code", needs_approval: needsApproval,
  fields: [
    { key: "code", type: "text", label: "编码", required: true, unique: true },
    { key: "note", type: "textarea", label: "备注" },
  ],
});

async function ok(call: ReturnType<Api>, status: number[]): Promise<unknown> {
  const res = await call;
  expect(status, JSON.stringify(res.body)).toContain(res.status);
  return res.body.data;
}

describe.skipIf(!HAS_DIST)("PWA: config history, rollback, change sets and releases", () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("compares two versions side by side and rolls back with a reason as a new version", async () => {
    await ok(admin("POST", "/config/tables", table("flow-notes", "流程备注", false)), [200, 201]);
    const records = "/config/tables/flow-notes/records";
    await ok(admin("POST", records, { values: { code: "a", note: "第一行\n第二行" }, reason: "建 a" }), [200, 201]);
    await ok(admin("PATCH", `${records}/a`, { values: { note: "第一行\n第二行改了" }, reason: "改 a" }), [200]);
    await ok(admin("POST", records, { values: { code: "b", note: "b 的备注" }, reason: "建 b" }), [200, 201]);

    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/config/flow-notes/history`);
      const rows = page.locator('[data-testid="history-table"] tbody tr.table__row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(3);
      await page.locator('tr[data-key="1"] .checkbox__control').click();
      await page.locator('tr[data-key="3"] .checkbox__control').click();
      await page.locator('[data-testid="history-compare"]').click();
      await page.waitForURL(/from=1&to=3/);
      const compare = page.locator('[data-testid="config-compare"]');
      await compare.locator('[data-testid="diff-record"][data-key="b"][data-op="added"]').waitFor();
      const note = compare.locator('[data-testid="diff-record"][data-key="a"] [data-field="note"]');
      await expect.poll(() => note.locator('[data-side="before"]').allInnerTexts()).toContainEqual(expect.stringContaining("第二行"));
      expect((await note.locator('[data-side="after"]').allInnerTexts()).join("\n")).toContain("第二行改了");
      await page.screenshot({ path: `${SHOTS}/config-history-compare.png`, fullPage: true });

      // roll back to v1: the dialog shows b going away; the reason is required
      await page.locator('tr[data-key="1"] [data-testid="history-rollback"]').click();
      const dialog = page.locator('[data-testid="rollback-dialog"]');
      await dialog.locator('[data-testid="rollback-diff"] [data-testid="diff-record"][data-key="b"][data-op="removed"]').waitFor();
      // an empty reason is refused before any request (the field is required)
      await dialog.locator('[data-testid="rollback-dialog-confirm"]').click();
      expect(await dialog.locator('textarea[name="reason"]:invalid').count()).toBe(1);
      await dialog.locator('textarea[name="reason"]').fill("   ");
      await dialog.locator('[data-testid="rollback-dialog-confirm"]').click();
      await dialog.getByText("请填写原因").waitFor();
      expect(await rows.count()).toBe(3);
      await dialog.locator('textarea[name="reason"]').fill("b 不该上线");
      await dialog.locator('[data-testid="rollback-dialog-confirm"]').click();
      await page.locator('[data-testid="toasts"] .toast', { hasText: "已回滚" }).waitFor();
      const v4 = page.locator('[data-testid="history-table"] tr[data-key="4"]');
      await v4.waitFor();
      expect(await v4.locator('[data-col="kind"]').innerText()).toContain("回滚");
      expect(await v4.locator('[data-col="reason"]').innerText()).toBe("b 不该上线");

      // one version's page: its diff against the one before (phone width stacks the sides)
      await page.setViewportSize(PHONE);
      await v4.locator('[data-col="version"]').click();
      await page.locator('[data-testid="config-version-page"] [data-testid="diff-record"][data-key="b"][data-op="removed"]').waitFor();
      expect(await page.locator('[data-testid="version-reason"]').innerText()).toBe("b 不该上线");
      await page.screenshot({ path: `${SHOTS}/phone-config-version.png`, fullPage: true });
    } finally {
      await b.close();
    }
  }, 120_000);

  it("a change set on an approval table: the approver reads it, approval releases it, a gray release is promoted", async () => {
    await ok(admin("POST", "/config/tables", table("flow-rates", "流程费率", true)), [200, 201]);
    const asLiu = await apiAs(server.url, "liuyang", DEMO_PASSWORD);
    const set = (await ok(asLiu("POST", "/config/tables/flow-rates/records", { values: { code: "fee", note: "0.35" }, reason: "上线新费率" }), [202])) as { id: string; approval_id: string };

    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, "zhangwei", DEMO_PASSWORD);
      await page.goto(`${server.url}/config/change-sets`);
      const row = page.locator('[data-testid="change-set-table"] tr', { hasText: "上线新费率" });
      await row.waitFor();
      await row.locator('[data-col="reason"]').click();
      await page.locator('[data-testid="change-set-page"] [data-testid="diff-record"][data-key="fee"][data-op="added"]').waitFor();
      expect(await page.locator('[data-testid="cs-status"]').getAttribute("data-status")).toBe("pending");
      expect(await page.locator('[data-testid="cs-approval-link"]').getAttribute("href")).toBe(`/approvals/${set.approval_id}`);
      expect(await page.locator('[data-testid="cs-withdraw"]').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/config-change-set.png`, fullPage: true });

      const asZhang = await apiAs(server.url, "zhangwei", DEMO_PASSWORD);
      const todo = (await ok(asZhang("GET", "/approval-tasks?box=todo&page_size=200"), [200])) as { items: Array<{ id: string; instance_id: string }> };
      const task = todo.items.find((t) => t.instance_id === set.approval_id);
      expect(task, "zhangwei holds the approval task").toBeTruthy();
      await ok(asZhang("POST", `/approval-tasks/${task!.id}/approve`, { comment: "同意" }), [200]);

      await expect.poll(async () => {
        await page.reload();
        return page.locator('[data-testid="cs-status"]').getAttribute("data-status");
      }, { timeout: 20_000 }).toBe("released");
      await page.locator('[data-testid="cs-release"]').click();
      const first = page.locator('[data-testid="releases-table"] tr[data-key="1"]');
      await first.waitFor();
      expect(await first.locator('[data-col="status"]').getAttribute("data-status")).toBe("full");

      // a manual gray release of the same version, then promoted to everyone
      const form = page.locator('[data-testid="release-form"]');
      await form.locator(".switch__control").click();
      await form.locator('input[name="consumers"]').fill("erp-a");
      await form.locator('[data-testid="release-submit"]').click();
      await page.locator('[data-testid="gray-panel"][data-release="2"]').waitFor();
      expect(await page.locator('[data-testid="gray-spec"]').innerText()).toContain("erp-a");
      // erp-a reads the table: it gets the gray release, and the page shows who runs what
      const read = (await ok(asZhang("GET", "/config/flow-rates/published?consumer=erp-a"), [200])) as { release: number; gray: boolean };
      expect(read).toMatchObject({ release: 2, gray: true });
      await page.reload();
      await page.locator('[data-testid="consumers-table"] tr[data-key="erp-a"] [data-col="release"]', { hasText: "#2" }).waitFor();
      expect(await page.locator('[data-testid="gray-progress"]').innerText()).toContain("1 / 1");
      await page.screenshot({ path: `${SHOTS}/config-releases-gray.png`, fullPage: true });
      await page.locator('[data-testid="gray-promote"]').click();
      await page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click();
      const second = page.locator('[data-testid="releases-table"] tr[data-key="2"] [data-col="status"]');
      await expect.poll(() => second.getAttribute("data-status"), { timeout: 10_000 }).toBe("full");
      expect(await page.locator('[data-testid="gray-panel"]').count()).toBe(0);
      expect(await first.locator('[data-col="status"]').getAttribute("data-status")).toBe("superseded");
    } finally {
      await b.close();
    }
  }, 120_000);
});
