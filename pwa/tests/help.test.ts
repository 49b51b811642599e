/**
 * The help center end to end. A new admin on a phone opens 帮助中心 from the top bar, searches 运行
 * (Chinese, no spaces) and sees highlighted snippets, opens the `run` page (rendered markdown with its
 * code block, links inside the app), edits it with a live preview and a note, and sees the new version
 * on the page and in the history. On a desktop the sidebar's entry, an English search for `run`, the
 * platform diagrams loading, two saves then a revert to the first, and a new page of the admins' own (a bad id
 * refused next to its field). No page breaks the CSP.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

/** Collects Content-Security-Policy violations of every page the test opens. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.context().exposeBinding("__helpCsp", (_s, text: string) => void violations.push(text));
  await page.context().addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __helpCsp(t: string): void }).__helpCsp(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

async function search(page: Page, q: string): Promise<void> {
  await page.locator('[data-testid="help-search"]').fill(q);
  await page.waitForURL((u) => new URL(u).searchParams.get("q") === q);
  await page.locator('[data-testid="help-results"]').waitFor();
}

/** The edit form's title field holds `title` (waited for: the form is drawn before its data arrives). */
async function expectFormTitle(page: Page, title: string): Promise<void> {
  const input = '[data-testid="help-edit-form"] input[name="title"]';
  await page
    .waitForFunction(([selector, want]) => document.querySelector<HTMLInputElement>(selector)?.value === want, [input, title] as const, { timeout: 10_000 })
    .catch(() => undefined);
  expect(await page.locator(input).inputValue()).toBe(title);
}

async function save(page: Page, title: string, note: string): Promise<void> {
  const form = page.locator('[data-testid="help-edit-form"]');
  // typed before the page's data arrives, the title would be overwritten by it
  await page
    .waitForFunction((selector) => (document.querySelector<HTMLInputElement>(selector)?.value ?? "") !== "", '[data-testid="help-edit-form"] input[name="title"]', { timeout: 10_000 })
    .catch(() => undefined);
  await form.locator('input[name="title"]').fill(title);
  await form.locator('input[name="note"]').fill(note);
  await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/help\/pages\/[^/?]+\?/.test(r.url()) && r.request().method() === "PUT" && r.status() === 200),
    page.locator('[data-testid="help-save"]').click(),
  ]);
}

