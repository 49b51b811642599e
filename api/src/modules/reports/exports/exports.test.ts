import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { EXPORTS_QUEUE } from "./index.ts";

type Sheet = string[][];

async function xlsxRows(bytes: ArrayBuffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const out: Sheet = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return out;
}

const column = (rows: Sheet, label: string) => {
  const i = rows[1]!.indexOf(label);
  expect(i, `column ${label} in ${rows[1]!.join(",")}`).toBeGreaterThanOrEqual(0);
  return rows.slice(2).map((r) => r[i]!);
};

describe.each(ENGINES)("reports exports: streamed xlsx/CSV as the viewer, pictures, export jobs (%s)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  const raw = (who: string, path: string, init: RequestInit = {}) =>
    s.system.app.request(`/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${tokens[who]!}`, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "reports"] });
    for (const u of ["admin", "zhangwei", "lina"]) tokens[u] = await s.login(u);
  }, 120_000);
  afterAll(() => s?.close());

  it("xlsx as a DEPT viewer holds only her region, a manager's all regions; the watermark is the first row", async () => {
    const lina = await raw("lina", "/reports/sales-detail/export?format=xlsx&period=last_30_days");
    expect(lina.status).toBe(200);
    expect(lina.headers.get("content-type")).toContain("spreadsheetml");
    expect(lina.headers.get("content-disposition")).toContain(encodeURIComponent("销售明细"));
    const mine = await xlsxRows(await lina.arrayBuffer());
    expect(mine[0]![0]).toMatch(/^导出人 李娜 \(lina\) 导出时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(mine[1]).toEqual(expect.arrayContaining(["日期", "大区", "城市", "成交额"]));
    expect(new Set(column(mine, "大区"))).toEqual(new Set(["华东"]));
    // numbers stay numbers in the sheet
    expect(Number(column(mine, "成交额")[0])).toBeGreaterThan(0);
    const all = await xlsxRows(await (await raw("zhangwei", "/reports/sales-detail/export?format=xlsx&period=last_30_days")).arrayBuffer());
    expect(all[0]![0]).toContain("张伟");
    expect(new Set(column(all, "大区"))).toEqual(new Set(["华东", "华南", "华北"]));
    const data = await s.req("GET", "/api/v1/reports/sales-detail/data?period=last_30_days&page_size=1", { token: tokens.zhangwei! });
    expect(all.length - 2).toBe(data.body.data.total);
  });

  it("CSV is UTF-8 with a BOM, watermark and labels first, only the viewer's rows; a bad parameter is a 400 before any byte", async () => {
    const res = await raw("lina", `/reports/sales-detail/export?format=csv&period=last_7_days&city=${encodeURIComponent("上海")}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // TextDecoder drops the BOM it was shown above
    const rows = parse(new TextDecoder().decode(bytes), { relax_column_count: true }) as Sheet;
    expect(rows[0]![0]).toContain("导出人 李娜");
    expect(new Set(column(rows, "城市"))).toEqual(new Set(["上海"]));
    const outside = await raw("lina", `/reports/sales-detail/export?format=csv&region=${encodeURIComponent("华南")}`);
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(["region"]);
    expect((await raw("lina", "/reports/sales-detail/export?format=doc")).status).toBe(400);
    expect((await raw("lina", "/reports/no-such-report/export?format=csv")).status).toBe(404);
  });

  it("masking holds in exports: a masked column is masked for a viewer without unmask, clear for admin", async () => {
    const ds = (await s.system.db.get<{ id: string; datasource_id: string }>("SELECT id, datasource_id FROM report_datasets WHERE name = 'sales'"))!;
    const dataset = await s.req("POST", "/api/v1/datasets", {
      token: tokens.admin!,
      body: {
        name: "sales-owners", datasource_id: ds.datasource_id, mode: "sql",
        sql: "SELECT region, city, owner, amount FROM rpt_demo_sales", params: [],
        columns: [{ name: "region", label: "大区", type: "string" }, { name: "city", label: "城市", type: "string" }, { name: "owner", label: "负责人", type: "string", mask: "full" }, { name: "amount", label: "成交额", type: "number" }],
        row_filters: [{ column: "region", source: "dept_attr", attr: "region" }],
      },
    });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const report = await s.req("POST", "/api/v1/reports", {
      token: tokens.admin!, body: { name: "owners", title: "负责人明细", dataset_id: dataset.body.data.id, chart: { type: "table", series: [] } },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const lina = await xlsxRows(await (await raw("lina", "/reports/owners/export?format=xlsx")).arrayBuffer());
    const owners = new Set(column(lina, "负责人"));
    expect(owners.size).toBeGreaterThan(0);
    for (const o of owners) expect(["lina", "zhoujie", "wuqian"]).not.toContain(o);
    const admin = await xlsxRows(await (await raw("admin", "/reports/owners/export?format=xlsx")).arrayBuffer());
    expect(new Set(column(admin, "负责人"))).toEqual(new Set(["lina", "zhoujie", "wuqian", "wangfang", "zhengyu", "huangmin", "zhangwei"]));
  });

  it("PNG and PDF of a chart as the viewer; each export audited with format and rows", async () => {
    const png = await raw("lina", "/reports/sales-by-city/export?format=png");
    expect([png.status, png.headers.get("content-type")]).toEqual([200, "image/png"]);
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
    const pdf = await raw("lina", "/reports/sales-by-city/export?format=pdf");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    const audited = await s.system.db.all<{ after_data: string; actor_name: string; status: number | string }>(
      "SELECT after_data, actor_name, status FROM audit_logs WHERE module = 'reports' AND action = 'export' AND actor_name = 'lina'",
    );
    const formats = audited.map((a) => JSON.parse(a.after_data) as { format: string; rows: number | null });
    expect(formats.map((f) => f.format)).toEqual(expect.arrayContaining(["xlsx", "csv", "png", "pdf"]));
    expect(formats.find((f) => f.format === "png")!.rows).toBe(3);
    expect(formats.filter((f) => f.format === "xlsx").every((f) => typeof f.rows === "number" && f.rows > 0)).toBe(true);
  });

  it("an export job runs on the worker: done at 100% with its rows, the creator notified; others get 403 on its download", async () => {
    const created = await s.req("POST", "/api/v1/reports/sales-detail/exports", { token: tokens.lina!, body: { format: "csv", params: { period: "last_30_days" } } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.data).toMatchObject({ status: "queued", progress: 0, download_url: null });
    const id = created.body.data.id as string;
    const job = await s.system.queue.reserve<{ exportId: string }>(EXPORTS_QUEUE);
    expect(job?.payload).toEqual({ exportId: id });
    await s.system.reports.delivery.exports.run(job!.payload, new AbortController().signal);
    await s.system.queue.complete(job!);
    const done = await s.req("GET", `/api/v1/report-exports/${id}`, { token: tokens.lina! });
    expect(done.body.data.error).toBeNull();
    const row = await s.system.db.get<{ estimated_rows: number | string }>("SELECT estimated_rows FROM report_exports WHERE id = ?", [id]);
    expect(done.body.data).toMatchObject({ status: "done", progress: 100, rows: Number(row!.estimated_rows), download_url: `/api/v1/report-exports/${id}/download` });
    const notice = await s.system.db.get<{ title: string; data: string }>("SELECT n.title, n.data FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'lina' AND n.type = 'reports.export_ready'");
    expect(notice?.title).toBe("报表「销售明细」CSV 导出完成");
    expect(JSON.parse(notice!.data)).toMatchObject({ export_id: id, url: `/api/v1/report-exports/${id}/download` });
    const file = await raw("lina", `/report-exports/${id}/download`);
    expect(file.status).toBe(200);
    const rows = parse((await file.text()).replace(/^\uFEFF/, ""), { relax_column_count: true }) as Sheet;
    expect(rows.length - 2).toBe(done.body.data.rows);
    expect(new Set(column(rows, "大区"))).toEqual(new Set(["华东"]));
    expect((await raw("zhangwei", `/report-exports/${id}/download`)).status).toBe(403);
    expect((await s.req("GET", `/api/v1/report-exports/${id}`, { token: tokens.zhangwei! })).status).toBe(403);
    expect((await s.req("GET", "/api/v1/report-exports", { token: tokens.zhangwei! })).body.data.items.map((e: { id: string }) => e.id)).not.toContain(id);
    expect((await s.req("GET", "/api/v1/report-exports", { token: tokens.lina! })).body.data.items.map((e: { id: string }) => e.id)).toContain(id);
    // a week later the periodic pass removes the file and its row
    s.clock.advance(8 * 86_400_000);
    expect(await s.system.reports.delivery.exports.sweep()).toBeGreaterThanOrEqual(1);
    s.clock.advance(-8 * 86_400_000);
    expect((await raw("lina", `/report-exports/${id}/download`)).status).toBe(404);
  });
});
