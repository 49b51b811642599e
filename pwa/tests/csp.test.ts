/**
 * The PWA under its Content-Security-Policy (no inline script or style, same-origin only): every
 * page an admin opens, the service worker registration and the API docs page run without a
 * single violation. Violations are collected in the page (`securitypolicyviolation`) and from
 * the console, where chromium reports blocked inline code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, DESKTOP, HAS_DIST, openBrowser, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const PAGES = ["/", "/profile", "/iam/users", "/iam/departments", "/iam/roles", "/iam/settings", "/audit/logs", "/notifications", "/notifications/preferences", "/chat"];

describe.skipIf(!HAS_DIST)("PWA: Content-Security-Policy", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("runs every page, the service worker and the API docs without a CSP violation", async () => {
    const b = await openBrowser(DESKTOP);
    const { page, context } = b;
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
    });
    await context.exposeBinding("__cspViolation", (_source, text: string) => void violations.push(text));
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    try {
      const doc = await page.goto(`${server.url}/login`);
      const csp = doc!.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // The service worker registers from registerSW.js (a file) and takes control.
      await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === "activated");
      for (const path of PAGES) {
        await page.goto(`${server.url}${path}`);
        await page.locator('[data-testid="app-shell"]').waitFor();
        await page.waitForLoadState("networkidle");
      }
      // A dialog (portal + positioning styles) and a dropdown under the policy.
      await page.goto(`${server.url}/iam/users`);
      await page.locator('[data-testid="user-create"]').click();
      await page.locator('[role="dialog"]').waitFor();

      await page.goto(`${server.url}/api/docs`);
      await page.locator("#operations-iam-iamUserList").waitFor();
      expect(violations).toEqual([]);
    } finally {
      await b.close();
    }
  }, 120_000);
});
