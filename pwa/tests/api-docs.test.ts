/**
 * The API try-it console at /api/docs (Swagger UI served from node_modules): it loads under its
 * Content-Security-Policy with no violation and no request to another origin, lists the users
 * operations with the zh-CN markdown rendered, offers the bearer and bot schemes, and "Try it out"
 * answers from this server, the token kept across a reload (persistAuthorization).
 * It needs no PWA build: the page is the API's. The profile page's link to it needs the build.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ADMIN, DESKTOP, HAS_DIST, apiAs, openBrowser, signIn, startServer, type TestServer } from "./browser-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

/** CSP violations (page event and console) and every request that leaves this server's origin. */
async function watch(page: Page, origin: string) {
  const violations: string[] = [];
  const foreign: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
  });
  await page.context().exposeBinding("__cspViolation", (_source, text: string) => void violations.push(text));
  await page.context().addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return { violations, foreign };
}

/** Expands an operation (Swagger UI ids are `operations-<tag>-<operationId>`), executes it, returns the shown status. */
async function execute(page: Page, id: string): Promise<string> {
  const op = page.locator(`#${id}`);
  if (!(await op.locator(".opblock-body").isVisible())) await op.locator(".opblock-summary-control").click();
  const answer = page.waitForResponse((r) => r.request().method() !== "OPTIONS" && r.url().includes("/api/v1/"));
  await op.locator("button.execute").click();
  await answer;
  return (await op.locator(".live-responses-table tbody .response-col_status").first().textContent())?.trim() ?? "";
}

describe("API docs: the try-it console", () => {
  it("loads offline under its CSP, lists the users operations and tries a public and a signed-in call", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    const seen = await watch(page, server.url);
    try {
      const doc = await page.goto(`${server.url}/api/docs`);
      const csp = doc!.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("script-src 'self'");
      // the app's policy as is: no inline script or style allowed for this page either
      expect(csp).not.toContain("unsafe-");

      // zh-CN markdown of info.description rendered (a heading, a table), tags with their descriptions
      await page.locator(".info .renderedMarkdown h2", { hasText: "认证" }).waitFor();
      expect(await page.locator(".info .renderedMarkdown table").count()).toBeGreaterThan(0);
      await page.locator(".opblock-tag", { hasText: "身份与权限" }).first().waitFor();

      const users = page.locator("#operations-iam-iamUserList");
      await users.waitFor();
      expect(await users.locator(".opblock-summary-path").textContent()).toContain("/api/v1/users");
      expect(await users.locator(".opblock-summary-description").textContent()).toBe("用户列表");
      await expect(page.locator("#operations-iam-iamUserCreate").textContent()).resolves.toContain("创建用户");
      // every tag opens on demand, the last one too (listing all at once stopped rendering past ~140 operations)
      const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { tags: { name: string }[] };
      const last = spec.tags.at(-1)!.name;
      await page.locator(`#operations-tag-${last}`).click();
      await page.locator(`[id^="operations-${last}-"]`).first().waitFor();
      expect(await page.locator(".opblock").count()).toBeGreaterThan(49);

      // Authorize offers both schemes
      await page.locator(".auth-wrapper button.authorize").click();
      const dialog = page.locator(".dialog-ux .modal-ux");
      await dialog.locator(".auth-container").first().waitFor();
      const schemes = await dialog.locator(".auth-container h4").allTextContents();
      expect(schemes.join(" ")).toMatch(/bearer/);
      expect(schemes.join(" ")).toMatch(/bot/);

      // A bearer token from the login API, kept across a reload
      const token = await tokenOf(server.url);
      await dialog.locator(".auth-container", { hasText: "bearer" }).locator("input").fill(token);
      await dialog.locator(".auth-container", { hasText: "bearer" }).locator("button.authorize").click();
      await dialog.locator("button.close-modal").click();

      expect(await execute(page, "operations-iam-iamAuthPasswordPolicy")).toBe("200");
      await page.reload();
      await page.locator("#operations-iam-iamAuthMe").waitFor();
      expect(await execute(page, "operations-iam-iamAuthMe")).toBe("200");

      expect(seen.violations).toEqual([]);
      expect(seen.foreign).toEqual([]);
    } finally {
      await b.close();
    }
  }, 120_000);

  it.skipIf(!HAS_DIST)("is linked from the profile page", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      await signIn(b.page, server.url, ADMIN.username, ADMIN.password);
      await b.page.goto(`${server.url}/profile`);
      const link = b.page.locator('[data-testid="profile-api-docs-link"]');
      expect(await link.getAttribute("href")).toBe("/api/docs");
      const [docs] = await Promise.all([b.context.waitForEvent("page"), link.click()]);
      await docs.locator("#operations-iam-iamUserList").waitFor();
    } finally {
      await b.close();
    }
  }, 120_000);
});

async function tokenOf(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
  });
  const token = ((await res.json()) as { data: { access_token: string } }).data.access_token;
  // the token works before the page uses it
  expect((await (await apiAs(base, ADMIN.username, ADMIN.password))("GET", "/auth/me")).status).toBe(200);
  return token;
}
