/**
 * The approval designer in a real browser against a real server:
 * - desktop: a definition built from scratch (settings; a form of 3 fields; a condition branch on
 *   the amount with a default; a countersign node of two people in it; an approver left empty in
 *   the default; a CC after the split; a hook running a job when approved), validated (the empty approver shows its problem at its
 *   card), fixed, saved, published; an approval started through the API is routed by the
 *   condition to the countersign node; the list shows it published; v1 opens read-only; exported
 *   as BPMN and imported again under another key, the same graph comes back as a draft;
 * - phone: a node inserted with "+", edited in the bottom sheet; a sub-process after it starts 采购, one
 *   of whose published fields is filled from a template, and its card names the definition.
 */
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
type Edge = { from: string; to: string; condition?: string | null };
const sortEdges = (edges: Edge[]) => edges.map((e) => `${e.from}>${e.to}:${e.condition ?? "-"}`).sort();
const card = (page: Page, key: string) => page.locator(`[data-testid="apd-node"][data-key="${key}"]`);
const sheet = (page: Page) => page.locator('[data-testid="apd-sheet"]');
const closeSheet = async (page: Page) => {
  await page.locator('[data-testid="apd-sheet-close"]').click();
  await sheet(page).waitFor({ state: "detached" });
};
/** the "+" at a place: the main column's (owner root) or the n-th branch's first */
const addAt = async (page: Page, where: string, type: "approver" | "cc" | "subprocess" | "condition" | "parallel") => {
  await page.locator(where).click();
  await page.locator(`[data-testid="apd-add-menu"] [data-testid="apd-add-${type}"]`).click();
  await sheet(page).waitFor();
};
/** picks people in the open sheet's people picker: search by username, tap the match */
async function pickPeople(page: Page, field: string, usernames: string[]): Promise<void> {
  for (const username of usernames) {
    await sheet(page).locator(`[data-field="${field}"] [data-testid="user-search"]`).fill(username);
    await sheet(page).locator(`[data-field="${field}"] [data-testid="user-option"][data-username="${username}"]`).click();
  }
}

