/**
 * 审批代理 page: zhoujie (lina's department head) opens it from his profile, is told a period that
 * ends before it starts is wrong (under 结束时间), then delegates 请假 to wuqian; lina's leave
 * request lands in wuqian's 待办 as a delegated task; zhoujie removes the delegation after a confirm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, pick, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const HOUR = 3_600_000;
/** a datetime-local value (the browser's local time, the same machine's zone) */
const local = (ms: number) => {
  const d = new Date(Date.now() + ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

type Task = { id: string; instance_id: string; relation: string; delegated_from: string | null };

describe.skipIf(!HAS_DIST)("PWA: my delegations while away", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("adds a delegation (a bad range refused at its field), the delegate gets the approval, then removes it", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, "zhoujie", DEMO_PASSWORD);
      await page.goto(`${server.url}/profile`);
      await page.locator('[data-testid="profile-delegations-link"]').click();
      const form = page.locator('[data-testid="delegation-form"]');
      await form.waitFor();
      await form.locator('[data-field="delegate_id"] [data-testid="user-search"]').fill("wuqian");
      await form.locator('[data-testid="user-option"][data-username="wuqian"]').click();
      await form.locator('[data-testid="user-picked"]').waitFor();
      await form.locator('input[name="starts_at"]').fill(local(-HOUR));
      await form.locator('input[name="ends_at"]').fill(local(-2 * HOUR));
      await pick(page, "definitions", "请假");
      await page.keyboard.press("Escape");
      await form.locator('input[name="reason"]').fill("年假");
      await form.locator('[data-testid="delegation-create"]').click();
      await form.locator(".field__error", { hasText: "结束时间须晚于开始时间" }).waitFor();
      expect(await page.locator('[data-testid="delegation-table"] [data-col="who"]').count()).toBe(0);

      await form.locator('input[name="ends_at"]').fill(local(48 * HOUR));
      await form.locator('[data-testid="delegation-create"]').click();
      const row = page.locator('[data-testid="delegation-table"] tbody tr', { hasText: "委托给" });
      await row.locator('[data-col="state"]', { hasText: "生效中" }).waitFor();
      expect(await row.locator('[data-col="definitions"]').innerText()).toBe("请假");
      expect(await row.locator('[data-col="reason"]').innerText()).toBe("年假");

      // lina's leave would go to zhoujie (her department head): it lands with wuqian instead
      const asLina = await apiAs(server.url, "lina", DEMO_PASSWORD);
      const started = await asLina<{ id: string }>("POST", "/approvals", { definition: "leave", title: "代理测试", form: { leave_type: "年假", dates: ["2026-12-28", "2026-12-29"], days: 2 } });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const todo = async (user: string) => (await (await apiAs(server.url, user, DEMO_PASSWORD))<{ items: Task[] }>("GET", "/approval-tasks?box=todo&page_size=100")).body.data.items;
      const task = (await todo("wuqian")).find((t) => t.instance_id === started.body.data.id);
      expect(task).toMatchObject({ relation: "delegate" });
      expect((await todo("zhoujie")).some((t) => t.instance_id === started.body.data.id)).toBe(false);

      await row.locator('[data-testid="delegation-remove"]').click();
      await page.locator('[data-testid="confirm-dialog"]').getByRole("button", { name: "确定" }).click();
      await page.locator('[data-testid="delegation-table"]', { hasText: "还没有代理设置" }).waitFor();
      const asZhoujie = await apiAs(server.url, "zhoujie", DEMO_PASSWORD);
      expect((await asZhoujie<{ total: number }>("GET", "/approval-delegations")).body.data.total).toBe(0);
    } finally {
      await b.close();
    }
  });
});
