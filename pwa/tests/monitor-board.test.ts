/**
 * The monitor pages in a real browser (issue 13, PWA half), one server: requests driven through the API and flushed
 * into the series draw the board's cards and charts (desktop grid, phone stack) and a card drills to its series; the
 * nodes page lists this process and a silent fake node first, and drains a fake worker through the confirm dialog;
 * the slow query log shows a statement recorded through the system's recorder, by shape and in the recent list;
 * auto-refresh polls on the page's (fake) clock while the tab is visible and pauses while it is hidden; 李娜 (monitor:view only)
 * gets no drain; no Content-Security-Policy violation on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type SystemServer, type TestBrowser } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

const SLOW_SQL = "SELECT region, SUM(amount) FROM pwa_monitor_sales WHERE created_at > '2026-11-01' GROUP BY region ORDER BY 2 DESC";

/**
 * A node row as another process would write it (roles, host and how long ago it last reported). A worker's queue
 * backend does not answer (not ready, naming the check); a bot's chat connections are given (`connections`).
 */
async function fakeNode(server: SystemServer, id: string, host: string, roles: string[], agoS: number, connections?: Record<string, boolean>): Promise<void> {
  const now = Date.now();
  const worker = roles.includes("worker");
  await server.system.db.run(
    `INSERT INTO monitor_nodes (id, roles, version, host, pid, started_at, last_seen_at, cpu_pct, rss_bytes, queues, in_flight, status, ready, not_ready, connections)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, JSON.stringify(roles), "1.0.0-test", host, 4242, new Date(now - 3_600_000).toISOString(), new Date(now - agoS * 1000).toISOString(), 12.5, 150 * 1024 * 1024,
      JSON.stringify(worker ? [{ queue: "jobs", waiting: 3, active: 1, delayed: 0, dead: 0, lag_ms: 1200 }] : []), 0, "up", worker ? 0 : 1, JSON.stringify(worker ? ["queue"] : []),
      connections ? JSON.stringify(connections) : null],
  );
}

async function pointsOf(page: Page, selector: string): Promise<number> {
  return Number(await page.locator(selector).first().getAttribute("data-points"));
}

describe.skipIf(!HAS_DIST)("monitor pages in the browser", () => {
  let server: SystemServer;
  let desktop: TestBrowser;
  // the pages run under the app's Content-Security-Policy (uPlot, the tooltip and the sparkline included)
  const violations: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const api = await apiAs(server.url, ADMIN.username, ADMIN.password);
    // some traffic, one of it failing, so the API cards have values and points
    for (let i = 0; i < 6; i++) await api("GET", "/users?page_size=5");
    await api("GET", "/monitor/series?metric=no.such_metric");
    await server.system.monitor.parts.metrics.flush();
    await server.system.monitor.parts.nodes.beat();
    await fakeNode(server, "fake-worker", "worker-b.test", ["worker"], 2);
    await fakeNode(server, "fake-gone", "worker-c.test", ["worker"], 300);
    // a bot whose Slack socket reconnects: still ready (its Feishu webhook is served), the connection shown as down
    await fakeNode(server, "fake-bot", "bot-a.test", ["bot"], 2, { "chat:slack": false, "chat:feishu": true });
    server.system.monitor.slowQueries.record({ source: "report", refName: "月度销售", datasourceId: "ds-1", datasourceName: "销售库", userId: "u-1", username: "admin", sql: SLOW_SQL, durationMs: 4321, rows: 12 });
    await server.system.monitor.parts.slow.flush();
    desktop = await openBrowser(DESKTOP);
    desktop.page.on("console", (m) => void (/Content Security Policy/i.test(m.text()) && violations.push(m.text())));
    await signIn(desktop.page, server.url, ADMIN.username, ADMIN.password);
  }, 60_000);

  afterAll(async () => {
    await desktop?.close();
    await server?.close();
  });

  it("draws the board's cards and charts on a desktop grid, and a card drills to its series", async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/monitor`);
    const card = page.locator('[data-testid="monitor-card"][data-metric="api.latency"]');
    await card.waitFor();
    expect(await page.locator('[data-testid="monitor-card"]').count()).toBeGreaterThan(3);
    expect(await card.locator('[data-testid="monitor-card-value"]').innerText()).toMatch(/\d.*(ms|s)$/);
    expect(Number(await card.locator('[data-testid="monitor-spark"]').getAttribute("data-points"))).toBeGreaterThan(0);
    await page.locator('[data-testid="monitor-trend"] [data-testid="monitor-chart"] canvas').first().waitFor();
    expect(await pointsOf(page, '[data-testid="monitor-trend"] [data-testid="monitor-chart"]')).toBeGreaterThan(0);
    // desktop: cards side by side
    const boxes = await Promise.all([0, 1].map((i) => page.locator('[data-testid="monitor-card"]').nth(i).boundingBox()));
    expect(Math.abs(boxes[0]!.y - boxes[1]!.y)).toBeLessThan(2);
    await page.screenshot({ path: join(SHOTS, "monitor-board-desktop.png"), fullPage: true });

    await page.locator('[data-testid="monitor-range-bar"] [data-range="6h"]').click();
    await page.waitForURL(/range=6h/);
    await card.click();
    await page.waitForURL(/\/monitor\/series\?metric=api\.latency&agg=p95&range=6h/);
    await page.locator('[data-testid="monitor-series"] [data-testid="monitor-chart"] canvas').waitFor();
    expect(await pointsOf(page, '[data-testid="monitor-series"] [data-testid="monitor-chart"]')).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="series-metric"]').inputValue()).toBe("api.latency");
    expect(await page.locator('[data-testid="series-agg"]').inputValue()).toBe("p95");
    // the tooltip follows the cursor with the time and each line's value
    const over = (await page.locator('[data-testid="monitor-series"] .u-over').boundingBox())!;
    // the newest minute (the last pixel: a day of demo history makes the points a few pixels apart)
    await page.mouse.move(over.x + over.width - 1, over.y + over.height / 2);
    const tip = page.locator('[data-testid="monitor-series"] .mon-tip');
    await tip.waitFor();
    expect(await tip.innerText()).toMatch(/route=\/api\/v1\/users: [\d.]+ (ms|s)/);
    await page.locator('[data-testid="series-row"]').first().waitFor();
    // a route filter: the label's choices come from the lines drawn
    const route = page.locator('[data-testid="series-label"][data-label="route"]');
    const routes = await route.locator("option").allInnerTexts();
    expect(routes.some((r) => r.includes("/api/v1/users"))).toBe(true);
    expect(await page.locator('[data-testid="series-row"]').count()).toBeGreaterThan(1);
    await route.selectOption({ label: routes.find((r) => r.includes("/api/v1/users"))! });
    await page.waitForURL(/route=/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="series-row"]').length === 1);
    // one merged line over every route, as the card shows it
    await route.selectOption({ value: "" });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="series-row"]').length > 1);
    await page.locator('[data-testid="series-by"]').selectOption({ value: "-" });
    await page.waitForURL(/by=-/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="series-row"]').length === 1);
    await page.screenshot({ path: join(SHOTS, "monitor-series-desktop.png"), fullPage: true });
    expect(violations).toEqual([]);
  }, 60_000);

  it("stacks the board on a phone with charts at full width", async () => {
    const { page } = desktop;
    // the same signed-in page at a phone's size (the layout follows the viewport; no second browser to start)
    await page.setViewportSize(PHONE);
    try {
      await page.goto(`${server.url}/monitor`);
      await page.locator('[data-testid="monitor-trend"] [data-testid="monitor-chart"] canvas').first().waitFor();
      await page.locator('[data-testid="bottom-nav"]').waitFor();
      const [a, b] = await Promise.all([0, 1].map((i) => page.locator('[data-testid="monitor-card"]').nth(i).boundingBox()));
      expect(Math.abs(a!.x - b!.x)).toBeLessThan(2);
      expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
      const chart = (await page.locator('[data-testid="monitor-trend"]').first().boundingBox())!;
      expect(chart.width).toBeGreaterThan(PHONE.width - 60);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: join(SHOTS, "monitor-board-phone.png"), fullPage: true });
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  }, 60_000);

  it("lists the nodes with the silent one first and drains a worker after confirming", async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/monitor/nodes`);
    const rows = page.locator('[data-testid="node-row"]');
    await page.locator(`[data-testid="node-row"][data-id="${server.system.monitor.parts.nodes.id}"]`).waitFor();
    expect(await rows.first().getAttribute("data-id")).toBe("fake-gone");
    expect(await rows.first().getAttribute("data-status")).toBe("silent");
    expect(await rows.first().locator('[data-testid="node-drain"]').count()).toBe(0);
    const worker = page.locator('[data-testid="node-row"][data-id="fake-worker"]');
    expect(await worker.getAttribute("data-status")).toBe("up");
    // each live node's readiness at its last report: this process is ready, the fake worker names its failing check
    const self = page.locator(`[data-testid="node-row"][data-id="${server.system.monitor.parts.nodes.id}"] [data-testid="node-ready"]`);
    expect(await self.getAttribute("data-ready")).toBe("true");
    expect(await worker.locator('[data-testid="node-ready"] dd').innerText()).toBe("否（queue）");
    // a silent node's last answer is stale: not shown
    expect(await rows.first().locator('[data-testid="node-ready"]').count()).toBe(0);
    // a bot node's chat connections, each with its state; the node stays ready with one down
    const bot = page.locator('[data-testid="node-row"][data-id="fake-bot"]');
    expect(await bot.locator('[data-testid="node-ready"]').getAttribute("data-ready")).toBe("true");
    expect(await bot.locator('[data-testid="node-connection"]').evaluateAll((els) => els.map((e) => [e.getAttribute("data-name"), e.getAttribute("data-up")])))
      .toEqual([["chat:slack", "false"], ["chat:feishu", "true"]]);
    expect(await bot.locator('[data-testid="node-connection"][data-up="false"]').innerText()).toBe("chat:slack · 重连中");
    // no connections on a process without the bot role
    expect(await self.locator("xpath=ancestor::li").locator('[data-testid="node-connections"]').count()).toBe(0);
    await worker.locator('[data-testid="node-drain"]').click();
    const dialog = page.locator('[data-testid="confirm-dialog"]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("worker-b.test");
    await dialog.locator("button", { hasText: "排空" }).click();
    await page.locator('[data-testid="node-row"][data-id="fake-worker"][data-status="draining"]').waitFor();
    expect(await worker.locator('[data-testid="node-status"]').innerText()).toBe("排空中");
    await page.screenshot({ path: join(SHOTS, "monitor-nodes-desktop.png"), fullPage: true });
    expect(violations).toEqual([]);
  }, 60_000);

  it("shows a recorded slow statement by shape and in the recent list with its full SQL", async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/monitor/slow`);
    const group = page.locator('[data-testid="slow-group-row"]').first();
    await group.waitFor();
    expect(await group.innerText()).toContain("pwa_monitor_sales");
    expect(await group.locator('[data-testid="slow-group-count"]').innerText()).toBe("1");
    await page.locator('[role="tab"]', { hasText: "最近记录" }).click();
    await page.waitForURL(/tab=recent/);
    const row = page.locator('[data-testid="slow-row"]').first();
    await row.waitFor();
    expect(await row.locator('[data-testid="slow-duration"]').innerText()).toBe("4.32 s");
    await row.locator('[data-testid="slow-open"]').click();
    const sheet = page.locator('[data-testid="slow-detail"]');
    await sheet.waitFor();
    expect(await sheet.locator('[data-testid="slow-sql"]').innerText()).toBe(SLOW_SQL);
    expect(await sheet.locator('[data-testid="slow-detail-user"]').innerText()).toBe("admin");
    await page.screenshot({ path: join(SHOTS, "monitor-slow-desktop.png"), fullPage: true });
    await page.keyboard.press("Escape");
    // a least duration above the statement's leaves the list empty
    await page.locator('[data-testid="slow-filter-min_ms"]').fill("5000");
    await page.locator('[data-testid="slow-filter-min_ms"]').press("Enter");
    await page.waitForFunction(() => !document.querySelector('[data-testid="slow-row"]'));
  }, 60_000);
  it("shows the monitor pages to a monitor:view holder without the drain (monitor:manage)", async () => {
    // 李娜 (运营专员): monitor:view, not monitor:manage
    const b = await openBrowser(DESKTOP);
    try {
      await signIn(b.page, server.url, "lina", DEMO_PASSWORD);
      await b.page.locator('.nav__group[data-group="monitor"] a[href="/monitor/nodes"]').click();
      await b.page.locator('[data-testid="node-row"][data-id="fake-gone"]').waitFor();
      expect(await b.page.locator('[data-testid="node-drain"]').count()).toBe(0);
      await b.page.locator('.nav__group[data-group="monitor"] a[href="/monitor"]').click();
      await b.page.locator('[data-testid="monitor-card"]').first().waitFor();
    } finally {
      await b.close();
    }
  }, 60_000);

  it("auto-refreshes the board every 30 s while the tab is visible, pauses while hidden and catches up on return", async () => {
    const { page } = desktop;
    // last: the page's clock stays fake from here on
    await page.clock.install();
    await page.goto(`${server.url}/monitor?refresh=30`);
    await page.locator('[data-testid="monitor-card"]').first().waitFor();
    expect(await page.locator('[data-testid="monitor-refresh"]').inputValue()).toBe("30");
    let overviews = 0;
    page.on("request", (r) => void (r.url().includes("/api/v1/monitor/overview") && overviews++));
    const next = () => page.waitForRequest((r) => r.url().includes("/api/v1/monitor/overview"));
    let asked = next();
    await page.clock.fastForward(30_000);
    await asked;
    const setVisibility = (state: "hidden" | "visible") =>
      page.evaluate((s) => {
        Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    const before = overviews;
    await page.clock.fastForward(95_000);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(overviews).toBe(before);
    asked = next();
    await setVisibility("visible");
    await asked;
    expect(overviews).toBe(before + 1);
  }, 60_000);
});
