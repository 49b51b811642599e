/**
 * Reports in a real browser (issue 12's done-when, browser half), one server: a report over a PostgreSQL table of this
 * test's own (datasource, dataset with a region row filter, a table report and a bar report with cascading region →
 * city and a drill-through to the table, all made through the API). On a phone the 筛选 bottom sheet picks a region,
 * the city options follow it, the bar chart draws its bars (coloured pixels on uPlot's canvas) and a tap on a bar opens
 * the detail report with that city; on a desktop the controls bar does the same. 李娜 (DEPT scope, 运营一部 whose
 * region is 华东) sees only 华东 in the options, the chart and the table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SQL } from "bun";
import { join } from "node:path";
import { testDatabase, type TestDatabase } from "@ops/api/testing/databases.ts";
import { ADMIN, apiAs, DEMO_PASSWORD, DESKTOP, HAS_DIST, openBrowser, PHONE, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;

const ROWS: Array<[string, string, number, number]> = [
  ["华东", "上海", 1200, 12], ["华东", "杭州", 800, 8], ["华东", "上海", 300, 3],
  ["华南", "广州", 900, 9], ["华南", "深圳", 700, 7], ["华北", "北京", 600, 6],
];

const SQL_TEXT =
  "SELECT region, city, amount, orders FROM pwa_sales WHERE (CAST(:region AS text) IS NULL OR region = CAST(:region AS text)) AND (CAST(:city AS text) IS NULL OR city = CAST(:city AS text))";

/** Options listed by the Kobalte select of control `name` (opened, read, closed). */
async function optionsOf(page: Page, name: string): Promise<string[]> {
  await page.locator(`[data-field="control-${name}"]`).click();
  await page.locator('[role="option"]').first().waitFor();
  const texts = await page.locator('[role="option"]').allInnerTexts();
  await page.keyboard.press("Escape");
  return texts.map((t) => t.replace("✓", "").trim()).filter((t) => t !== "全部");
}

async function pickControl(page: Page, name: string, option: string): Promise<void> {
  await page.locator(`[data-field="control-${name}"]`).click();
  await page.locator('[role="option"]', { hasText: option }).first().click();
}

/** Pixels of uPlot's canvas painted in the first series' colour (#1d4ed8): bars were drawn. */
async function barPixels(page: Page): Promise<number> {
  return page.locator('[data-testid="chart-uplot"] canvas').first().evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext("2d")!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 29) < 12 && Math.abs(data[i + 1]! - 78) < 12 && Math.abs(data[i + 2]! - 216) < 12) n++;
    return n;
  });
}

/** Clicks the middle of category `i` of `n` on the plot (uPlot picks the category under the cursor). */
async function clickBar(page: Page, i: number): Promise<void> {
  const over = page.locator('[data-testid="chart-uplot"] .u-over');
  const box = (await over.boundingBox())!;
  const n = Number(await page.locator('[data-testid="chart-uplot"]').getAttribute("data-points"));
  await page.mouse.move(box.x + (box.width * (i + 0.5)) / n, box.y + box.height - 4);
  await page.mouse.click(box.x + (box.width * (i + 0.5)) / n, box.y + box.height - 4);
}

const tableCities = (page: Page) => page.locator('[data-testid="report-row"] td[data-column="city"]').allInnerTexts();
const tableRegions = (page: Page) => page.locator('[data-testid="report-row"] td[data-column="region"]').allInnerTexts();

