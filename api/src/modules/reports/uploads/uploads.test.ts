import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { gbk, mergedHeaderXlsx, utf8Bom } from "./fixtures/files.ts";

/** Uploads through HTTP on each store engine: create, preview, re-upload, refusals, and a query over the table. */
const MAX_BYTES = 200 * 1024;

describe.each(ENGINES)("report uploads on %s", (engine) => {
  let s: TestSystem;
  let dev: string;
  let lina: string;

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"], env: { OPS_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) } });
    dev = await s.login("liuyang");
    lina = await s.login("lina");
  });
  afterAll(() => s.close());

  async function post(token: string, path: string, fields: Record<string, string | File>) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await s.system.app.request(`/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  }
  const file = (bytes: Uint8Array | string, name: string) => new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name);
  const rowsOf = (table: string, order = "1") => s.system.db.all<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${order}`);
  const count = async (table: string) => Number((await s.system.db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
  const tableExists = async (table: string) =>
    Boolean(engine === "postgres"
      ? (await s.system.db.get<{ t: string | null }>("SELECT to_regclass(?)::text AS t", [table]))?.t
      : await s.system.db.get("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]));
  const SALES_CSV = "region,amount,orders,day,vip\n华东,\"1,200.50\",3,2024/1/5,是\n华北,800,2,2024/1/6,否\n华东,￥99.5,1,2024/1/7,是\n";

  it("creates an upload datasource from an xlsx with a merged two-row header, with typed columns", async () => {
    const bytes = await mergedHeaderXlsx([
      ["华东", 1200.5, 3, new Date(Date.UTC(2024, 0, 5))],
      ["华北", 800, 2, new Date(Date.UTC(2024, 0, 6))],
    ]);
    const r = await post(dev, "/datasources/upload", { file: file(bytes, "销售.xlsx"), name: "销售上传" });
    expect(r.status).toBe(201);
    const ds = r.body.data;
    expect(ds).toMatchObject({ name: "销售上传", type: "upload", url: null });
    expect(ds.upload).toMatchObject({ file_name: "销售.xlsx", rows: 2, table: expect.stringMatching(/^rpt_up_[a-z0-9]+$/) });
    expect(ds.upload.columns).toEqual([
      { name: "c1", label: "区域", type: "string" },
      { name: "c2", label: "销售/金额", type: "number" },
      { name: "c3", label: "销售/订单数", type: "number" },
      { name: "c4", label: "日期", type: "date" },
    ]);
    const rows = await rowsOf(ds.upload.table, "c2");
    expect(rows.map((x) => [x.c1, Number(x.c2), Number(x.c3)])).toEqual([["华北", 800, 2], ["华东", 1200.5, 3]]);
    const logs = await s.req("GET", `/api/v1/audit/logs?action=datasource.upload&module=reports`, { token: await s.login("admin") });
    expect(logs.body.data.items.some((l: any) => l.resource_id === ds.id)).toBe(true);
  });

  it("previews the inferred columns and the first rows without storing anything", async () => {
    const before = await s.system.db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM report_datasources");
    const many = "code,amount\n" + Array.from({ length: 30 }, (_, i) => `A${i},${i * 10}`).join("\n");
    const r = await post(dev, "/datasources/upload/preview", { file: file(many, "many.csv") });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ file_name: "many.csv", total_rows: 30, header_rows: 1, columns: [{ name: "code", type: "string" }, { name: "amount", type: "number" }] });
    expect(r.body.data.rows).toHaveLength(20);
    expect(r.body.data.rows[2]).toEqual({ code: "A2", amount: 20 });
    expect(await s.system.db.get("SELECT COUNT(*) AS n FROM report_datasources")).toEqual(before);
  });

  it("reads CSV in UTF-8 with BOM and in GBK to the same typed rows", async () => {
    const tables: string[] = [];
    for (const [bytes, name] of [[utf8Bom(SALES_CSV), "utf8"], [gbk(SALES_CSV), "gbk"]] as const) {
      const r = await post(dev, "/datasources/upload", { file: file(bytes, `${name}.csv`), name: `销售-${name}` });
      expect(r.status).toBe(201);
      expect(r.body.data.upload.columns).toEqual([
        { name: "region", label: "region", type: "string" },
        { name: "amount", label: "amount", type: "number" },
        { name: "orders", label: "orders", type: "number" },
        { name: "day", label: "day", type: "date" },
        { name: "vip", label: "vip", type: "boolean" },
      ]);
      tables.push(r.body.data.upload.table);
    }
    const [a, b] = await Promise.all(tables.map((t) => rowsOf(t, "amount")));
    expect(a).toEqual(b);
    expect(a!.map((x) => [x.region, Number(x.amount), Boolean(x.vip)])).toEqual([["华东", 99.5, true], ["华北", 800, false], ["华东", 1200.5, true]]);
    expect(String(a![0]!.day instanceof Date ? (a![0]!.day as Date).toISOString() : a![0]!.day)).toMatch(/^2024-01-07/);
  });

  it("replaces or appends on re-upload; an append with other columns is refused listing the differences", async () => {
    const created = await post(dev, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "区域销售" });
    const { id, upload } = created.body.data;
    const more = "region,amount,orders,day,vip\n华南,10,1,2024/2/1,否\n";
    const appended = await post(dev, `/datasources/${id}/upload?mode=append`, { file: file(more, "more.csv") });
    expect(appended.status).toBe(200);
    expect(appended.body.data.upload).toMatchObject({ rows: 4, file_name: "more.csv", table: upload.table });
    expect(await count(upload.table)).toBe(4);
    // two appends at once: each counted once, the recorded row count is the table's
    const both = await Promise.all([1, 2].map((n) => post(dev, `/datasources/${id}/upload?mode=append`, { file: file(more, `more-${n}.csv`) })));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(Math.max(...both.map((r) => r.body.data.upload.rows))).toBe(6);
    expect(await count(upload.table)).toBe(6);
    await post(dev, `/datasources/${id}/upload?mode=replace`, { file: file(SALES_CSV + more.split("\n")[1] + "\n", "back.csv") });
    expect(await count(upload.table)).toBe(4);

    const other = "region,total,day\n华南,abc,2024/2/1\n";
    const refused = await post(dev, `/datasources/${id}/upload?mode=append`, { file: file(other, "other.csv") });
    expect(refused.status).toBe(400);
    expect(refused.body.reason).toBe("reports.upload_append_mismatch");
    expect(refused.body.errors.map((e: any) => e.field)).toEqual(["file", "file", "file", "file"]);
    expect(refused.body.errors.map((e: any) => e.message).join("\n")).toMatch(/amount[\s\S]*orders[\s\S]*vip[\s\S]*total/);
    const typed = await post(dev, `/datasources/${id}/upload?mode=append`, { file: file("region,amount,orders,day,vip\n华南,很多,1,2024/2/1,否\n", "t.csv") });
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0].message).toContain("amount");
    expect(await count(upload.table)).toBe(4);

    const replaced = await post(dev, `/datasources/${id}/upload`, { file: file("city,amount\n杭州,5\n", "r.csv") });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data.upload).toMatchObject({ rows: 1, columns: [{ name: "city", type: "string" }, { name: "amount", type: "number" }] });
    expect(await rowsOf(upload.table)).toEqual([{ city: "杭州", amount: 5 }]);
  });

  it("refuses a broken file with 400 naming the file and its row, and changes nothing (a failed replace keeps the rows)", async () => {
    const created = await post(dev, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "保留" });
    const { id, upload } = created.body.data;
    const datasources = await s.system.db.get("SELECT COUNT(*) AS n FROM report_datasources");
    const wide = await post(dev, `/datasources/${id}/upload?mode=replace`, { file: file("a,b\n1,2\n3,4,5\n", "wide.csv") });
    expect(wide.status).toBe(400);
    expect(wide.body.errors[0]).toMatchObject({ field: "file" });
    expect(wide.body.message).toContain("3");
    const zip = await post(dev, "/datasources/upload", { file: file(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), "bad.xlsx"), name: "坏文件" });
    expect(zip.status).toBe(400);
    expect(zip.body.errors[0].field).toBe("file");
    const none = await post(dev, "/datasources/upload", { name: "没有文件" });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe("file");
    expect(await count(upload.table)).toBe(3);
    expect(await s.system.db.get("SELECT COUNT(*) AS n FROM report_datasources")).toEqual(datasources);
    const taken = await post(dev, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "保留" });
    expect(taken.status).toBe(409);
  });

  it("is read through the registry's driver like any datasource, limited to its own table; deleting it drops the table", async () => {
    const created = await post(dev, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "查询上传" });
    const { id, upload } = created.body.data;
    const { driver } = await s.system.reports.sources.driverOf(id);
    const limits = { timeoutMs: 10_000, rowCap: 100 };
    const r = await driver.query({ sql: `SELECT region, sum(amount) AS total FROM ${upload.table} GROUP BY region`, values: [] }, limits);
    expect(Object.fromEntries(r.rows.map((x) => [x.region, Number(x.total)]))).toEqual({ 华东: 1300, 华北: 800 });
    expect((await driver.tables()).map((t) => t.name)).toEqual([upload.table]);
    expect((await driver.tables())[0]!.columns.map((c) => [c.name, c.type])).toEqual([["region", "string"], ["amount", "number"], ["orders", "number"], ["day", "date"], ["vip", "boolean"]]);
    // another upload's table is not this datasource's to read
    const other = await post(dev, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "另一个" });
    await expect(driver.query({ sql: `SELECT * FROM ${other.body.data.upload.table}`, values: [] }, limits)).rejects.toMatchObject({ code: "reports.query_forbidden_table" });
    // a re-upload is seen at once through the registry
    await post(dev, `/datasources/${id}/upload?mode=append`, { file: file("region,amount,orders,day,vip\n华南,1,1,2024/2/1,否\n", "a.csv") });
    const again = await (await s.system.reports.sources.driverOf(id)).driver.query({ sql: `SELECT count(*) AS n FROM ${upload.table}`, values: [] }, limits);
    expect(Number(again.rows[0]!.n)).toBe(4);

    const removed = await s.req("DELETE", `/api/v1/datasources/${id}`, { token: dev });
    expect(removed.body).toMatchObject({ code: 0 });
    expect(removed.status).toBe(200);
    expect(await tableExists(upload.table)).toBe(false);
    expect(await tableExists(other.body.data.upload.table)).toBe(true);
    expect((await post(dev, `/datasources/${id}/upload`, { file: file(SALES_CSV, "s.csv") })).status).toBe(404);
  });

  it("serves datasets like any datasource: SQL with parameters over its table, previewed; a datasource in use is not deleted", async () => {
    const created = await post(dev, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "数据集上传" });
    const { id, upload } = created.body.data;
    const ds = await s.req("POST", "/api/v1/datasets", {
      token: dev,
      body: { name: "upload-sales", datasource_id: id, sql: `SELECT region, sum(amount) AS total FROM ${upload.table} WHERE region = :region GROUP BY region`, params: [{ name: "region", type: "string" }] },
    });
    expect(ds.status).toBe(201);
    const preview = await s.req("POST", `/api/v1/datasets/${ds.body.data.id}/preview`, { token: dev, body: { params: { region: "华东" } } });
    expect(preview.status).toBe(200);
    expect(preview.body.data.rows.map((x: any) => [x.region, Number(x.total)])).toEqual([["华东", 1300]]);
    expect((await s.req("DELETE", `/api/v1/datasources/${id}`, { token: dev })).status).toBe(409);
    expect(await tableExists(upload.table)).toBe(true);
  });

  it("answers 413 naming file past the upload limit, and 403 without reports:datasource", async () => {
    const big = "a,b\n" + "x".repeat(MAX_BYTES) + ",1\n";
    const r = await post(dev, "/datasources/upload", { file: file(big, "big.csv"), name: "太大" });
    expect(r.status).toBe(413);
    expect(r.body.errors[0].field).toBe("file");
    expect((await post(lina, "/datasources/upload", { file: file(SALES_CSV, "s.csv"), name: "无权" })).status).toBe(403);
    expect((await post(lina, "/datasources/upload/preview", { file: file(SALES_CSV, "s.csv") })).status).toBe(403);
  });
});
