/**
 * Alerting in the browser: a security alert raised through the monitor's raiser shows on the alerts list on a phone
 * (level chip, status tab count) and on the workbench, whose notice opens its detail page; there it is acknowledged
 * (status and the timeline say who) and silenced for an hour; a stale row's Acknowledge gets the API's 409 and the row then says who got there first.
 * That silence is listed as active and ended early; a silence for any rule is created with a matcher.
 * A monitor:view holder sees alerts and rules without actions. A rule made in the editor: an empty threshold comes back under its field, then the rule saves. The notification
 * sensitive-word list saves (a too-long word is refused under the list first) and reads back after a reload.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, signIn, skipMessage, SHOTS, startServer, type SystemServer, type TestBrowser } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
type AlertRow = { id: string; status: string; labels: Record<string, string>; acknowledged_by_name: string | null };
const DETECTOR = "login.failures_per_address" as const;

describe.skipIf(!HAS_DIST)("PWA alerts, rules and sensitive words", () => {
  let server: SystemServer;
  let admin: Api;
  let browser: TestBrowser;
  let page: Page;

  /** Opens (or adds to) the builtin failures-per-address rule's alert for `address`, as the security detector would. */
  async function raise(address: string): Promise<AlertRow> {
    const raiser = server.system.monitor.parts.alerts.raiser;
    const [rule] = await raiser.rulesOf(DETECTOR);
    await raiser.raise(rule!.id, { detector: DETECTOR, labels: { address }, value: 25, summary: `25 failed sign-ins from ${address}`, at: new Date() });
    const list = await admin<{ items: AlertRow[] }>("GET", "/alerts?status=firing&page_size=200");
    return list.body.data.items.find((a) => a.labels.address === address)!;
  }
  const item = (id: string) => page.locator(`[data-testid="alert-item"][data-id="${id}"]`);

  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    browser = await openBrowser(PHONE);
    page = browser.page;
    await signIn(page, server.url, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it("lists a firing alert on a phone, opens it from the workbench, acknowledges it and silences it for an hour", async () => {
    const alert = await raise("203.0.113.7");
    expect(alert.status).toBe("firing");
    await page.goto(`${server.url}/monitor/alerts`);
    await item(alert.id).waitFor();
    await expect(item(alert.id).locator('[data-testid="alert-level"]').textContent()).resolves.toMatch(/^P[0-3]$/);
    expect(Number(await page.locator('[role="tab"][data-status="firing"] [data-testid="alerts-count"]').textContent())).toBeGreaterThanOrEqual(1);
    // the phone layout: no sideways scrolling
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/monitor-alerts-phone.png` });

    // the home workbench's open-alerts notice opens the same alert's detail (the cards' link too)
    await page.goto(`${server.url}/`);
    await page.locator(`[data-testid="widget-monitor.alerts"] a[href="/monitor/alerts/${alert.id}"]`).click();
    const detail = page.locator(`[data-testid="alert-detail"][data-id="${alert.id}"]`);
    await detail.waitFor();
    await detail.locator('[data-testid="alert-ack"]').click();
    await page.locator('[data-testid="alert-detail-status"][data-status="acknowledged"]').waitFor();
    const acked = page.locator('[data-testid="alert-event"][data-kind="acknowledged"]');
    await acked.waitFor();
    const me = await admin<{ display_name: string }>("GET", "/auth/me");
    await expect(acked.textContent()).resolves.toContain(me.body.data.display_name);
    await expect(page.locator('[data-testid="alert-acked-by"]').textContent()).resolves.toContain(me.body.data.display_name);

    await detail.locator('[data-testid="alert-silence"]').click();
    await detail.locator('[data-testid="alert-silence-1h"]').click();
    await page.locator('[data-testid="alert-detail-status"][data-status="silenced"]').waitFor();
    await page.locator('[data-testid="alert-silenced-until"]').waitFor();
    const after = await admin<AlertRow & { silenced_until: string }>("GET", `/alerts/${alert.id}`);
    expect(after.body.data.status).toBe("silenced");
    const left = new Date(after.body.data.silenced_until).getTime() - Date.now();
    expect(left).toBeGreaterThan(55 * 60_000);
    expect(left).toBeLessThanOrEqual(60 * 60_000);
  });

  it("shows who acknowledged first when the row was stale (409)", async () => {
    const alert = await raise("198.51.100.23");
    await page.goto(`${server.url}/monitor/alerts?status=firing`);
    await item(alert.id).waitFor();
    expect((await admin("POST", `/alerts/${alert.id}/ack`, {})).status).toBe(200);
    await item(alert.id).locator('[data-testid="alert-ack"]').click();
    // the toast carries the API's conflict message; the list reloads and the alert moved to 已认领
    await page.locator('[data-testid="toasts"]').getByText(/告警当前状态为/).waitFor();
    await item(alert.id).waitFor({ state: "detached" });
    await page.locator('[role="tab"][data-status="acknowledged"]').click();
    const me = await admin<{ display_name: string }>("GET", "/auth/me");
    await expect(item(alert.id).textContent()).resolves.toContain(`${me.body.data.display_name} 已认领`);
  });

  it("lists the alert's silence as active, ends it early, and creates one for any rule", async () => {
    await page.goto(`${server.url}/monitor/silences`);
    const active = page.locator('[data-testid="silences-active"] [data-testid="silence-item"]');
    await active.first().waitFor();
    const id = await active.filter({ hasText: "address=203.0.113.7" }).getAttribute("data-id");
    await active.filter({ hasText: "address=203.0.113.7" }).locator('[data-testid="silence-expire"]').click();
    await page.locator('[data-testid="confirm-dialog"] button', { hasText: "立即结束" }).click();
    await page.locator(`[data-testid="silences-expired"] [data-testid="silence-item"][data-id="${id}"]`).waitFor();

    await page.locator('[data-testid="silence-new"]').click();
    const dialog = page.locator('[data-testid="silence-dialog"]');
    await dialog.locator('textarea[name="matchers"]').fill("address=192.0.2.1");
    await dialog.locator('input[name="reason"]').fill("维护窗口");
    await dialog.locator('[data-testid="silence-save"]').click();
    await active.filter({ hasText: "维护窗口" }).waitFor();
    const all = await admin<{ items: Array<{ rule_id: string | null; matchers: Record<string, string>; reason: string; active: boolean }> }>("GET", "/alert-silences?page_size=200");
    expect(all.body.data.items.find((x) => x.reason === "维护窗口")).toMatchObject({ rule_id: null, matchers: { address: "192.0.2.1" }, active: true });
  });

  it("saves a rule from the editor after showing the threshold error on its field", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/monitor/rules/new`);
    const form = page.locator('[data-testid="rule-form"]');
    await form.waitFor();
    const name = `接口错误率 ${Date.now().toString(36)}`;
    await form.locator('input[name="name"]').fill(name);
    await form.locator('[data-field="metric"]').click();
    const metric = "api.error_rate";
    await page.locator(`[role="option"][data-metric="${metric}"]`).click();
    // a label filter row: the metric's first label (route) = a value
    await form.locator('[data-testid="rule-filter-add"]').click();
    await form.locator('input[name="filters.0.value"]').fill("/api/v1/jobs");
    await form.locator('[data-testid="rule-level-P1"]').click();
    await form.locator('[data-testid="user-search"]').first().fill("admin");
    await form.locator('[data-testid="user-option"][data-username="admin"]').first().click();
    await form.locator('[data-testid="rule-save"]').click();
    const thresholdError = form.locator('.field:has(input[name="threshold"]) .field__error');
    await thresholdError.waitFor();
    expect((await thresholdError.textContent())?.trim()).not.toBe("");

    await form.locator('input[name="threshold"]').fill("5");
    await form.locator('[data-testid="rule-save"]').click();
    await page.waitForURL(/\/monitor\/rules\/(?!new)[^/]+$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const saved = await admin<{ name: string; metric: string; threshold: number; level: string; filters: Record<string, string>; recipients: { users: string[] } }>("GET", `/alert-rules/${id}`);
    expect(saved.body.data).toMatchObject({ name, metric, threshold: 5, level: "P1", filters: { route: "/api/v1/jobs" } });
    expect(saved.body.data.recipients.users).toHaveLength(1);
  });

  it("shows alerts and rules read-only to a monitor:view holder (运营专员 lina)", async () => {
    const alert = await raise("192.0.2.200");
    const b = await openBrowser(PHONE);
    try {
      await signIn(b.page, server.url, "lina", DEMO_PASSWORD);
      await b.page.goto(`${server.url}/monitor/alerts`);
      await b.page.locator(`[data-testid="alert-item"][data-id="${alert.id}"]`).waitFor();
      expect(await b.page.locator('[data-testid="alert-actions"]').count()).toBe(0);
      await b.page.goto(`${server.url}/monitor/rules`);
      await b.page.locator('[data-testid="rule-item"]').first().waitFor();
      expect(await b.page.locator('[data-testid="rule-new"], [data-testid="rule-delete"]').count()).toBe(0);
      await b.page.locator('[data-testid="rule-link"]').first().click();
      await b.page.locator('[data-testid="rule-read-only"]').waitFor();
      expect(await b.page.locator('[data-testid="rule-save"]').count()).toBe(0);
      expect(await b.page.locator('[data-testid="rule-form"] input[name="name"]').isDisabled()).toBe(true);
    } finally {
      await b.close();
    }
  });

  it("saves the sensitive-word list (a too-long word is refused first) and reads it back", async () => {
    await page.goto(`${server.url}/notify/sensitive-words`);
    const form = page.locator('[data-testid="words-form"]');
    await form.waitFor();
    await form.locator('[data-testid="words-mode-mask"]').check();
    const words = form.locator('textarea[name="words"]');
    await words.fill(`机密\n${"长".repeat(60)}`);
    await form.locator('[data-testid="words-save"]').click();
    await form.locator('.field:has(textarea[name="words"]) .field__error').waitFor();

    await words.fill("机密\n内部资料\n\n");
    await form.locator('[data-testid="words-save"]').click();
    await form.locator('[data-testid="words-updated"]').getByText(/管理员 于 .* 更新/).waitFor();
    await page.reload();
    await form.waitFor();
    await expect(form.locator('textarea[name="words"]').inputValue()).resolves.toBe("机密\n内部资料");
    expect(await form.locator('[data-testid="words-mode-mask"]').isChecked()).toBe(true);
    await expect(form.textContent()).resolves.toContain("共 2 个词");
  });
});