describe.skipIf(!HAS_DIST)("PWA: approval designer", () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(async () => {
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("builds a definition from scratch, shows a problem at its node, publishes it, and an approval is routed by the condition", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] [data-menu="approvals:design"]').click();
      await page.locator('[data-testid="approval-definitions-page"]').waitFor();
      await page.locator('[data-testid="approval-definition-create"]').click();
      await page.locator('[data-testid="apd-settings"]').waitFor();
      await page.locator('[data-testid="apd-settings"] input[name="key"]').fill("expense_e2e");
      await page.locator('[data-testid="apd-settings"] input[name="name"]').fill("费用报销");

      // the form: reason (text, required), amount (money), day (date)
      await page.getByRole("tab", { name: "表单设计" }).click();
      const field = async (type: string, i: number, key: string, label: string) => {
        await page.locator(`[data-testid="apf-add-${type}"]`).click();
        await page.locator(`input[name="field${i}_label"]`).fill(label);
        await page.locator(`input[name="field${i}_key"]`).fill(key);
      };
      await field("text", 0, "reason", "事由");
      await page.locator('[data-testid="apf-editor-field0"]').getByText("必填").click();
      await field("money", 1, "amount", "金额");
      await field("date", 2, "day", "日期");
      // the live preview is the start page's renderer
      await page.locator('[data-testid="apf-preview-form"] [data-form-field="amount"][data-type="money"]').waitFor();
      expect(await page.locator('[data-testid="apf-preview-form"] [data-form-field]').count()).toBe(3);

      // the flow: a condition on the amount; a countersign in its first branch; an empty approver in the default
      await page.getByRole("tab", { name: /^流程设计/ }).click();
      await addAt(page, '[data-testid="apd-add"][data-owner="root"][data-index="0"]', "condition");
      await sheet(page).locator('textarea[name="condition"]').fill("form.amount > 1000");
      await closeSheet(page);
      const branches = page.locator('[data-testid="apd-condition"] [data-testid="apd-branch"]');
      expect(await branches.nth(1).getAttribute("data-default")).toBe("true");
      await addAt(page, '[data-testid="apd-branch"]:nth-child(1) [data-testid="apd-add"][data-index="0"]', "approver");
      await sheet(page).locator('input[name="node_name"]').fill("财务会签");
      await pickPeople(page, "approvers_users", ["lina", "wangfang"]);
      await pick(page, "mode", "会签");
      await closeSheet(page);
      await expect.poll(() => card(page, "approver1").innerText()).toContain("李娜、王芳 · 会签");
      await addAt(page, '[data-testid="apd-branch"]:nth-child(2) [data-testid="apd-add"][data-index="0"]', "approver");
      await closeSheet(page);
      await addAt(page, '[data-testid="apd-add"][data-owner="root"][data-index="1"]', "cc");
      await pickPeople(page, "cc_users", ["zhangwei"]);
      await closeSheet(page);

      // 校验: the approver without people is marked at its card, and nowhere else
      await page.locator('[data-testid="apd-check"]').click();
      await card(page, "approver2").and(page.locator('[data-issues="1"]')).waitFor();
      expect(await card(page, "approver2").locator('[data-testid="apd-node-issue"]').innerText()).toBe("1");
      expect(await card(page, "approver1").getAttribute("data-issues")).toBe("0");
      await page.screenshot({ path: join(SHOTS, "approval-designer-issue-desktop.png"), fullPage: true });
      // fixed in its sheet: the initiator's department head instead
      await card(page, "approver2").click();
      await pick(page, "approvers_type", "部门主管");
      await closeSheet(page);
      await page.locator('[data-testid="apd-check"]').click();
      await page.locator('[data-testid="apd-check-state"]', { hasText: "校验通过" }).waitFor();

      // a hook: when approved, run a saved job with the amount
      await page.getByRole("tab", { name: /^钩子/ }).click();
      await page.locator('[data-testid="apd-hook-add"]').click();
      await pick(page, "hook0_ref", "daily-report-summary");
      await page.locator('textarea[name="hook0_params"]').fill("amount={form.amount}");

      await page.locator('[data-testid="apd-publish"]').click();
      await page.waitForURL(/\/approval-definitions\/(?!new)[^/]+$/);
      await page.locator('[data-testid="apd-status"][data-status="published"]').waitFor();
      expect(await page.locator('[data-testid="apd-start"]').getAttribute("href")).toBe("/approvals/new?definition=expense_e2e");
      await page.screenshot({ path: join(SHOTS, "approval-designer-published-desktop.png"), fullPage: true });

      // the stored graph: the condition's edges in priority order, the default last
      const def = (await admin<{ edges: Edge[]; nodes: Array<{ key: string; mode?: string }>; hooks: unknown[] }>("GET", "/approval-definitions/expense_e2e")).body.data;
      expect(def.edges.filter((e) => e.from === "cond1").map((e) => [e.to, e.condition ?? null])).toEqual([["approver1", "form.amount > 1000"], ["approver2", null]]);
      expect(def.nodes.find((n) => n.key === "approver1")?.mode).toBe("and");
      expect(def.hooks).toEqual([{ on: "approved", run: { type: "job", ref: "daily-report-summary" }, params: { amount: "{form.amount}" } }]);

      // routed by the condition: 5000 goes to the countersign node, both people get a task
      const started = await admin<{ id: string; current: Array<{ node_key: string; mode: string; tasks: Array<{ assignee_name: string }> }> }>("POST", "/approvals", {
        definition: "expense_e2e", title: "差旅报销", form: { reason: "出差", amount: 5000, day: "2026-12-01" },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      expect(started.body.data.current.map((c) => c.node_key)).toEqual(["approver1"]);
      expect(started.body.data.current[0]!.tasks.map((t) => t.assignee_name).sort()).toEqual(["李娜", "王芳"]);

      // the list shows it published; its version opens read-only
      await page.goto(`${server.url}/approval-definitions?status=published`);
      const row = page.locator('[data-testid="approval-definitions-table"] tr.table__row', { hasText: "费用报销" });
      await row.locator('[data-testid="apd-status"][data-status="published"]').waitFor();
      await row.locator('[data-testid="approval-definition-open"]').click();
      await page.getByRole("tab", { name: "版本" }).click();
      await page.locator('[data-testid="apd-view-version"]').first().click();
      const view = page.locator('[data-testid="apd-version-view"][data-version="1"]');
      await view.locator('[data-testid="apd-node"][data-key="approver1"]').waitFor();
      expect(await view.locator('[data-testid="apd-add"]').count()).toBe(0);

      // BPMN round trip: the draft exported, imported again under another key, the same graph back
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="apd-facts"] [data-testid="apd-bpmn-export"]').click()]);
      const xml = readFileSync((await download.path())!, "utf8");
      expect(xml).toContain("bpmn");
      await page.goto(`${server.url}/approval-definitions`);
      await page.locator('[data-testid="apd-bpmn-import"]').click();
      const dialog = page.locator('[data-testid="apd-bpmn-dialog"]');
      await dialog.locator('[data-testid="apd-bpmn-file"]').setInputFiles({ name: "expense.bpmn", mimeType: "application/xml", buffer: Buffer.from(xml) });
      await dialog.locator('input[name="import_key"]').fill("expense_copy");
      await dialog.locator('[data-testid="apd-bpmn-submit"]').click();
      await page.waitForURL(/\/approval-definitions\/(?!new)[^/]+$/);
      await card(page, "approver1").waitFor();
      const copy = (await admin<{ status: string; edges: unknown[] }>("GET", "/approval-definitions/expense_copy")).body.data;
      expect(copy.status).toBe("draft");
      expect(sortEdges(copy.edges as Edge[])).toEqual(sortEdges(def.edges));
    } finally {
      await b.close();
    }
  }, 120_000);

  it("phone: inserts a node with + and edits it in the bottom sheet", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/approval-definitions/new`);
      await page.getByRole("tab", { name: /^流程设计/ }).click();
      await addAt(page, '[data-testid="apd-add"][data-owner="root"][data-index="0"]', "approver");
      // a sheet from the bottom, as wide as the screen
      const box = (await sheet(page).boundingBox())!;
      expect(Math.round(box.y + box.height)).toBe(PHONE.height);
      expect(Math.round(box.width)).toBe(PHONE.width);
      await sheet(page).locator('input[name="node_name"]').fill("主管审批");
      await pick(page, "approvers_type", "部门主管");
      await pick(page, "mode", "依次审批");
      await page.screenshot({ path: join(SHOTS, "approval-designer-sheet-phone.png") });
      await closeSheet(page);
      await expect.poll(() => card(page, "approver1").innerText()).toContain("主管审批");
      expect(await card(page, "approver1").innerText()).toContain("第 1 级部门主管 · 依次审批");

      await addAt(page, '[data-testid="apd-add"][data-owner="root"][data-index="1"]', "subprocess");
      await pick(page, "subprocess_definition", "采购");
      const amount = sheet(page).locator('[data-testid="apd-subprocess-row"][data-child="amount"] input[name="subprocess_form_amount"]');
      await amount.fill("{instance.title}");
      expect(await sheet(page).locator('[data-testid="apd-subprocess-row"]').count()).toBe(4);
      await page.screenshot({ path: join(SHOTS, "approval-designer-subprocess-phone.png") });
      await closeSheet(page);
      expect(await card(page, "sub1").innerText()).toContain("发起「采购」");
      await card(page, "sub1").click();
      expect(await amount.inputValue()).toBe("{instance.title}");
    } finally {
      await b.close();
    }
  }, 60_000);
});
