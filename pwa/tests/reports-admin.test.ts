/**
 * Reports admin pages in a real browser, one server with the demo data: the designer makes a bar report over the demo
 * dataset `sales` (dataset → chart → preview with real data, then saved and opened); a CSV uploaded as a datasource
 * shows its inferred columns before anything is stored and a progress bar while it goes up, then a dataset over its
 * table previews rows with count and timing; the metric dictionary finds 成交额 by its 计算口径 and names its reports;
 * a subscription made in the form is stored with its recipient and sent at once with 立即发送.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { join } from "node:path";
import { ADMIN, apiAs, DESKTOP, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, startServer, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
type Named = { id: string; name: string };

const CSV = "region,city,amount,day\n华东,上海,1200.5,2026-11-01\n华东,杭州,800,2026-11-02\n华南,广州,900,2026-11-03\n华北,北京,600,2026-11-04\n";

/** Records every value the upload progress bar shows (it may come and go within one frame). */
async function watchProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __progress: number[] }).__progress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="upload-progress"]');
      if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
}

describe.skipIf(!HAS_DIST)("PWA: reports designer, datasources and uploads, datasets, metrics, subscriptions", () => {
  let server: TestServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("the demo reports: pie (lazy ECharts), KPI with its delta colour, table sort/columns/pages kept per user, xlsx export, a share link, favourite on the home KPI widget", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // a user keeps at most 5 sessions: the API client signs in after the browser so it is never the one ended
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports/channel-share`);
      await page.locator('[data-testid="chart-echarts"][data-ready] canvas').first().waitFor();
      // the other ECharts shapes from the same lazy chunk
      const all = (await admin<Named[] | { items: Named[] }>("GET", "/datasets")).body.data;
      const sales = (Array.isArray(all) ? all : all.items).find((d) => d.name === "sales")!;
      const shapes = {
        funnel: { type: "funnel", x: "channel", series: [{ column: "orders", agg: "sum" }] },
        gauge: { type: "gauge", series: [{ column: "orders", agg: "sum" }], gauge: { min: 0, max: 100_000 } },
        heatmap: { type: "heatmap", x: "city", y: "channel", series: [{ column: "amount", agg: "sum" }] },
      };
      for (const [kind, chart] of Object.entries(shapes)) {
        const made = await admin("POST", "/reports", { name: `pwa-${kind}`, title: kind, dataset_id: sales.id, chart });
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        await page.goto(`${server.url}/reports/pwa-${kind}`);
        await page.locator(`[data-testid="chart-echarts"][data-kind="${kind}"][data-ready] canvas`).first().waitFor();
      }
      await page.goto(`${server.url}/reports/sales-kpi`);
      await page.locator('[data-testid="report-kpi-value"]').waitFor();
      expect(await page.locator('[data-testid="report-kpi-value"]').innerText()).toMatch(/[¥￥]/);
      const tone = await page.locator('[data-testid="report-kpi-delta"]').getAttribute("data-tone");
      const kpi = (await admin<{ kpi: { delta_pct: number | null } }>("GET", "/reports/sales-kpi/data")).body.data.kpi;
      // zh-CN reads a rise red and a fall green
      expect(tone).toBe(kpi.delta_pct === null || kpi.delta_pct === 0 ? "flat" : kpi.delta_pct > 0 ? "up-red" : "down-green");
      await page.locator('[data-testid="report-favourite"]').click();
      await expect.poll(async () => (await admin<{ favourite: boolean }>("GET", "/reports/sales-kpi")).body.data.favourite).toBe(true);

      await page.goto(`${server.url}/reports/sales-detail`);
      await page.locator('[data-testid="report-table"] [data-testid="report-row"]').first().waitFor();
      await page.locator('[data-testid="report-sort"][data-column="amount"]').click();
      await page.waitForURL(/sort=amount/);
      await page.locator('[data-testid="report-sort"][data-column="amount"]').click();
      await page.waitForURL(/sort=amount%3Adesc|sort=amount:desc/);
      const amounts = async () => (await page.locator('[data-testid="report-row"] td[data-column="amount"]').allInnerTexts()).map((t) => Number(t.replace(/[^\d.]/g, "")));
      await expect.poll(async () => { const a = await amounts(); return a.length > 1 && a.every((v, i) => i === 0 || a[i - 1]! >= v); }).toBe(true);
      await page.locator('[data-testid="report-columns"]').click();
      await page.locator('.rpt-columns__row[data-column="owner"] input[type="checkbox"]').uncheck();
      await page.keyboard.press("Escape");
      await expect.poll(() => page.locator('[data-testid="report-row"] td[data-column="owner"]').count()).toBe(0);
      await expect.poll(async () => (await admin<{ hidden?: string[] }>("GET", "/reports/sales-detail/prefs")).body.data.hidden).toEqual(["owner"]);
      await page.locator('.pager__item', { hasText: "2" }).first().click();
      await page.waitForURL(/page=2/);
      const download = page.waitForEvent("download");
      await page.locator('[data-testid="report-export"]').click();
      await page.locator('[data-testid="report-export-xlsx"]').click();
      expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

      // a share link keeps the control values: opened, it puts them back in the URL
      await b.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      await page.goto(`${server.url}/reports/sales-by-city?region=${encodeURIComponent("华南")}`);
      await page.locator('[data-testid="chart-uplot"] canvas').waitFor();
      await page.locator('[data-testid="report-share"]').click();
      await page.locator('.toast[data-kind="success"]', { hasText: "分享链接已复制" }).waitFor();
      const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
      expect(link.searchParams.get("share")).toBeTruthy();
      await page.goto(`${server.url}/reports`);
      await page.goto(`${server.url}${link.pathname}${link.search}`);
      await page.waitForURL((u) => u.searchParams.get("region") === "华南" && !u.searchParams.has("share"));
      await page.locator('[data-testid="chart-uplot"] canvas').waitFor();

      await page.goto(`${server.url}/`);
      await page.locator('[data-testid="widget-reports.kpis"] [data-testid="kpi-tile-value"]').waitFor();
      expect(await page.locator('[data-testid="widget-reports.kpis"] [data-testid="widget-item"]').count()).toBe(1);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("the designer makes a bar report from the demo dataset that previews and then renders", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      // a reactive loop between a select and the draft once blew the stack when the chart step opened
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // a user keeps at most 5 sessions: the API client signs in after the browser so it is never the one ended
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports`);
      await page.locator('[data-testid="report-create"]').click();
      await page.locator('[data-testid="report-designer"]').waitFor();
      await pick(page, "dataset_id", "sales");
      await page.locator('input[name="name"]').fill("pwa-designed");
      await page.locator('input[name="title"]').fill("设计器做的报表");
      await page.locator('[data-testid="designer-sample"] [data-testid="dataset-preview"]').waitFor();
      await page.locator('[data-testid="designer-step-chart-tab"]').click();
      await pick(page, "chart.x", "城市 (city)");
      await page.locator('[data-testid="designer-series-add"]').click();
      await pick(page, "chart.series[0].column", "成交额 (amount)");
      await page.locator('[data-testid="designer-step-preview-tab"]').click();
      await page.locator('[data-testid="designer-preview"] [data-testid="chart-uplot"] canvas').waitFor();
      expect(Number(await page.locator('[data-testid="designer-preview"] [data-testid="chart-uplot"]').getAttribute("data-points"))).toBeGreaterThan(1);
      const saved = await admin<{ chart: { type: string; x: string; series: Array<{ column: string; agg: string }> } }>("GET", "/reports/pwa-designed");
      expect(saved.status).toBe(200);
      expect(saved.body.data.chart).toMatchObject({ type: "bar", x: "city", series: [{ column: "amount", agg: "sum" }] });
      await page.locator('[data-testid="designer-save"]').click();
      await page.waitForURL((u) => u.pathname === "/reports/pwa-designed");
      await page.locator('[data-testid="report-page"] [data-testid="chart-uplot"] canvas').waitFor();
      await page.screenshot({ path: join(SHOTS, "reports-designed.png") });
      expect(pageErrors).toEqual([]);
    } finally {
      await b.close();
    }
    // on a phone the steps are a wizard: one at a time with 下一步
    const phone = await openBrowser(PHONE);
    try {
      const { page } = phone;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // a user keeps at most 5 sessions: the API client signs in after the browser so it is never the one ended
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports/pwa-designed/edit`);
      await page.locator('[data-testid="designer-step-dataset"]').waitFor();
      expect(await page.locator('[data-testid="designer-sample"]').count()).toBe(0);
      await page.locator('[data-testid="designer-next"]').click();
      await page.locator('[data-testid="designer-step-chart"]').waitFor();
      expect(await page.locator('[data-testid="designer-step-dataset"]').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, "reports-designer-phone.png") });
    } finally {
      await phone.close();
    }
  }, 90_000);

  it("uploads a CSV with preview and progress, then a dataset over it previews rows with count and timing", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // a user keeps at most 5 sessions: the API client signs in after the browser so it is never the one ended
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports/datasources`);
      await page.locator('[data-testid="datasources-page"]').waitFor();
      const progress = await watchProgress(page);
      await page.locator('[data-testid="datasource-upload"]').click();
      await page.locator('[data-testid="upload-file"]').setInputFiles({ name: "pwa-sales.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
      await page.locator('[data-testid="upload-preview"]').waitFor();
      const types = await page.locator('[data-testid="upload-column"]').evaluateAll((ths) => ths.map((th) => th.getAttribute("data-type")));
      expect(types).toEqual(["string", "string", "number", "date"]);
      expect((await admin<Named[] | { items: Named[] }>("GET", "/datasources")).body.data).not.toContainEqual(expect.objectContaining({ name: "pwa-sales" }));
      await page.locator('[data-testid="upload-dialog"] input[name="name"]').fill("pwa-sales");
      await page.locator('[data-testid="upload-confirm"]').click();
      await page.locator('[data-testid="datasource-item"][data-name="pwa-sales"]').waitFor();
      expect(await progress()).toContain(100);
      const list = (await admin<Array<Named & { upload: { table: string; rows: number } | null }> | { items: Array<Named & { upload: { table: string; rows: number } | null }> }>("GET", "/datasources")).body.data;
      const source = (Array.isArray(list) ? list : list.items).find((d) => d.name === "pwa-sales")!;
      expect(source.upload?.rows).toBe(4);

      await page.goto(`${server.url}/reports/datasets/new`);
      await page.locator('[data-testid="dataset-editor"]').waitFor();
      await pick(page, "datasource_id", "pwa-sales");
      await page.locator('input[name="name"]').fill("pwa_upload_sales");
      await page.locator('[data-testid="code-editor"] .cm-content').click();
      await page.keyboard.type(`SELECT region, SUM(amount) AS amount FROM ${source.upload!.table} GROUP BY region ORDER BY region`);
      await page.locator('[data-testid="dataset-preview-run"]').click();
      await page.locator('[data-testid="dataset-preview-stats"]').waitFor();
      expect(await page.locator('[data-testid="dataset-preview-stats"]').innerText()).toMatch(/^3 行 · \d+ ms/);
      await page.locator('[data-testid="dataset-save"]').click();
      await page.waitForURL((u) => /^\/reports\/datasets\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith("/new"));
      const datasets = (await admin<Named[] | { items: Named[] }>("GET", "/datasets")).body.data;
      expect((Array.isArray(datasets) ? datasets : datasets.items).map((d) => d.name)).toContain("pwa_upload_sales");

      // the same question through the visual builder: table, fields with an aggregate, group by
      await page.goto(`${server.url}/reports/datasets/new`);
      await page.locator('[data-testid="dataset-editor"]').waitFor();
      await pick(page, "datasource_id", "pwa-sales");
      await page.locator('input[name="name"]').fill("pwa_upload_built");
      await page.locator('[role="tab"]', { hasText: "可视化构建" }).click();
      await pick(page, "builder.table", source.upload!.table);
      await page.locator('[data-testid="builder-field-add"]').click();
      await pick(page, "builder.fields[0].column", "region (string)");
      await page.locator('[data-testid="builder-field-add"]').click();
      await pick(page, "builder.fields[1].column", "amount (number)");
      await pick(page, "builder.fields[1].agg", "求和");
      await pick(page, "builder.group_by", "region (string)");
      await page.keyboard.press("Escape");
      await page.locator('[data-testid="dataset-preview-run"]').click();
      await expect.poll(() => page.locator('[data-testid="dataset-preview-stats"]').innerText()).toMatch(/^3 行 · \d+ ms/);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("on a phone: the metric dictionary finds 成交额 by its definition; a subscription is made and sent now", async () => {
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      // a user keeps at most 5 sessions: the API client signs in after the browser so it is never the one ended
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports/metrics`);
      await page.locator('[data-testid="metrics-page"]').waitFor();
      await page.locator('input[name="q"]').fill("已支付订单的成交金额");
      await page.locator('[data-testid="metrics-search"]').click();
      await expect.poll(() => page.locator('[data-testid="metric-item"]').evaluateAll((li) => li.map((x) => x.getAttribute("data-name")))).toEqual(["gmv"]);
      await page.locator('[data-testid="metric-open"]').click();
      await expect.poll(() => page.locator('[data-testid="metric-definition"]').innerText()).toContain("不扣除退款");
      await page.keyboard.press("Escape");

      await page.goto(`${server.url}/reports/subscriptions`);
      await page.locator('[data-testid="subscriptions-page"]').waitFor();
      await page.locator('[data-testid="subscription-create"]').click();
      await page.locator('[data-testid="subscription-dialog"]').waitFor();
      await pick(page, "report_id", "各城市销售额");
      await page.locator('[data-testid="subscription-dialog"] input[name="name"]').fill("华东日报");
      await page.locator('[data-testid="subscription-dialog"] textarea[name="params"]').fill("region=华东");
      await page.locator('[data-testid="subscription-dialog"] [data-testid="user-search"]').fill("lina");
      await page.locator('[data-testid="user-option"][data-username="lina"]').click();
      await page.locator('[data-testid="subscription-save"]').click();
      await page.locator('[data-testid="subscription-item"][data-name="华东日报"]').waitFor();
      const subsAnswer = await admin<Array<{ id: string; name: string; params: Record<string, unknown>; recipients: Array<{ type: string }> }> | { items: Array<{ id: string; name: string; params: Record<string, unknown>; recipients: Array<{ type: string }> }> }>("GET", "/report-subscriptions");
      expect(subsAnswer.status, JSON.stringify(subsAnswer.body)).toBe(200);
      const subs = subsAnswer.body.data;
      const sub = (Array.isArray(subs) ? subs : subs.items).find((s) => s.name === "华东日报")!;
      expect(sub.params).toEqual({ region: "华东" });
      expect(sub.recipients).toEqual([expect.objectContaining({ type: "user" })]);
      await page.locator('[data-testid="subscription-item"][data-name="华东日报"] [data-testid="subscription-run"]').click();
      await page.locator('.toast[data-kind="success"]', { hasText: "已发送" }).waitFor();
      await page.screenshot({ path: join(SHOTS, "reports-subscriptions-phone.png") });
    } finally {
      await b.close();
    }
  }, 90_000);
});
