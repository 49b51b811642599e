/**
 * Sign-in steps beyond the password: forced password change for a new user, binding MFA in
 * "my account" and signing in again with a recovery code, and the silent token refresh.
 */
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, startServer, type TestServer } from "./browser-harness.ts";

const totpNow = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();

describe.skipIf(!HAS_DIST)("PWA: sign-in flows", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a new user must change the generated password before the app opens", async () => {
    const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const depts = await admin<Array<{ id: string }>>("GET", "/departments");
    const roles = await admin<Array<{ id: string; code: string }>>("GET", "/roles");
    const created = await admin<{ initial_password: string }>("POST", "/users", {
      username: "newbie", display_name: "新同事", dept_id: depts.body.data[0]!.id, role_ids: [roles.body.data.find((r) => r.code === "ops_specialist")!.id],
    });
    expect(created.status).toBe(201);

    const b = await openBrowser(PHONE);
    const { page } = b;
    try {
      await page.goto(`${server.url}/login`);
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("newbie");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill(created.body.data.initial_password);
      await page.locator('[data-testid="login-submit"]').click();
      const step = page.locator('[data-testid="change-password-step"]');
      await step.waitFor();
      await page.screenshot({ path: `${SHOTS}/phone-change-password.png` });
      await step.locator('input[name="old_password"]').fill(created.body.data.initial_password);
      // too weak first: the policy error appears next to the field
      await step.locator('input[name="new_password"]').fill("short");
      await step.locator('input[name="confirm_password"]').fill("short");
      await step.locator('button[type="submit"]').click();
      await step.locator('[data-testid="password-form"] .field__error').first().waitFor();
      await step.locator('input[name="new_password"]').fill("Fresh#Start2026");
      await step.locator('input[name="confirm_password"]').fill("Fresh#Start2026");
      const [changed] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/v1/auth/password")), step.locator('button[type="submit"]').click()]);
      expect(changed.status()).toBe(200);
      await page.locator('[data-testid="app-shell"]').waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);

  it("binds MFA in my account, then signs in with a recovery code", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, "chenjing", "Ops@demo2026");
      await page.goto(`${server.url}/profile?tab=mfa`);
      const panel = page.locator('[data-testid="mfa-panel"]');
      await panel.getByRole("button").first().click();
      const secret = await page.locator('[data-testid="mfa-secret"]').innerText();
      await page.locator('[data-testid="mfa-setup-form"] input[name="code"]').fill(totpNow(secret));
      await page.locator('[data-testid="mfa-setup-form"] button[type="submit"]').click();
      const codes = page.locator('[data-testid="recovery-codes"] li');
      await codes.first().waitFor();
      await page.screenshot({ path: `${SHOTS}/desktop-recovery-codes.png` });
      const recovery = await codes.first().innerText();

      await page.locator('[data-testid="logout"]').click();
      await page.locator('[data-testid="login-form"]').waitFor();
      await page.locator('[data-testid="login-form"] input[name="username"]').fill("chenjing");
      await page.locator('[data-testid="login-form"] input[name="password"]').fill("Ops@demo2026");
      await page.locator('[data-testid="login-submit"]').click();
      const mfa = page.locator('[data-testid="mfa-form"]');
      await mfa.waitFor();
      await mfa.locator("button:not([type=submit])").last().click(); // use a recovery code instead
      await mfa.locator('input[name="code"]').fill(recovery.trim());
      await mfa.locator('button[type="submit"]').click();
      await page.locator('[data-testid="app-shell"]').waitFor();
    } finally {
      await b.close();
    }
  }, 90_000);

  it("refreshes an invalid access token once and carries on", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      const before = await page.evaluate(() => JSON.parse(localStorage.getItem("ops.tokens")!) as { refresh_token: string });
      await page.evaluate(() => {
        const t = JSON.parse(localStorage.getItem("ops.tokens")!);
        localStorage.setItem("ops.tokens", JSON.stringify({ ...t, access_token: "expired.or.forged" }));
      });
      const refreshed = page.waitForResponse((r) => r.url().includes("/api/v1/auth/refresh") && r.status() === 200);
      await page.locator('[data-testid="sidebar"] a[data-menu="menu:iam:users"]').click();
      await refreshed;
      await page.locator('[data-testid="users-table"]').waitFor();
      const after = await page.evaluate(() => JSON.parse(localStorage.getItem("ops.tokens")!) as { access_token: string; refresh_token: string });
      expect(after.access_token).not.toBe("expired.or.forged");
      // refresh tokens rotate (an access token signed in the same second can be identical)
      expect(after.refresh_token).not.toBe(before.refresh_token);
    } finally {
      await b.close();
    }
  }, 90_000);
});
