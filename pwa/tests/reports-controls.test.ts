/**
 * The report viewer's remaining controls in a real browser, one server with the demo data and the reports workers
 * running (as main.ts's worker role does): a table report over the demo sales table with a multi-select of regions, a
 * date, a date range with presets and a custom range, and a tree of regions → cities (static nested options), with a
 * currency column coloured by thresholds and a percent column. Each control changes the rows to exactly what the API
 * answers for the same parameters, the URL keeps the values (a reload shows the same view), 后台导出 runs an export
 * job to done with a toast and a download, and on a phone the bottom sheet applies a multi-select and a tree pick.
 * The datasources page creates a `store` source (no URL) and a PostgreSQL one, tests both, and edits one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "@ops/api/env.ts";
import { buildSystem } from "@ops/api/system.ts";
import { attachBot } from "@ops/bot/wire.ts";
import { ADMIN, apiAs, DESKTOP, DIST, HAS_DIST, openBrowser, PHONE, pick, SHOTS, signIn, skipMessage, type TestServer } from "./browser-harness.ts";

if (!HAS_DIST) console.warn(`[pwa/tests] skipped: ${skipMessage}`);

type Api = Awaited<ReturnType<typeof apiAs>>;
type Row = { region: string; city: string; amount: number; orders: number; rate: number };
type Data = { rows: Row[]; total?: number };

/** As browser-harness's startServer, plus the reports workers (export jobs run on the worker role). */
async function startReportsServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "ops-pwa-data-"));
  const env = parseEnv({
    OPS_ADMIN_PASSWORD: ADMIN.password, OPS_DEMO: "1", OPS_SECRET_KEY: "pwa-browser-test-secret-0123456789",
    OPS_PWA_DIST: DIST, OPS_DATA_DIR: dataDir, OPS_LOG_LEVEL: "silent",
  });
  const system = await buildSystem(env, { databaseUrl: "sqlite://:memory:", metricsDefaults: false });
  const bot = await attachBot(system, { adapters: [] });
  system.reports.start({ worker: true, scheduler: false });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", idleTimeout: 120, fetch: bot.fetch });
  return {
    url: `http://127.0.0.1:${server.port}`,
    async close() {
      await server.stop(true);
      await system.reports.stop();
      await bot.stop();
      await system.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const SQL_TEXT = `SELECT region, city, SUM(amount) AS amount, SUM(orders) AS orders, SUM(orders) / 10000.0 AS rate FROM rpt_demo_sales
WHERE region IN (:regions) AND (region = COALESCE(:area, region) OR city = COALESCE(:area, city))
  AND "date" >= COALESCE(:from, '1900-01-01') AND "date" <= COALESCE(:to, '2999-12-31') AND "date" <= COALESCE(:until, '2999-12-31')
GROUP BY region, city ORDER BY region, city`;

const TREE = [
  { value: "华东", label: "华东", children: [{ value: "上海", label: "上海" }, { value: "杭州", label: "杭州" }, { value: "南京", label: "南京" }] },
  { value: "华南", label: "华南", children: [{ value: "广州", label: "广州" }, { value: "深圳", label: "深圳" }] },
  { value: "华北", label: "华北", children: [{ value: "北京", label: "北京" }, { value: "天津", label: "天津" }] },
];
const RED = "rgb(220, 38, 38)";
const GREEN = "rgb(22, 163, 74)";

/** The table's rows as [region, city] pairs. */
const shownRows = (page: Page) =>
  page.locator('[data-testid="report-row"]').evaluateAll((trs) =>
    trs.map((tr) => `${tr.querySelector('td[data-column="region"]')?.textContent}/${tr.querySelector('td[data-column="city"]')?.textContent}`));
const pairs = (d: Data) => d.rows.map((r) => `${r.region}/${r.city}`);

describe.skipIf(!HAS_DIST)("PWA: report controls (multi-select, date, date range presets, tree), formats, background export, datasources", () => {
  let server: TestServer;
  let admin: Api;
  let today = "";
  const data = async (query: Record<string, string>): Promise<Data> => {
    const res = await admin<Data>("GET", `/reports/pwa-controls/data?${new URLSearchParams(query)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };
  /** Waits until the table shows exactly the API's rows for `query`. */
  const sameAsApi = async (page: Page, query: Record<string, string>) => {
    const want = pairs(await data(query));
    expect(want.length).toBeGreaterThan(0);
    await expect.poll(() => shownRows(page)).toEqual(want);
    return want;
  };

  beforeAll(async () => {
    server = await startReportsServer();
    admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
    const sources = (await admin<Array<{ id: string; type: string }> | { items: Array<{ id: string; type: string }> }>("GET", "/datasources")).body.data;
    const store = (Array.isArray(sources) ? sources : sources.items).find((s) => s.type === "store")!;
    const dataset = await admin<{ id: string }>("POST", "/datasets", {
      name: "pwa_controls", datasource_id: store.id, mode: "sql", sql: SQL_TEXT,
      params: [
        { name: "regions", type: "string_list", label: "大区", default: "华东,华南,华北" }, { name: "area", type: "string", label: "区域" },
        { name: "from", type: "date", label: "开始" }, { name: "to", type: "date", label: "结束" }, { name: "until", type: "date", label: "截至" },
      ],
      columns: [
        { name: "region", label: "大区", type: "string" }, { name: "city", label: "城市", type: "string" },
        { name: "amount", label: "成交额", type: "number" }, { name: "orders", label: "订单数", type: "number" }, { name: "rate", label: "占比", type: "number" },
      ],
    });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const all = (await admin<{ rows: Row[] }>("POST", `/datasets/${dataset.body.data.id}/preview`, { params: {} })).body.data.rows;
    const amounts = all.map((r) => Number(r.amount)).sort((a, b) => a - b);
    // red above the upper third, green below the lower third: both colours and plain cells appear
    const [low, high] = [amounts[Math.floor(amounts.length / 3)]!, amounts[Math.floor((amounts.length * 2) / 3)]!];
    const report = await admin("POST", "/reports", {
      name: "pwa-controls", title: "PWA 控件", dataset_id: dataset.body.data.id, chart: { type: "table", series: [], page_size: 50 },
      controls: [
        { name: "regions", label: "大区", type: "multiselect", param: "regions", options: { static: TREE.map((t) => ({ value: t.value, label: t.label })) } },
        { name: "period", label: "日期范围", type: "daterange", params: ["from", "to"] },
        { name: "until", label: "截至日期", type: "date", param: "until" },
        { name: "area", label: "区域", type: "tree", param: "area", options: { static: TREE } },
      ],
      format: {
        amount: { kind: "currency", currency: "CNY", decimals: 2, thousands: true, thresholds: [{ op: "gt", value: high, color: "#dc2626" }, { op: "lt", value: low, color: "#16a34a" }] },
        rate: { kind: "percent", decimals: 1 },
      },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    today = new Date().toISOString().slice(0, 10);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("on a desktop: multi-select, date range preset and custom, date and tree change the rows as the API does; the URL keeps them; formats and thresholds; 后台导出", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      // no control state, however partial, makes the API refuse the viewer's request
      const refused: string[] = [];
      page.on("response", (r) => {
        if (r.url().includes("/api/v1/reports/") && r.status() >= 400) refused.push(`${r.status()} ${decodeURIComponent(r.url())}`);
      });
      await page.goto(`${server.url}/reports/pwa-controls`);
      await page.locator('[data-testid="report-controls"]').waitFor();
      expect((await sameAsApi(page, {})).length).toBe(7);

      // formats: currency and percent as the browser's Intl writes them; threshold colours on the amount cells
      const full = await data({});
      const cells = await page.locator('[data-testid="report-row"]').evaluateAll((trs) => trs.map((tr) => {
        const td = tr.querySelector<HTMLElement>('td[data-column="amount"]')!;
        return { amount: td.textContent, color: td.style.color ? getComputedStyle(td).color : "", rate: tr.querySelector('td[data-column="rate"]')!.textContent };
      }));
      const want = await page.evaluate((rows) => rows.map((r) => ({
        amount: new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(r.amount)),
        rate: new Intl.NumberFormat("zh-CN", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(r.rate)),
      })), full.rows);
      expect(cells.map((c) => ({ amount: c.amount, rate: c.rate }))).toEqual(want);
      expect(cells.every((c) => /^[¥￥][\d,]+\.\d\d$/.test(c.amount ?? "") && /%$/.test(c.rate ?? ""))).toBe(true);
      const amounts = full.rows.map((r) => Number(r.amount)).sort((a, b) => a - b);
      const [low, high] = [amounts[Math.floor(amounts.length / 3)]!, amounts[Math.floor((amounts.length * 2) / 3)]!];
      expect(cells.map((c) => c.color)).toEqual(full.rows.map((r) => (Number(r.amount) > high ? RED : Number(r.amount) < low ? GREEN : "")));
      expect(new Set(cells.map((c) => c.color))).toEqual(new Set([RED, GREEN, ""]));

      // multi-select: two regions
      await page.locator('[data-field="control-regions"]').click();
      await page.locator('[role="option"]', { hasText: "华东" }).click();
      await page.waitForURL((u) => u.searchParams.get("regions") === "华东");
      await page.locator('[role="option"]', { hasText: "华北" }).click();
      await page.waitForURL((u) => u.searchParams.get("regions") === "华东,华北");
      await page.keyboard.press("Escape");
      expect(new Set((await sameAsApi(page, { regions: "华东,华北" })).map((p) => p.split("/")[0]))).toEqual(new Set(["华东", "华北"]));

      // date range: a preset, then a custom range
      const amountsShown = () => page.locator('[data-testid="report-row"] td[data-column="amount"]').allInnerTexts();
      const before = await amountsShown();
      await page.locator('[data-field="control-period"]').click();
      await page.locator('[role="option"]', { hasText: "最近 7 天" }).click();
      await page.waitForURL((u) => u.searchParams.get("period") === "last_7_days");
      await sameAsApi(page, { regions: "华东,华北", period: "last_7_days" });
      expect(await amountsShown()).not.toEqual(before);
      const week = await data({ regions: "华东,华北", period: "last_7_days" });
      expect(week.rows.every((r) => Number(r.amount) < Number(full.rows.find((f) => f.city === r.city)!.amount))).toBe(true);
      const day = (back: number) => new Date(Date.parse(today) - back * 86_400_000).toISOString().slice(0, 10);
      await page.locator('[data-field="control-period"]').click();
      await page.locator('[role="option"]', { hasText: "自定义" }).click();
      await page.locator('input[name="control-period-from"]').fill(day(20));
      await page.locator('input[name="control-period-to"]').fill(day(10));
      await page.waitForURL((u) => u.searchParams.get("period") === `${day(20)},${day(10)}`);
      const customRange = await sameAsApi(page, { regions: "华东,华北", period: `${day(20)},${day(10)}` });
      expect(customRange.length).toBe(5);
      expect(await page.locator('[role="alert"], .toast[data-kind="error"]').count()).toBe(0);
      const custom = await amountsShown();

      // date: until a day inside the range narrows it again
      await page.locator('input[name="control-until"]').fill(day(15));
      await page.waitForURL((u) => u.searchParams.get("until") === day(15));
      await sameAsApi(page, { regions: "华东,华北", period: `${day(20)},${day(10)}`, until: day(15) });
      await expect.poll(amountsShown).not.toEqual(custom);

      // tree: a region, then a city under it
      const tree = page.locator('[data-testid="control-area"]');
      await tree.locator(".select__trigger").click();
      await page.locator(".tree-select__content .tree__label", { hasText: "华东" }).click();
      await page.waitForURL((u) => u.searchParams.get("area") === "华东");
      expect(await sameAsApi(page, { regions: "华东,华北", period: `${day(20)},${day(10)}`, until: day(15), area: "华东" })).toHaveLength(3);
      await tree.locator(".select__trigger").click();
      await page.locator(".tree-select__content .tree__label", { hasText: "杭州" }).click();
      await page.waitForURL((u) => u.searchParams.get("area") === "杭州");
      const params = { regions: "华东,华北", period: `${day(20)},${day(10)}`, until: day(15), area: "杭州" };
      expect(await sameAsApi(page, params)).toEqual(["华东/杭州"]);
      expect(await tree.locator(".select__value").innerText()).toBe("杭州");

      // a reload opens the same view from the URL
      await page.reload();
      await page.locator('[data-testid="report-controls"]').waitFor();
      await sameAsApi(page, params);
      expect(await page.locator('[data-field="control-regions"] .select__value').innerText()).toBe("华东、华北");
      expect(await page.locator('input[name="control-until"]').inputValue()).toBe(day(15));
      expect(await page.locator('input[name="control-period-from"]').inputValue()).toBe(day(20));
      expect(await page.locator('input[name="control-period-to"]').inputValue()).toBe(day(10));
      expect(await tree.locator(".select__value").innerText()).toBe("杭州");
      await page.screenshot({ path: join(SHOTS, "reports-controls-desktop.png") });

      // 后台导出: a job with progress, done on the worker, a toast and a download of the same rows
      await page.locator('[data-testid="report-export"]').click();
      await page.locator('[data-testid="report-export-job"]').click();
      await page.locator(".toast", { hasText: "已开始后台导出" }).waitFor();
      await page.locator('[data-testid="report-export-progress"]').waitFor();
      await page.locator('[data-testid="report-export-progress"][data-status="done"]').waitFor({ timeout: 30_000 });
      await page.locator('.toast[data-kind="success"]', { hasText: "导出文件已生成" }).waitFor();
      const jobs = (await admin<{ items: Array<{ report_id: string; status: string; rows: number; format: string }> }>("GET", "/report-exports")).body.data.items;
      expect(jobs[0]).toMatchObject({ status: "done", format: "xlsx", rows: 1 });
      const download = page.waitForEvent("download");
      await page.locator('[data-testid="report-export-download"]').click();
      expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

      // the tree's 全部 clears it; a region taken out of the multi-select leaves the other
      await tree.locator(".select__trigger").click();
      await page.locator(".tree-select__content .tree__all").click();
      await page.waitForURL((u) => !u.searchParams.has("area") && u.searchParams.get("until") === day(15));
      await sameAsApi(page, { regions: "华东,华北", period: `${day(20)},${day(10)}`, until: day(15) });
      await page.locator('[data-field="control-regions"]').click();
      await page.locator('[role="option"]', { hasText: "华北" }).click();
      await page.waitForURL((u) => u.searchParams.get("regions") === "华东");
      await page.keyboard.press("Escape");
      expect(await sameAsApi(page, { regions: "华东", period: `${day(20)},${day(10)}`, until: day(15) })).toHaveLength(3);

      // 重置 clears every control: all rows again, the URL without values
      await page.locator('[data-testid="report-controls-reset"]').click();
      await page.waitForURL((u) => !u.searchParams.has("regions") && !u.searchParams.has("area") && !u.searchParams.has("period"));
      expect((await sameAsApi(page, {})).length).toBe(7);
      expect(refused).toEqual([]);
    } finally {
      await b.close();
    }
  }, 90_000);

  it("on a phone: the bottom sheet applies a multi-select, a preset and a tree pick; rows as the API answers", async () => {
    const b = await openBrowser(PHONE);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports/pwa-controls`);
      await page.locator('[data-testid="report-filter-open"]').click();
      const sheet = page.locator('[data-testid="report-filter-sheet"]');
      await sheet.waitFor();
      await sheet.locator('[data-field="control-regions"]').click();
      await page.locator('[role="option"]', { hasText: "华南" }).click();
      await page.keyboard.press("Escape");
      await sheet.waitFor();
      await sheet.locator('[data-field="control-period"]').click();
      await page.locator('[role="option"]', { hasText: "最近 30 天" }).click();
      await sheet.locator('[data-testid="control-area"] .select__trigger').click();
      await page.locator(".tree-select__content .tree__label", { hasText: "深圳" }).click();
      // nothing applies before 确定
      expect(new URL(page.url()).searchParams.has("regions")).toBe(false);
      await page.screenshot({ path: join(SHOTS, "reports-controls-phone-sheet.png") });
      await page.locator('[data-testid="report-filter-apply"]').click();
      await page.waitForURL((u) => u.searchParams.get("regions") === "华南" && u.searchParams.get("period") === "last_30_days" && u.searchParams.get("area") === "深圳");
      expect(await sameAsApi(page, { regions: "华南", period: "last_30_days", area: "深圳" })).toEqual(["华南/深圳"]);
      expect(await page.locator('[data-testid="report-filter-open"] .badge').innerText()).toBe("3");
    } finally {
      await b.close();
    }
  }, 60_000);

  it("the datasources page creates a store source (no URL) and a PostgreSQL one, tests them, and edits one", async () => {
    const b = await openBrowser(DESKTOP);
    try {
      const { page } = b;
      await signIn(page, server.url, ADMIN.username, ADMIN.password);
      admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
      await page.goto(`${server.url}/reports/datasources`);
      await page.locator('[data-testid="datasources-page"]').waitFor();
      const dialog = page.locator('[data-testid="datasource-dialog"]');
      type Src = { id: string; name: string; type: string; url: string | null; health: { ok: boolean } | null };
      const sources = async () => {
        const d = (await admin<Src[] | { items: Src[] }>("GET", "/datasources")).body.data;
        return Array.isArray(d) ? d : d.items;
      };

      await page.locator('[data-testid="datasource-create"]').click();
      await dialog.waitFor();
      await dialog.locator('input[name="name"]').fill("pwa-store");
      // a URL typed for the default type, then the type changed to one without a URL: the hidden URL is not sent
      await dialog.locator('input[name="url"]').fill("postgres://postgres@127.0.0.1:5432/postgres");
      await pick(page, "type", "系统内置库");
      expect(await dialog.locator('input[name="url"]').count()).toBe(0);
      await page.locator('[data-testid="datasource-test"]').click();
      await page.locator('.toast[data-kind="success"]', { hasText: "连接成功" }).first().waitFor();
      await dialog.locator('button[type="submit"]').click();
      await page.locator('[data-testid="datasource-item"][data-name="pwa-store"]').waitFor();
      await dialog.waitFor({ state: "detached" });
      expect((await sources()).find((s) => s.name === "pwa-store")).toMatchObject({ type: "store", url: null });

      await page.locator('[data-testid="datasource-create"]').click();
      await dialog.waitFor();
      await dialog.locator('input[name="name"]').fill("pwa-pg");
      await pick(page, "type", "PostgreSQL");
      await dialog.locator('input[name="url"]').fill("postgres://postgres@127.0.0.1:5432/postgres");
      const tested = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/datasources/test");
      await page.locator('[data-testid="datasource-test"]').click();
      expect((await tested).status()).toBe(200);
      await page.locator('.toast[data-kind="success"]', { hasText: "连接成功" }).first().waitFor();
      await dialog.locator('button[type="submit"]').click();
      const row = page.locator('[data-testid="datasource-item"][data-name="pwa-pg"]');
      await row.waitFor();
      expect((await sources()).find((s) => s.name === "pwa-pg")).toMatchObject({ type: "postgres" });

      // 测试连接 from the row records its health
      await row.getByRole("button", { name: "测试连接" }).click();
      await expect.poll(() => row.locator('[data-testid="datasource-health"]').getAttribute("data-ok")).toBe("1");
      expect((await sources()).find((s) => s.name === "pwa-pg")!.health).toMatchObject({ ok: true });

      // edit: a new name, the URL kept
      await row.getByRole("button", { name: "编辑" }).click();
      await dialog.waitFor();
      await dialog.locator('input[name="name"]').fill("pwa-pg-main");
      await dialog.locator('button[type="submit"]').click();
      await page.locator('[data-testid="datasource-item"][data-name="pwa-pg-main"]').waitFor();
      const edited = (await sources()).find((s) => s.name === "pwa-pg-main")!;
      expect(edited.url).toContain("127.0.0.1:5432/postgres");
      expect((await admin<{ ok: boolean }>("POST", `/datasources/${edited.id}/test`)).body.data.ok).toBe(true);
    } finally {
      await b.close();
    }
  }, 60_000);
});