describe.skipIf(!HAS_DIST)("PWA: reports over PostgreSQL (cascading controls, bar chart, drill-through, row filters)", () => {
  let server: TestServer;
  let admin: Api;
  let pg: TestDatabase;
  let detailId = "";

  beforeAll(async () => {
    pg = await testDatabase("postgres");
    const db = new SQL(pg.url);
    await db.unsafe("CREATE TABLE pwa_sales (region text NOT NULL, city text NOT NULL, amount numeric NOT NULL, orders integer NOT NULL)");
    for (const [region, city, amount, orders] of ROWS) await db`INSERT INTO pwa_sales ${db({ region, city, amount, orders })}`;
    await db.close();
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const source = await admin<{ id: string }>("POST", "/datasources", { name: "pwa-pg", type: "postgres", url: pg.url });
    expect(source.status, JSON.stringify(source.body)).toBe(201);
    const dataset = await admin<{ id: string }>("POST", "/datasets", {
      name: "pwa_sales", datasource_id: source.body.data.id, mode: "sql", sql: SQL_TEXT,
      params: [{ name: "region", type: "string", label: "大区" }, { name: "city", type: "string", label: "城市" }],
      columns: [{ name: "region", label: "大区", type: "string" }, { name: "city", label: "城市", type: "string" }, { name: "amount", label: "成交额", type: "number" }, { name: "orders", label: "订单数", type: "number" }],
      row_filters: [{ column: "region", source: "dept_attr", attr: "region" }],
    });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const ds = dataset.body.data.id;
    const controls = [
      { name: "region", label: "大区", type: "select", param: "region", options: { dataset_id: ds, value_column: "region" } },
      { name: "city", label: "城市", type: "select", param: "city", depends_on: "region", options: { dataset_id: ds, value_column: "city", parent_column: "region" } },
    ];
    const detail = await admin<{ id: string }>("POST", "/reports", {
      name: "pwa-detail", title: "PWA 明细", dataset_id: ds, chart: { type: "table", series: [], page_size: 20 }, controls,
    });
    expect(detail.status, JSON.stringify(detail.body)).toBe(201);
    detailId = detail.body.data.id;
    const bar = await admin("POST", "/reports", {
      name: "pwa-by-city", title: "PWA 各城市", dataset_id: ds, controls,
      chart: { type: "bar", x: "city", series: [{ column: "amount", agg: "sum", label: "成交额" }] },
      drill: { column: "city", report_id: detailId, params: { city: "city" } },
    });
    expect(bar.status, JSON.stringify(bar.body)).toBe(201);
  }, 90_000);

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
  });

  it("on a phone: the bottom sheet picks a region, cities follow, bars draw, a tapped bar opens the detail with its city", async () => {
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports`);
      await page.locator('[data-testid="reports-cards"] [data-testid="report-item"][data-report="pwa-by-city"]').waitFor();
      await page.locator('[data-testid="report-item"][data-report="pwa-by-city"] [data-testid="report-open"]').click();
      await page.locator('[data-testid="chart-uplot"]').waitFor();
      expect(await page.locator('[data-testid="chart-uplot"]').getAttribute("data-points")).toBe("5");
      await page.locator('[data-testid="report-filter-open"]').click();
      await page.locator('[data-testid="report-filter-sheet"]').waitFor();
      await expect.poll(() => optionsOf(page, "region")).toEqual(["华东", "华北", "华南"].sort());
      await pickControl(page, "region", "华南");
      await expect.poll(async () => (await optionsOf(page, "city")).sort()).toEqual(["广州", "深圳"].sort());
      await page.locator('[data-testid="report-filter-apply"]').click();
      await page.waitForURL(/region=/);
      await expect.poll(() => page.locator('[data-testid="chart-uplot"]').getAttribute("data-points")).toBe("2");
      await expect.poll(() => barPixels(page)).toBeGreaterThan(50);
      await page.screenshot({ path: join(SHOTS, "reports-phone-bar.png") });
      await clickBar(page, 0);
      await page.waitForURL((u) => u.pathname === `/reports/${detailId}`);
      const city = new URL(page.url()).searchParams.get("city");
      expect(["广州", "深圳"]).toContain(city);
      await page.locator('[data-testid="report-table"]').waitFor();
      await expect.poll(() => tableCities(page)).toEqual([city]);
      await page.locator('[data-testid="report-watermark"]').waitFor({ state: "attached" });
      // a phone keeps the grid's header row: it labels and sorts the columns
      expect(await page.locator('[data-testid="report-sort"][data-column="amount"]').isVisible()).toBe(true);
      await page.screenshot({ path: join(SHOTS, "reports-phone-detail.png") });
    } finally {
      await b.close();
    }
  }, 90_000);

  it("on a desktop: the controls bar cascades region → city and a bar click drills through", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports`);
      await page.locator('[data-testid="reports-table"] [data-testid="report-item"][data-report="pwa-by-city"]').waitFor();
      await page.goto(`${server.url}/reports/pwa-by-city`);
      await page.locator('[data-testid="report-controls"]').waitFor();
      await pickControl(page, "region", "华东");
      await page.waitForURL(/region=/);
      await expect.poll(async () => (await optionsOf(page, "city")).sort()).toEqual(["上海", "杭州"].sort());
      await pickControl(page, "city", "上海");
      await page.waitForURL(/city=/);
      await expect.poll(() => page.locator('[data-testid="chart-uplot"]').getAttribute("data-points")).toBe("1");
      await expect.poll(() => barPixels(page)).toBeGreaterThan(50);
      await page.screenshot({ path: join(SHOTS, "reports-desktop-bar.png") });
      await clickBar(page, 0);
      await page.waitForURL((u) => u.pathname === `/reports/${detailId}` && u.searchParams.get("city") === "上海");
      await expect.poll(() => tableCities(page)).toEqual(["上海", "上海"]);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("李娜 (DEPT scope, region 华东) sees only 华东: options, bars and rows", async () => {
    const lina = await apiAs(server.url, "lina", DEMO_PASSWORD);
    const data = await lina<{ rows: Array<{ region: string }> }>("GET", `/reports/${detailId}/data`);
    expect(data.status, JSON.stringify(data.body)).toBe(200);
    expect(new Set(data.body.data.rows.map((r) => r.region))).toEqual(new Set(["华东"]));
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, "lina", DEMO_PASSWORD);
      await page.goto(`${server.url}/reports/pwa-by-city`);
      await page.locator('[data-testid="chart-uplot"]').waitFor();
      await expect.poll(() => page.locator('[data-testid="chart-uplot"]').getAttribute("data-points")).toBe("2");
      await expect.poll(() => optionsOf(page, "region")).toEqual(["华东"]);
      await page.goto(`${server.url}/reports/${detailId}`);
      await page.locator('[data-testid="report-table"]').waitFor();
      await expect.poll(async () => [...new Set(await tableRegions(page))]).toEqual(["华东"]);
      expect(await page.locator('[data-testid="report-watermark"]').getAttribute("data-text")).toContain("lina");
    } finally {
      await b.close();
    }
  }, 90_000);
});
