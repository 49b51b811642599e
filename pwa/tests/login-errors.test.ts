/** Sign-in failures the user must understand: wrong password, locked account (423), rate limit (429). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, SHOTS, startServer, type TestServer } from "./browser-harness.ts";
import type { Page } from "playwright-core";

async function attempt(page: Page, username: string, password: string) {
  await page.locator('[data-testid="login-form"] input[name="username"]').fill(username);
  await page.locator('[data-testid="login-form"] input[name="password"]').fill(password);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/v1/auth/login")),
    page.locator('[data-testid="login-submit"]').click(),
  ]);
  const alert = page.locator('[data-testid="login-error"]');
  await alert.waitFor();
  return { status: res.status(), kind: await alert.getAttribute("data-kind"), text: await alert.innerText() };
}

const postLogin = (base: string, username: string, password: string) =>
  fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });

describe.skipIf(!HAS_DIST)("PWA: sign-in failures", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("shows the reason an SSO round trip came back with", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      await b.page.goto(`${server.url}/login#sso_error=iam.sso_no_account`);
      const alert = b.page.locator('[data-testid="login-error"]');
      await alert.waitFor();
      expect(await alert.innerText()).toContain("未关联");
      expect(await b.page.evaluate(() => location.hash)).toBe("");
    } finally {
      await b.close();
    }
  }, 60_000);

  it("shows wrong password, then a locked account, then the rate limit clearly", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    try {
      await page.goto(`${server.url}/login`);
      const wrong = await attempt(page, "lina", "not-her-password");
      expect(wrong).toMatchObject({ status: 401, kind: "error" });

      // the lockout threshold (5) of wrong passwords locks wangfang; the right one then gets 423
      for (let i = 0; i < 5; i++) await postLogin(server.url, "wangfang", "nope");
      const lockedOut = await attempt(page, "wangfang", DEMO_PASSWORD);
      expect(lockedOut).toMatchObject({ status: 423, kind: "locked" });
      expect(lockedOut.text).toContain("锁定");
      await page.screenshot({ path: `${SHOTS}/desktop-login-locked.png` });

      // flood from this address until the per-address limit answers 429
      let status = 0;
      for (let i = 0; i < 60 && status !== 429; i++) status = (await postLogin(server.url, `ghost${i}`, "x")).status;
      expect(status).toBe(429);
      const limited = await attempt(page, "lina", DEMO_PASSWORD);
      expect(limited).toMatchObject({ status: 429, kind: "limited" });
    } finally {
      await b.close();
    }
  }, 90_000);
});
