/**
 * Chat account binding end to end: the bot asks for a code for Feishu user ou_x; lina opens
 * the bot's link while signed out, signs in, lands back on the link, sees which chat account asks
 * (platform, workspace, name, id) and that it will act as her, confirms and sees the binding; the
 * same code again is refused next to the field; while bound the bot acts as lina; unbinding removes
 * the row and the bot loses her. A chat account bound to someone else shows the 409. A sign-in older
 * than 5 minutes must give the password again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "@ops/api/platform/crypto.ts";
import { apiAs, DEMO_PASSWORD, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

// startServer() does not hand out its system; the bot derives its key from OPS_SECRET_KEY the
// same way system.ts does, so the test does too (the secret is the harness's fixed one).
const BOT_KEY = sha256("ops-bot:pwa-browser-test-secret-0123456789");
const FEISHU_USER = "ou_x";

type Envelope<T> = { code: number; message: string; data: T };

async function asBot<T>(base: string, method: string, path: string, body?: unknown, chatUser = FEISHU_USER): Promise<{ status: number; body: Envelope<T> }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bot ${BOT_KEY}`, "x-ops-chat-platform": "feishu", "x-ops-chat-user": chatUser, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Envelope<T> };
}

describe.skipIf(!HAS_DIST)("PWA: chat account binding", () => {
  let server: TestServer;
  // The server's clock runs ahead by this much (ages sessions without waiting).
  let aheadMs = 0;
  beforeAll(async () => {
    server = await startServer({ clock: { now: () => new Date(Date.now() + aheadMs) } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lina binds her Feishu account from the bot's link, a reused code is refused, unbinding removes it", async () => {
    const asked = await asBot<{ code: string; expires_at: string; url: string }>(server.url, "POST", "/im/bind-requests", {
      name: "李娜飞书", workspace_id: "tenant_ops", workspace_name: "运营部飞书", origin: server.url,
    });
    expect(asked.status).toBe(201);
    const { code, url } = asked.body.data;
    expect(url).toMatch(/\/account\/bindings\?code=[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect((await asBot(server.url, "GET", "/auth/me")).status).toBe(401);

    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      // Signed out: the shell sends her to the login page and back to the link afterwards.
      await page.goto(`${server.url}${url.slice(url.indexOf("/account/"))}`);
      await page.waitForURL(/\/login\?redirect=/);
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("lina");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('[data-testid="login-submit"]').click();
      await page.locator('[data-testid="bindings-page"]').waitFor();
      expect(page.url()).toContain(`/account/bindings?code=${code}`);

      const form = page.locator('[data-testid="bind-form"]');
      expect(await form.locator('[data-testid="bind-question"]').innerText()).toContain(code);
      expect(await form.locator('[data-testid="bind-question"]').innerText()).toContain("李娜");
      expect(await form.locator('input[name="code"]').inputValue()).toBe(code);
      // Who asks, and what confirming means, before anything is bound.
      const requester = form.locator('[data-testid="bind-requester"]');
      await requester.waitFor();
      expect(await requester.locator('[data-testid="bind-requester-platform"]').innerText()).toBe("飞书");
      expect(await requester.locator('[data-testid="bind-requester-workspace"]').innerText()).toBe("运营部飞书");
      expect(await requester.locator('[data-testid="bind-requester-name"]').innerText()).toBe("李娜飞书");
      expect(await requester.locator('[data-testid="bind-requester-id"]').innerText()).toBe(FEISHU_USER);
      expect(await requester.locator('[data-testid="bind-warning"]').innerText()).toContain("以你（李娜）的身份");
      // A fresh sign-in: no password asked.
      expect(await form.locator('input[name="password"]').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/phone-bind-confirm.png` });

      const [bound] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/im/bindings") && r.request().method() === "POST"),
        form.locator('[data-testid="bind-submit"]').click(),
      ]);
      expect(bound.status()).toBe(200);
      expect(await form.locator('[data-testid="bind-success"]').innerText()).toContain("飞书");
      await page.waitForURL((u) => !u.search.includes("code="));
      const row = page.locator('[data-testid="bindings-table"] tbody tr', { hasText: FEISHU_USER });
      await row.waitFor();
      expect(await row.locator('[data-testid="binding-platform"]').innerText()).toBe("飞书");
      expect(await row.innerText()).toContain("李娜飞书");

      // While bound, the bot speaks for lina.
      const meViaBot = await asBot<{ username: string }>(server.url, "GET", "/auth/me");
      expect(meViaBot.status).toBe(200);
      expect(meViaBot.body.data.username).toBe("lina");

      // The same code again: refused, the API's message next to the field.
      await form.locator('input[name="code"]').fill(code);
      const [again] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/im/bindings") && r.request().method() === "POST"),
        form.locator('[data-testid="bind-submit"]').click(),
      ]);
      expect(again.status()).toBe(400);
      const fieldError = form.locator(".field__error");
      await fieldError.waitFor();
      expect((await fieldError.innerText()).trim().length).toBeGreaterThan(0);
      expect(await fieldError.innerText()).not.toContain("im.bind_code_invalid");

      await row.locator('[data-testid="binding-unbind"]').click();
      const dialog = page.locator('[data-testid="confirm-dialog"]');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain("李娜飞书");
      const [unbound] = await Promise.all([
        page.waitForResponse((r) => /\/api\/v1\/im\/bindings\/[^/?]+/.test(r.url()) && r.request().method() === "DELETE"),
        dialog.locator(".btn--danger").click(),
      ]);
      expect(unbound.status()).toBe(200);
      await row.waitFor({ state: "detached" });
      expect((await asBot(server.url, "GET", "/auth/me")).status).toBe(401);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("shows the API's conflict when the chat account is already bound to someone else", async () => {
    const first = await asBot<{ code: string }>(server.url, "POST", "/im/bind-requests", { name: "共享账号" }, "ou_y");
    const lina = await apiAs(server.url, "lina", DEMO_PASSWORD);
    expect((await lina("POST", "/im/bindings", { code: first.body.data.code })).status).toBe(200);
    const second = await asBot<{ code: string; url: string }>(server.url, "POST", "/im/bind-requests", { name: "共享账号" }, "ou_y");

    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, "wangfang", DEMO_PASSWORD);
      await page.goto(`${server.url}/account/bindings?code=${second.body.data.code}`);
      const form = page.locator('[data-testid="bind-form"]');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/im/bindings") && r.request().method() === "POST"),
        form.locator('[data-testid="bind-submit"]').click(),
      ]);
      expect(res.status()).toBe(409);
      const error = form.locator('[data-testid="bind-error"]');
      await error.waitFor();
      expect(await error.innerText()).not.toContain("im.already_bound");
      expect(await page.locator('[data-testid="bindings-table"] tbody tr', { hasText: "ou_y" }).count()).toBe(0);
    } finally {
      await b.close();
    }
  }, 60_000);

  it("asks for the password again when the sign-in is older than 5 minutes, and refuses a wrong one", async () => {
    const asked = await asBot<{ code: string }>(server.url, "POST", "/im/bind-requests", { name: "Zhang Wei", workspace_id: "T0OPS" }, "ou_z");
    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await signIn(page, server.url, "zhangwei", DEMO_PASSWORD);
      aheadMs = 6 * 60_000;
      await page.goto(`${server.url}/account/bindings?code=${asked.body.data.code}`);
      const form = page.locator('[data-testid="bind-form"]');
      await form.locator('[data-testid="bind-requester"]').waitFor();
      const password = form.locator('input[name="password"]');
      await password.waitFor();
      expect(await form.locator('[data-testid="bind-requester-workspace"]').innerText()).toBe("T0OPS");
      expect(await form.locator('[data-testid="bind-submit"]').isDisabled()).toBe(true);

      await password.fill("Wrong@pass1");
      const [wrong] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/im/bindings") && r.request().method() === "POST"),
        form.locator('[data-testid="bind-submit"]').click(),
      ]);
      expect(wrong.status()).toBe(400);
      expect(((await wrong.json()) as { reason: string }).reason).toBe("iam.wrong_password");
      await form.locator(".field__error").waitFor();

      await password.fill(DEMO_PASSWORD);
      const [ok] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/im/bindings") && r.request().method() === "POST"),
        form.locator('[data-testid="bind-submit"]').click(),
      ]);
      expect(ok.status()).toBe(200);
      await form.locator('[data-testid="bind-success"]').waitFor();
    } finally {
      aheadMs = 0;
      await b.close();
    }
  }, 60_000);
});
