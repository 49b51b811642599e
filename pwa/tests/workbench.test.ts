/**
 * The home workbench (工作台) in a real browser. A new admin lands on it with to-dos (a locked account,
 * an account nobody signed in to yet) and a security notice (two-step verification off), laid out as a
 * grid on a desktop; a quick command opens the chat console with the command filled in. On a phone a
 * new colleague, after the forced password change, gets one column, empty states that say what to do,
 * pull-to-refresh, and the chat console one tap away in the bottom tabs. A widget that fails shows its own error and
 * loads again on retry while the rest of the page stays; a notification arriving live shows up in its widget.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const widget = (page: Page, id: string) => page.locator(`[data-testid="widget-${id}"]`);

describe.skipIf(!HAS_DIST)("PWA: home workbench", () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let deptId: string;
  let specialistRole: string;
  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    deptId = (await admin<Array<{ id: string; name: string }>>("GET", "/departments?flat=true")).body.data.find((d) => d.name === "运营一部")!.id;
    specialistRole = (await admin<Array<{ id: string; code: string }>>("GET", "/roles")).body.data.find((r) => r.code === "ops_specialist")!.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a new admin lands on a workbench with to-dos and a security notice; a quick command fills the console", async () => {
    const lockedBefore = (await admin<{ count: number }>("GET", "/workbench/widgets/iam.locked_users")).body.data.count;
    // wangfang mistypes her password until she is locked out; a new colleague has not signed in yet
    for (let i = 0; i < 5; i++) {
      await fetch(`${server.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "wangfang", password: "not-her-password" }) });
    }
    expect((await admin("POST", "/users", { username: "newcomer", display_name: "新同事", dept_id: deptId, role_ids: [specialistRole] })).status).toBe(201);

    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="home-page"]').waitFor();
      expect(new URL(page.url()).pathname).toBe("/");

      const notice = widget(page, "iam.security").locator('[data-testid="widget-item"]', { hasText: "尚未开启两步验证" });
      await notice.waitFor();
      expect(await notice.getAttribute("data-tone")).toBe("warning");
      expect(await notice.getAttribute("href")).toBe("/profile?tab=mfa");

      const locked = widget(page, "iam.locked_users");
      expect(await locked.locator('[data-testid="widget-count"]').innerText()).toBe(String(lockedBefore + 1));
      expect(await locked.locator('[data-testid="widget-count"]').getAttribute("class")).toContain("badge--danger");
      const lockedOut = locked.locator('[data-testid="widget-item"]', { hasText: "王芳 (wangfang)" });
      expect(await lockedOut.getAttribute("data-tone")).toBe("danger");
      const pending = widget(page, "iam.pending_users");
      await pending.locator('[data-testid="widget-item"]', { hasText: "新同事 (newcomer)" }).waitFor();
      expect(Number(await page.locator('[data-testid="todo-summary"]').getAttribute("data-count"))).toBeGreaterThanOrEqual(2);

      // desktop: the to-do cards sit side by side
      const [a, c] = [await locked.boundingBox(), await pending.boundingBox()];
      expect(a!.y).toBe(c!.y);
      expect(c!.x).toBeGreaterThan(a!.x);
      await page.screenshot({ path: `${SHOTS}/desktop-workbench.png`, fullPage: true });

      // a to-do opens the page to act on it
      await lockedOut.locator("a").click();
      await page.locator('[data-testid="users-page"]').waitFor();
      await page.goBack();
      await page.locator('[data-testid="quick-commands"]').waitFor();

      // the quick commands follow the permissions: runs needs jobs:view, which the admin holds
      expect(await page.locator('[data-testid="quick-command"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-command")))).toEqual(["help", "whoami", "runs"]);
      // a quick command opens the console with the command typed in, not sent
      await page.locator('[data-testid="quick-command"][data-command="whoami"]').click();
      await page.locator('[data-testid="chat-page"]').waitFor();
      const input = page.locator('[data-testid="chat-input"]');
      await expect.poll(() => input.inputValue()).toBe("whoami");
      expect(await page.locator('[data-testid="chat-command"]').count()).toBe(0);
      expect(new URL(page.url()).search).toBe("");
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="chat-command"]', { hasText: "whoami" }).waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);

  it("on a phone: a new colleague gets one column with empty states that say what to do, and the chat tab opens the console", async () => {
    const created = await admin<{ initial_password: string }>("POST", "/users", { username: "phoneuser", display_name: "手机用户", dept_id: deptId, role_ids: [specialistRole] });
    expect(created.status).toBe(201);
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await page.goto(`${server.url}/login`);
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("phoneuser");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill(created.body.data.initial_password);
      await page.locator('[data-testid="login-submit"]').click();
      const step = page.locator('[data-testid="change-password-step"]');
      await step.waitFor();
      await step.locator('input[name="old_password"]').fill(created.body.data.initial_password);
      await step.locator('input[name="new_password"]').fill("Fresh#Start2026");
      await step.locator('input[name="confirm_password"]').fill("Fresh#Start2026");
      await step.locator('button[type="submit"]').click();
      await page.locator('[data-testid="home-page"]').waitFor();

      // nothing for this reader to administer: no account to-dos at all
      const notifications = widget(page, "notify.unread");
      const empty = notifications.locator('[data-testid="widget-empty"]');
      await empty.waitFor();
      expect(await empty.innerText()).toContain("没有未读通知");
      expect(await empty.locator('[data-testid="widget-empty-action"]').getAttribute("href")).toBe("/notifications/preferences");
      expect(await widget(page, "iam.locked_users").count()).toBe(0);
      expect(await widget(page, "iam.pending_users").count()).toBe(0);
      await widget(page, "iam.security").locator('[data-testid="widget-item"]', { hasText: "尚未开启两步验证" }).waitFor();

      // phone: one column
      const [n, q] = [await notifications.boundingBox(), await page.locator('[data-testid="quick-commands"]').boundingBox()];
      expect(n!.x).toBe(q!.x);
      expect(n!.width).toBe(q!.width);
      await page.screenshot({ path: `${SHOTS}/phone-workbench.png`, fullPage: true });

      // pulling down from the top reloads the page
      const drag = (type: string, y: number) =>
        page.evaluate(([t, at]) => {
          const touch = new Touch({ identifier: 1, target: document.body, clientX: 180, clientY: at as number });
          document.dispatchEvent(new TouchEvent(t as string, { touches: t === "touchend" ? [] : [touch], bubbles: true }));
        }, [type, y] as const);
      await drag("touchstart", 120);
      await drag("touchmove", 230);
      const pull = page.locator('[data-testid="pull-refresh"]');
      expect(await pull.getAttribute("data-ready")).toBe("true");
      expect(await pull.innerText()).toBe("松开刷新");
      await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/workbench?")), drag("touchend", 230)]);
      expect(await pull.count()).toBe(0);

      // the empty state's action leads where it says
      await empty.locator('[data-testid="widget-empty-action"]').click();
      await page.waitForURL(/\/notifications\/preferences$/);

      const tab = page.locator('[data-testid="bottom-nav"] [data-testid="bottom-nav-chat"]');
      expect(await tab.innerText()).toBe("聊天");
      await tab.click();
      await page.locator('[data-testid="chat-page"]').waitFor();
      await page.locator('[data-testid="chat-empty"]').waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);

  it("a widget that fails shows its own error, the others stay, and retry loads it; a live notification shows up", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      // the whole page answers once with the notifications widget failed (as a timed-out widget comes back)
      await page.route("**/api/v1/workbench?*", async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        for (const w of body.data.widgets) {
          if (w.id !== "notify.unread") continue;
          Object.assign(w, { status: "error", count: null, items: [], more: null, empty: null, error: { reason: "workbench.widget_timeout", message: "加载超时，请稍后重试", retryable: true } });
        }
        await route.fulfill({ response, json: body });
      });
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      const failed = widget(page, "notify.unread");
      await failed.locator('[data-testid="widget-error"]', { hasText: "加载超时，请稍后重试" }).waitFor();
      expect(await failed.getAttribute("data-status")).toBe("error");
      expect(await widget(page, "audit.my_activity").getAttribute("data-status")).toBe("ok");

      const [retried] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/workbench/widgets/notify.unread")),
        failed.locator('[data-testid="widget-retry"]').click(),
      ]);
      expect(retried.status()).toBe(200);
      await expect.poll(() => failed.getAttribute("data-status")).toBe("ok");
      expect(await failed.locator('[data-testid="widget-error"]').count()).toBe(0);

      // a notification arriving while the page is open shows up in its widget without a reload
      await page.unroute("**/api/v1/workbench?*");
      await page.locator('[data-testid="inbox-bell"][data-live="open"]').waitFor({ state: "attached" });
      const me = await admin<{ id: string }>("GET", "/auth/me");
      const sent = await admin("POST", "/notify/send", { type: "job.failed", recipients: [me.body.data.id], data: { title: "作业 nightly-sync 失败", body: "退出码 2" } });
      expect(sent.status).toBe(201);
      await failed.locator('[data-testid="widget-item"]', { hasText: "作业 nightly-sync 失败" }).waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);
});
