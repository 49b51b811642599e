import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";

const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe.each(ENGINES)("reports: definitions, data, controls, drill, favourites, prefs, shares, cache over the demo (%s)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  let datasetId = "";
  const get = (who: string, path: string) => s.req("GET", `/api/v1${path}`, { token: tokens[who]! });
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "reports"] });
    for (const u of ["admin", "zhangwei", "lina", "liuyang"]) tokens[u] = await s.login(u);
    datasetId = (await s.system.db.get<{ id: string }>("SELECT id FROM report_datasets WHERE name = 'sales'"))!.id;
  }, 120_000);
  afterAll(() => s?.close());

  it("lists the demo reports, reads one by name, and refuses a specialist writes", async () => {
    const list = await get("lina", "/reports?page_size=50");
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((r: { name: string }) => r.name).sort()).toEqual(["channel-share", "sales-by-city", "sales-detail", "sales-kpi"]);
    const one = await get("lina", "/reports/sales-by-city");
    expect(one.body.data).toMatchObject({ name: "sales-by-city", chart: { type: "bar", x: "city" }, favourite: true });
    const denied = await s.req("POST", "/api/v1/reports", { token: tokens.lina!, body: { name: "x", title: "x", dataset_id: datasetId, chart: { type: "table", series: [] } } });
    expect(denied.status).toBe(403);
  });

  it("validates a definition against the dataset's columns and params, naming each field; nothing is stored", async () => {
    const bad = await s.req("POST", "/api/v1/reports", {
      token: tokens.zhangwei!,
      body: {
        name: "bad-report", title: "坏报表", dataset_id: datasetId,
        chart: { type: "bar", x: "nope", series: [{ column: "amount", agg: "sum" }, { column: "ghost", agg: "sum" }] },
        controls: [{ name: "region", label: "大区", type: "select", param: "region", options: { static: [{ value: "华东", label: "华东" }] } }, { name: "x", label: "X", type: "text", param: "missing" }],
        format: { nothing: { kind: "number" } },
        drill: { column: "city", report_id: "no-such-report", params: {} },
      },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(["chart.x", "chart.series[1].column", "controls[1].param", "format.nothing", "drill.report_id"]));
    expect((await get("zhangwei", "/reports/bad-report")).status).toBe(404);
    const noDataset = await s.req("POST", "/api/v1/reports", { token: tokens.zhangwei!, body: { name: "nd", title: "x", dataset_id: "missing", chart: { type: "table", series: [] } } });
    expect(fields(noDataset.body)).toEqual(["dataset_id"]);
  });

  it("creates, updates and deletes a report with roles, audited; roles keep others out with 403", async () => {
    const created = await s.req("POST", "/api/v1/reports", {
      token: tokens.zhangwei!, body: { name: "mgr-only", title: "经理报表", dataset_id: datasetId, chart: { type: "table", series: [{ column: "city", agg: "none" }] }, roles: ["ops_manager"] },
    });
    expect(created.status).toBe(201);
    expect((await get("lina", "/reports/mgr-only")).status).toBe(403);
    expect((await get("lina", "/reports?q=经理")).body.data.total).toBe(0);
    const renamed = await s.req("PATCH", `/api/v1/reports/${created.body.data.id}`, { token: tokens.zhangwei!, body: { title: "经理专用" } });
    expect(renamed.body.data.title).toBe("经理专用");
    const taken = await s.req("PATCH", `/api/v1/reports/${created.body.data.id}`, { token: tokens.zhangwei!, body: { name: "sales-kpi" } });
    expect(taken.status).toBe(409);
    expect((await s.req("DELETE", "/api/v1/reports/mgr-only", { token: tokens.zhangwei! })).status).toBe(200);
    const actions = (await s.system.db.all<{ action: string }>("SELECT action FROM audit_logs WHERE module = 'reports' AND action LIKE 'report.%'")).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["report.create", "report.update", "report.delete"]));
    // a report another drills into is not deleted
    expect((await s.req("DELETE", "/api/v1/reports/sales-detail", { token: tokens.zhangwei! })).status).toBe(409);
  });

  it("answers bar data per city with the drill mark; a DEPT viewer sees only her region's rows and options", async () => {
    const all = await get("zhangwei", "/reports/sales-by-city/data?period=last_30_days");
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const cities = all.body.data.rows.map((r: { city: string }) => r.city);
    expect(new Set(cities)).toEqual(new Set(["上海", "杭州", "南京", "广州", "深圳", "北京", "天津"]));
    expect(all.body.data.columns.find((c: { name: string }) => c.name === "city")).toMatchObject({ drill: true });
    expect(all.body.data.drill).toMatchObject({ column: "city", report_name: "sales-detail", params: { city: "city" } });
    expect(all.body.data.watermark).toMatch(/^张伟 zhangwei \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(all.body.data.params.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const top = await get("zhangwei", "/reports/sales-by-city/data?period=last_30_days&sort=amount:desc");
    const topAmounts = top.body.data.rows.map((r: { amount: unknown }) => Number(r.amount));
    expect(topAmounts).toEqual([...topAmounts].sort((a, b) => b - a));
    const lina = await get("lina", "/reports/sales-by-city/data");
    expect(new Set(lina.body.data.rows.map((r: { city: string }) => r.city))).toEqual(new Set(["上海", "杭州", "南京"]));
    const regions = await get("lina", "/reports/sales-by-city/controls/region/options");
    expect(regions.body.data).toEqual([{ value: "华东", label: "华东" }]);
    const managerCities = await get("zhangwei", `/reports/sales-by-city/controls/city/options?region=${encodeURIComponent("华南")}`);
    expect(managerCities.body.data.map((o: { value: string }) => o.value).sort()).toEqual(["广州", "深圳"]);
    // a value outside the viewer's options is refused naming the control
    const outside = await get("lina", `/reports/sales-by-city/data?region=${encodeURIComponent("华南")}`);
    expect([outside.status, fields(outside.body)]).toEqual([400, ["region"]]);
    const injected = await get("lina", `/reports/sales-detail/data?city=${encodeURIComponent("上海' OR '1'='1")}`);
    expect([injected.status, fields(injected.body)]).toEqual([400, ["city"]]);
  });

  it("pages and sorts the table; a bad sort is 400 at sort", async () => {
    const page = await get("admin", "/reports/sales-detail/data?period=last_7_days&page=2&page_size=10&sort=amount:desc");
    expect(page.status).toBe(200);
    expect(page.body.data).toMatchObject({ page: 2, page_size: 10 });
    expect(page.body.data.rows).toHaveLength(10);
    expect(page.body.data.total).toBeGreaterThan(100);
    const amounts = page.body.data.rows.map((r: { amount: unknown }) => Number(r.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const bad = await get("admin", `/reports/sales-detail/data?sort=${encodeURIComponent("amount; DROP TABLE reports")}`);
    expect([bad.status, fields(bad.body)]).toEqual([400, ["sort"]]);
  });

  it("computes the KPI month over month and the pie by channel", async () => {
    const kpi = await get("zhangwei", "/reports/sales-kpi/data");
    expect(kpi.status).toBe(200);
    expect(kpi.body.data.kpi.value).toBeGreaterThan(0);
    expect(kpi.body.data.kpi.previous).toBeGreaterThan(0);
    const { value, previous, delta_pct } = kpi.body.data.kpi;
    expect(delta_pct).toBeCloseTo(((value - previous) / previous) * 100, 1);
    const pie = await get("zhangwei", "/reports/channel-share/data");
    expect(pie.body.data.rows.map((r: { channel: string }) => r.channel)).toEqual(["直播", "小程序", "线上商城", "门店"].sort());
  });

  it("serves a second read from the cache per scope; fresh=1 bypasses it; two scopes never share", async () => {
    const first = await get("lina", "/reports/sales-by-city/data?period=last_7_days");
    expect(first.body.data.cached).toBe(false);
    const again = await get("lina", "/reports/sales-by-city/data?period=last_7_days");
    expect(again.body.data.cached).toBe(true);
    expect(again.body.data.rows).toEqual(first.body.data.rows);
    expect((await get("lina", "/reports/sales-by-city/data?period=last_7_days&fresh=1")).body.data.cached).toBe(false);
    const other = await get("zhangwei", "/reports/sales-by-city/data?period=last_7_days");
    expect(other.body.data.cached).toBe(false);
    expect(other.body.data.rows.length).toBeGreaterThan(first.body.data.rows.length);
  });

  it("keeps favourites, view prefs and share links per viewer", async () => {
    expect((await s.req("PUT", "/api/v1/reports/sales-kpi/favourite", { token: tokens.lina! })).status).toBe(200);
    const favs = await get("lina", "/reports?favourites=1");
    expect(favs.body.data.items.map((r: { name: string }) => r.name)).toEqual(["sales-by-city", "sales-kpi"]);
    expect((await s.req("DELETE", "/api/v1/reports/sales-by-city/favourite", { token: tokens.lina! })).body.data).toMatchObject({ favourite: false });
    expect((await get("lina", "/reports?favourites=1")).body.data.items.map((r: { name: string }) => r.name)).toEqual(["sales-kpi"]);
    expect((await get("liuyang", "/reports?favourites=1")).body.data.total).toBe(0);
    const prefs = await s.req("PUT", "/api/v1/reports/sales-detail/prefs", { token: tokens.lina!, body: { columns: ["city", "amount"], page_size: 50 } });
    expect(prefs.status).toBe(200);
    expect((await get("lina", "/reports/sales-detail/prefs")).body.data).toEqual({ columns: ["city", "amount"], page_size: 50 });
    expect((await get("zhangwei", "/reports/sales-detail/prefs")).body.data).toEqual({});
    const share = await s.req("POST", "/api/v1/reports/sales-by-city/shares", { token: tokens.zhangwei!, body: { params: { region: "华东" }, expires_in_s: 3600 } });
    expect(share.status).toBe(201);
    expect(share.body.data.url).toMatch(new RegExp(`/reports/${share.body.data.report_id}\\?share=${share.body.data.id}$`));
    const opened = await get("lina", `/report-shares/${share.body.data.id}`);
    expect(opened.body.data).toMatchObject({ params: { region: "华东" }, report: { name: "sales-by-city" } });
    expect((await s.req("DELETE", `/api/v1/report-shares/${share.body.data.id}`, { token: tokens.lina! })).status).toBe(403);
    expect((await s.req("DELETE", `/api/v1/report-shares/${share.body.data.id}`, { token: tokens.zhangwei! })).status).toBe(200);
    expect((await get("lina", `/report-shares/${share.body.data.id}`)).status).toBe(404);
  });

  it("shows favourite KPIs on the workbench", async () => {
    const widget = await get("lina", "/workbench/widgets/reports.kpis");
    expect(widget.status).toBe(200);
    expect(widget.body.data).toMatchObject({ status: "ok", count: 1 });
    expect(widget.body.data.items[0]).toMatchObject({ title: "本月成交额", href: "/reports/sales-kpi" });
    expect(widget.body.data.items[0].subtitle).toMatch(/\d/);
  });

  it("keeps a searchable metric dictionary with the reports using each metric", async () => {
    const found = await get("lina", `/metrics-dictionary?q=${encodeURIComponent("成交")}`);
    expect(found.body.data.items.map((m: { name: string }) => m.name)).toEqual(["gmv"]);
    expect(found.body.data.items[0].report_ids.length).toBe(4);
    expect(found.body.data.items[0].owner_name).toBe("张伟");
    const created = await s.req("POST", "/api/v1/metrics-dictionary", { token: tokens.zhangwei!, body: { name: "aov", title: "客单价", dataset_id: datasetId, column: "ghost" } });
    expect([created.status, fields(created.body)]).toEqual([400, ["column"]]);
    const ok = await s.req("POST", "/api/v1/metrics-dictionary", { token: tokens.zhangwei!, body: { name: "aov", title: "客单价", definition: "成交额 / 订单数", sql: "SELECT SUM(amount)/SUM(orders) FROM rpt_demo_sales", tags: ["销售"] } });
    expect(ok.status).toBe(201);
    expect((await s.req("PATCH", "/api/v1/metrics-dictionary/aov", { token: tokens.zhangwei!, body: { unit: "元" } })).body.data.unit).toBe("元");
    expect((await s.req("POST", "/api/v1/metrics-dictionary", { token: tokens.lina!, body: { name: "x", title: "x" } })).status).toBe(403);
    expect((await s.req("DELETE", "/api/v1/metrics-dictionary/aov", { token: tokens.zhangwei! })).status).toBe(200);
    const actions = (await s.system.db.all<{ action: string }>("SELECT action FROM audit_logs WHERE module = 'reports' AND action LIKE 'metric.%'")).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["metric.create", "metric.delete", "metric.update"]));
  });
});
