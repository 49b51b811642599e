/**
 * SMS codes in a real browser, through the SMS stand-in: lina signs in by phone from the login
 * page's "短信登录" tab (the button counts down after a send; a wrong code is flagged on its field);
 * a sixth code for one phone within a minute shows the API's wait beside the phone field. liuyang,
 * whose second factor is SMS (turned on through the API), passes the MFA step with a texted code;
 * zhangwei turns SMS verification on in his profile. xuhao (authenticator only) asking for an SMS
 * code is told SMS is not on and keeps the authenticator; chenjing, whose role now demands MFA,
 * chooses SMS at the MFA setup step.
 */
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TOTP_SECRET } from "@ops/api/demo/company.data.ts";
import { startFakeSms, type FakeSms } from "../../scripts/fakes/sms.ts";
import { apiAs, DEMO_PASSWORD, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type SystemServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

/** The code in the latest text the stand-in got for this number, once it arrived. */
async function codeFor(sms: FakeSms, phone: string, count: number): Promise<string> {
  const items = await sms.sms.waitFor(count);
  const last = [...items].reverse().find((m) => m.to.replace(/\D/g, "").endsWith(phone));
  const code = last?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code sent to ${phone}`);
  return code;
}

describe.skipIf(!HAS_DIST)("PWA: SMS codes", () => {
  let sms: FakeSms;
  let server: SystemServer;

  beforeAll(async () => {
    sms = startFakeSms();
    server = await startServer({ env: { OPS_SMS_URL: sms.url } });
  });
  afterAll(async () => {
    await server?.close();
    await sms?.close();
  });

  it("signs lina in by phone: get a code (countdown), a wrong code flagged, the right one lets her in", async () => {
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/login`);
      await page.getByRole("tab", { name: "短信登录" }).click();
      const form = page.locator('[data-testid="sms-login-form"]');
      await form.locator('input[name="phone"]').fill("13800000002");
      const before = sms.sms.items.length;
      await form.locator('[data-testid="sms-send"]').click();
      const code = await codeFor(sms, "13800000002", before + 1);
      await expect.poll(() => form.locator('[data-testid="sms-sent"]').innerText()).toContain("138****0002");
      expect(await form.locator('[data-testid="sms-send"]').innerText()).toMatch(/\d+ 秒后重发/);
      expect(await form.locator('[data-testid="sms-send"]').isDisabled()).toBe(true);

      await form.locator('input[name="code"]').fill(code === "000000" ? "111111" : "000000");
      await form.locator('[data-testid="sms-login-submit"]').click();
      await expect.poll(() => form.locator(".field__error").innerText()).toContain("验证码错误");
      await page.screenshot({ path: `${SHOTS}/phone-sms-login.png` });

      await form.locator('input[name="code"]').fill(code);
      await form.locator('[data-testid="sms-login-submit"]').click();
      await page.locator('[data-testid="app-shell"]').waitFor();
      expect(await page.evaluate(() => JSON.parse(localStorage.getItem("ops.tokens") ?? "{}").access_token)).toBeTruthy();
    } finally {
      await b.close();
    }
  }, 30_000);

  it("a sixth code for one phone within a minute shows the wait beside the phone field", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${server.url}/api/v1/auth/sms/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "13800000003" }) });
      expect(r.status).toBe(200);
    }
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/login`);
      await page.getByRole("tab", { name: "短信登录" }).click();
      const form = page.locator('[data-testid="sms-login-form"]');
      await form.locator('input[name="phone"]').fill("13800000003");
      await form.locator('[data-testid="sms-send"]').click();
      await expect.poll(() => form.locator(".field__error").innerText()).toMatch(/请 \d+ 秒后再试/);
      expect(await form.locator('[data-testid="sms-send"]').isDisabled()).toBe(true);
      expect(await form.locator('[data-testid="sms-send"]').innerText()).toMatch(/\d+ 秒后重发/);
    } finally {
      await b.close();
    }
  }, 30_000);

  it("liuyang's second step takes a texted code; zhangwei turns SMS verification on in his profile", async () => {
    // SMS as liuyang's second factor, through the API
    const asLiu = await apiAs(server.url, "liuyang", DEMO_PASSWORD);
    let count = sms.sms.items.length;
    expect((await asLiu("POST", "/auth/mfa/sms/setup")).status).toBe(200);
    const setupCode = await codeFor(sms, "13800000004", ++count);
    expect((await asLiu("POST", "/auth/mfa/sms/enable", { code: setupCode })).body.data).toMatchObject({ mfa_sms: true });

    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/login`);
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("liuyang");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('[data-testid="login-submit"]').click();
      const mfa = page.locator('[data-testid="mfa-form"]');
      await mfa.waitFor();
      await mfa.locator('[data-testid="mfa-use-sms"]').click();
      await mfa.locator('[data-testid="mfa-sms-send"]').click();
      const code = await codeFor(sms, "13800000004", ++count);
      await expect.poll(() => mfa.locator('[data-testid="sms-sent"]').innerText()).toContain("138****0004");
      await page.screenshot({ path: `${SHOTS}/phone-mfa-sms.png` });
      await mfa.locator('input[name="code"]').fill(code);
      await mfa.locator('button[type="submit"]').click();
      await page.locator('[data-testid="app-shell"]').waitFor();

      // zhangwei: profile → 两步验证 → turn SMS on with the code sent to his profile phone
      await page.evaluate(() => localStorage.clear());
      await signIn(page, server.url, "zhangwei", DEMO_PASSWORD);
      await page.goto(`${server.url}/profile?tab=mfa`);
      const panel = page.locator('[data-testid="sms-factor-panel"]');
      expect(await panel.getAttribute("data-on")).toBe("0");
      await panel.locator('[data-testid="sms-factor-on"]').click();
      await panel.locator('[data-testid="sms-setup-send"]').click();
      const mine = await codeFor(sms, "13800000001", ++count);
      await panel.locator('input[name="code"]').fill(mine);
      await panel.locator('[data-testid="sms-setup-enable"]').click();
      await expect.poll(() => panel.getAttribute("data-on")).toBe("1");
      expect(await page.locator('[data-testid="mfa-methods"]').innerText()).toContain("短信验证码");
    } finally {
      await b.close();
    }
  }, 40_000);

  it("xuhao has no SMS factor: asking for a code says so, and the authenticator code still signs him in", async () => {
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/login`);
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("xuhao");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('[data-testid="login-submit"]').click();
      const mfa = page.locator('[data-testid="mfa-form"]');
      await mfa.locator('[data-testid="mfa-use-sms"]').click();
      await mfa.locator('[data-testid="mfa-sms-send"]').click();
      expect(await page.locator('[data-testid="login-error"]').innerText()).toContain("此账号未开启短信两步验证");
      expect(await mfa.getAttribute("data-mode")).toBe("totp");
      expect(await mfa.locator('[data-testid="mfa-use-sms"]').count()).toBe(0);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRET), digits: 6, period: 30 }).generate();
      await mfa.locator('input[name="code"]').fill(totp);
      await mfa.locator('button[type="submit"]').click();
      await page.locator('[data-testid="app-shell"]').waitFor();
    } finally {
      await b.close();
    }
  }, 30_000);

  it("chenjing's role demands MFA: she picks SMS at the setup step and goes on in", async () => {
    await server.system.db.run("UPDATE roles SET mfa_required = 1 WHERE code = 'auditor'");
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/login`);
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("chenjing");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill(DEMO_PASSWORD);
      await page.locator('[data-testid="login-submit"]').click();
      const step = page.locator('[data-testid="mfa-setup-step"]');
      await step.locator('[data-testid="mfa-setup-switch"]').click();
      const count = sms.sms.items.length;
      await step.locator('[data-testid="sms-setup-send"]').click();
      const code = await codeFor(sms, "13800000005", count + 1);
      await step.locator('input[name="code"]').fill(code);
      await page.screenshot({ path: `${SHOTS}/phone-mfa-setup-sms.png` });
      await step.locator('[data-testid="sms-setup-enable"]').click();
      await page.locator('[data-testid="app-shell"]').waitFor();
    } finally {
      await b.close();
    }
  }, 30_000);
});