describe.skipIf(!HAS_DIST)("PWA: help center", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("phone: a new admin finds the run page by searching 运行, edits it and sees the new version", async () => {
    const b = await openBrowser(PHONE);
    const { page } = b;
    const csp = await watchCsp(page);
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="topbar-help"]').click();
      await page.locator('[data-testid="help-center"]').waitFor();
      // the page list arrives after the center's frame: count once its first link is there (CI counted 0 before it)
      await page.locator('[data-category="commands"] [data-testid="help-page-link"]').first().waitFor();
      expect(await page.locator('[data-category="commands"] [data-testid="help-page-link"]').count()).toBeGreaterThan(10);

      await search(page, "运行");
      const first = page.locator('[data-testid="help-hit"]').first();
      expect(await first.getAttribute("data-slug")).toBe("command-run");
      expect(await first.locator("mark").first().innerText()).toBe("运行");
      await page.screenshot({ path: `${SHOTS}/help-search-phone.png` });

      await first.click();
      await page.locator('[data-testid="help-page-title"]').waitFor();
      expect(await page.locator('[data-testid="help-page-title"]').innerText()).toBe("运行作业 · run");
      expect(await page.locator('[data-testid="help-body"] pre').first().innerText()).toContain("运行 daily-data-sync bizDate=2026-11-01");
      await page.screenshot({ path: `${SHOTS}/help-run-phone.png`, fullPage: true });
      // A link inside the body stays in the app (no full page load).
      await page.locator('[data-testid="help-body"] a[href="/help/command-runs"]').click();
      await page.waitForURL(/\/help\/command-runs$/);
      await page.locator('[data-testid="help-page-title"]', { hasText: "运行记录" }).waitFor();
      await page.goBack();
      await page.locator('[data-testid="help-page-title"]', { hasText: "运行作业 · run" }).waitFor();

      await page.locator('[data-testid="help-edit"]').click();
      // the form is drawn before the page it edits has loaded (CI once read an empty title): typing before then
      // would be overwritten
      await expectFormTitle(page, "运行作业 · run");
      // the preview follows the markdown as it is typed
      const body = page.locator('[data-testid="help-edit-form"] textarea[name="body"]');
      await body.fill("## 新的说明\n\n```text\n运行 周报\n```");
      await page.locator('[data-testid="help-preview"] h2', { hasText: "新的说明" }).waitFor();
      await save(page, "运行作业（新版）", "补充周报示例");
      await page.locator('[data-testid="help-version"][data-version="1"]', { hasText: "补充周报示例" }).waitFor();
      await page.screenshot({ path: `${SHOTS}/help-edit-phone.png`, fullPage: true });

      await page.goto(`${server.url}/help/command-run`);
      await page.locator('[data-testid="help-page-title"]', { hasText: "运行作业（新版）" }).waitFor();
      expect(await page.locator('[data-testid="help-page-version"]').innerText()).toContain("第 1 版");
      expect(await page.locator('[data-testid="help-body"] pre').innerText()).toContain("运行 周报");
      expect(csp).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it("desktop: the sidebar entry, an English search, the diagrams, a revert to an earlier version and a new page", async () => {
    const b = await openBrowser(DESKTOP);
    const { page } = b;
    const csp = await watchCsp(page);
    try {
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.locator('[data-testid="sidebar"] a[href="/help"]', { hasText: "帮助中心" }).click();
      await page.locator('[data-testid="help-center"]').waitFor();
      // English UI: the same search in English finds the English page
      await page.evaluate(() => localStorage.setItem("ops.locale", "en"));
      await page.reload();
      await page.locator('[data-testid="help-center"]').waitFor();
      await search(page, "run");
      const hit = page.locator('[data-testid="help-hit"]').first();
      expect(await hit.getAttribute("data-slug")).toBe("command-run");
      expect(await hit.locator(".help-item__title").innerText()).toBe("run a job");
      await page.evaluate(() => localStorage.setItem("ops.locale", "zh-CN"));

      await page.goto(`${server.url}/help/connect-feishu`);
      const diagram = page.locator('[data-testid="help-body"] img[src="/help-assets/feishu.svg"]');
      await diagram.waitFor();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="help-body"] img');
        return Boolean(img?.complete && img.naturalWidth > 0);
      });
      await page.screenshot({ path: `${SHOTS}/help-feishu-desktop.png`, fullPage: true });

      await page.goto(`${server.url}/help/faq/edit`);
      await page.locator('[data-testid="help-history"]').waitFor();
      await save(page, "常见问题（第一版）", "first");
      await page.locator('[data-testid="help-version"][data-version="1"]').waitFor();
      await save(page, "常见问题（第二版）", "second");
      await page.locator('[data-testid="help-version"][data-version="2"]').waitFor();
      await page.locator('[data-testid="help-version"][data-version="1"] [data-testid="help-revert"]').click();
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/help/pages/faq/revert") && r.status() === 200),
        page.locator('[data-testid="confirm-dialog"] button', { hasText: "确定" }).click(),
      ]);
      await page.locator('[data-testid="help-version"][data-version="3"]').waitFor();
      // the history list and the form reload apart (CI once read the form while it held the second version's title)
      await expectFormTitle(page, "常见问题（第一版）");
      await page.screenshot({ path: `${SHOTS}/help-history-desktop.png`, fullPage: true });
      await page.goto(`${server.url}/help/faq`);
      await page.locator('[data-testid="help-page-title"]', { hasText: "常见问题（第一版）" }).waitFor();
      expect(await page.locator('[data-testid="help-page-version"]').innerText()).toContain("第 3 版");

      // a page of the admins' own: a bad id is named next to its field, then it is created and listed
      await page.goto(`${server.url}/help`);
      await page.locator('[data-testid="help-new"]').click();
      const form = page.locator('[data-testid="help-edit-form"]');
      await form.locator('input[name="slug"]').fill("VPN 指南");
      await form.locator('input[name="title"]').fill("VPN 使用指南");
      await form.locator('input[name="summary"]').fill("在家连接办公网络");
      await form.locator('textarea[name="body"]').fill("使用 **WireGuard** 客户端连接。");
      await page.locator('[data-testid="help-save"]').click();
      await form.locator(".field", { hasText: "页面标识" }).locator("text=小写字母").first().waitFor();
      await form.locator('input[name="slug"]').fill("vpn-guide");
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/help/pages?") && r.request().method() === "POST" && r.status() === 201),
        page.locator('[data-testid="help-save"]').click(),
      ]);
      await page.waitForURL(/\/help\/vpn-guide$/);
      await page.locator('[data-testid="help-body"] strong', { hasText: "WireGuard" }).waitFor();
      await page.locator('[data-testid="help-back"]').click();
      await page.locator('[data-category="other"] [data-slug="vpn-guide"]', { hasText: "自建页面" }).waitFor();
      expect(csp).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
