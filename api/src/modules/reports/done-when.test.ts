import { SQL } from "bun";
import mysql from "mysql2/promise";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@ops/shared";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { untilSignalled } from "../../testing/until.ts";

/**
 * Issue 12's done-when at the API: a report over a PostgreSQL table (and the same over MariaDB) with a cascading
 * region → city control, a bar chart and a drill-through to a detail table. Regions come from the demo departments'
 * attributes: 运营一部 华东, 运营二部 华南, 运营中心 华北; 西南 belongs to no department. The same report over an uploaded
 * xlsx whose header has merged cells (编号 and 日期 down two rows, 地区 over 大区|城市, 销售 over 金额|订单数).
 */
const PG_ADMIN = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MYSQL_ADMIN = process.env.OPS_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/mysql";
const ROWS: Array<[number, string, string, string, number]> = [
  [1, "2026-11-01", "华东", "上海", 100], [2, "2026-11-02", "华东", "杭州", 50], [3, "2026-11-03", "华南", "广州", 80], [4, "2026-11-04", "华南", "深圳", 30],
  [5, "2026-11-05", "华北", "北京", 70], [6, "2026-11-06", "西南", "成都", 20], [7, "2026-11-07", "华东", "上海", 25],
];
const VALUES = ROWS.map((r) => `(${r[0]}, '${r[1]}', '${r[2]}', '${r[3]}', ${r[4]})`).join(", ");
const SQL_TEXT = "SELECT id, day, region, city, amount FROM sales WHERE region = COALESCE(:region, region) AND city = COALESCE(:city, city)";

type Source = { url: string; drop(): Promise<void>; count(): Promise<number>; active?(): Promise<number> };
const suffix = () => `ops_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}_h4`;

async function pgSource(): Promise<Source> {
  const name = suffix();
  const admin = new SQL(PG_ADMIN);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = PG_ADMIN.replace(/\/[^/]*$/, `/${name}`);
  const db = new SQL(url);
  await db.unsafe("CREATE TABLE sales (id int PRIMARY KEY, day date, region text, city text, amount numeric(12,2))");
  await db.unsafe(`INSERT INTO sales VALUES ${VALUES}`);
  return {
    url,
    count: async () => Number((await db.unsafe("SELECT count(*)::int AS n FROM sales"))[0].n),
    /** statements running on this database other than our own */
    active: async () => Number((await db.unsafe("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()", [name]))[0].n),
    async drop() {
      await db.close();
      const a = new SQL(PG_ADMIN);
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}

async function mariaSource(): Promise<Source> {
  const name = suffix();
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN, multipleStatements: true });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4; USE ${name};
    CREATE TABLE sales (id int PRIMARY KEY, day date, region varchar(20), city varchar(20), amount decimal(12,2));
    INSERT INTO sales VALUES ${VALUES};`);
  return {
    url: MYSQL_ADMIN.replace(/\/[^/]*$/, `/${name}`),
    count: async () => Number(((await admin.query(`SELECT count(*) AS n FROM ${name}.sales`))[0] as Array<{ n: number }>)[0]!.n),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}

/** The same rows as an xlsx with a two-row header of merged cells, as people export them from their own sheets. */
async function mergedHeaderSales(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("销售");
  sheet.getRow(1).values = ["编号", "日期", "地区", null, "销售", null];
  sheet.getRow(2).values = [null, null, "大区", "城市", "金额", "订单数"];
  for (const range of ["A1:A2", "B1:B2", "C1:D1", "E1:F1"]) sheet.mergeCells(range);
  ROWS.forEach((r, i) => (sheet.getRow(3 + i).values = [r[0], new Date(`${r[1]}T00:00:00Z`), r[2], r[3], r[4], 1]));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe.each(ENGINES)("reports done-when: PostgreSQL, MariaDB and uploaded-xlsx report with cascading controls, bar chart, drill-through and row filters (%s store)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  type Kind = "pg" | "my" | "up";
  const sources: Record<Kind, Source> = {} as never;
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);
  const get = (who: string, path: string) => s.req("GET", `/api/v1${path}`, { token: tokens[who]! });
  const actor = async (username: string): Promise<Actor> => (await s.system.iam.userActor(username))!;

  /** A connection datasource for the same reports. */
  async function connection(kind: "pg" | "my", url: string): Promise<string> {
    const ds = await s.req("POST", "/api/v1/datasources", { token: tokens.admin!, body: { name: `dw-${kind}`, type: kind === "pg" ? "postgres" : "mysql", url } });
    expect(ds.status, JSON.stringify(ds.body)).toBe(201);
    return ds.body.data.id;
  }

  /** The xlsx uploaded as a datasource, and the SQL of the same dataset over its columns (named by their labels). */
  async function uploaded(): Promise<{ id: string; sql: string; table: string }> {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(await mergedHeaderSales())], "销售明细.xlsx"));
    form.set("name", "dw-up");
    const res = await s.system.app.request("/api/v1/datasources/upload", { method: "POST", headers: { authorization: `Bearer ${tokens.admin!}` }, body: form });
    const body = (await res.json()) as { data: { id: string; upload: { table: string; columns: Array<{ name: string; label: string }> } } };
    expect(res.status, JSON.stringify(body)).toBe(201);
    const { table, columns } = body.data.upload;
    expect(columns.map((c) => c.label)).toEqual(["编号", "日期", "地区/大区", "地区/城市", "销售/金额", "销售/订单数"]);
    const [id, day, region, city, amount] = columns.map((c) => c.name);
    const sql = `SELECT ${id} AS id, ${day} AS day, ${region} AS region, ${city} AS city, ${amount} AS amount FROM ${table}
      WHERE ${region} = COALESCE(:region, ${region}) AND ${city} = COALESCE(:city, ${city})`;
    return { id: body.data.id, sql, table };
  }

  /** A dataset with the region row filter over the datasource, and the two reports (bar drilling into the detail table). */
  async function reportsOver(kind: Kind, datasourceId: string, sql = SQL_TEXT) {
    const admin = tokens.admin!;
    const dataset = await s.req("POST", "/api/v1/datasets", {
      token: admin,
      body: {
        name: `dw-${kind}-sales`, datasource_id: datasourceId, mode: "sql", sql,
        params: [{ name: "region", type: "string" }, { name: "city", type: "string" }],
        row_filters: [{ column: "region", source: "dept_attr", attr: "region" }],
      },
    });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const datasetId = dataset.body.data.id;
    const controls = [
      { name: "region", label: "大区", type: "select", param: "region", options: { dataset_id: datasetId, value_column: "region" } },
      { name: "city", label: "城市", type: "select", param: "city", depends_on: "region", options: { dataset_id: datasetId, value_column: "city", parent_column: "region" } },
    ];
    const detail = await s.req("POST", "/api/v1/reports", {
      token: tokens.zhangwei!, body: { name: `dw-${kind}-detail`, title: "明细", dataset_id: datasetId, controls, chart: { type: "table", series: [] } },
    });
    expect(detail.status, JSON.stringify(detail.body)).toBe(201);
    const bar = await s.req("POST", "/api/v1/reports", {
      token: tokens.zhangwei!,
      body: {
        name: `dw-${kind}-city`, title: "城市销售额", dataset_id: datasetId, controls,
        chart: { type: "bar", x: "city", series: [{ column: "amount", agg: "sum", label: "销售额" }] },
        drill: { column: "city", report_id: `dw-${kind}-detail`, params: { city: "city" } },
      },
    });
    expect(bar.status, JSON.stringify(bar.body)).toBe(201);
  }

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "reports"] });
    for (const u of ["admin", "zhangwei", "lina"]) tokens[u] = await s.login(u);
    sources.pg = await pgSource();
    sources.my = await mariaSource();
    await reportsOver("pg", await connection("pg", sources.pg.url));
    await reportsOver("my", await connection("my", sources.my.url));
    const upload = await uploaded();
    const count = async () => Number((await s.system.db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${upload.table}`))!.n);
    sources.up = { url: "", count, drop: async () => {} };
    await reportsOver("up", upload.id, upload.sql);
  }, 120_000);
  afterAll(async () => {
    await sources.pg?.drop();
    await sources.my?.drop();
    await s?.close();
  });

  const bars = (body: { data: { rows: Array<{ city: string; amount: unknown }> } }) =>
    Object.fromEntries(body.data.rows.map((r) => [r.city, Number(r.amount)]));

  for (const kind of ["pg", "my", "up"] as const) {
    it(`${kind}: 李娜 (DEPT, 运营一部 华东) sees only 华东 in the data, the options and the stream`, async () => {
      const data = await get("lina", `/reports/dw-${kind}-city/data`);
      expect(data.status, JSON.stringify(data.body)).toBe(200);
      expect(bars(data.body)).toEqual({ 上海: 125, 杭州: 50 });
      expect(data.body.data.columns.find((c: { name: string }) => c.name === "city")).toMatchObject({ drill: true });
      expect(data.body.data.drill).toMatchObject({ column: "city", report_name: `dw-${kind}-detail`, params: { city: "city" } });
      expect((await get("lina", `/reports/dw-${kind}-city/controls/region/options`)).body.data).toEqual([{ value: "华东", label: "华东" }]);
      expect((await get("lina", `/reports/dw-${kind}-city/controls/city/options`)).body.data.map((o: { value: string }) => o.value)).toEqual(["上海", "杭州"]);
      const streamed: number[] = [];
      const out = await s.system.reports.reader.stream(await actor("lina"), `dw-${kind}-detail`, {}, async (rows) => {
        streamed.push(...rows.map((r) => Number(r.id)));
      });
      expect(streamed.sort()).toEqual([1, 2, 7]);
      expect(out.rows).toBe(3);
      // the drill-through opens the detail with the clicked city
      const drilled = await get("lina", `/reports/dw-${kind}-detail/data?city=${encodeURIComponent("上海")}`);
      expect(drilled.body.data.rows.map((r: { id: unknown }) => Number(r.id)).sort()).toEqual([1, 7]);
    });

    it(`${kind}: 张伟 (DEPT_AND_CHILD over 运营中心) sees all his regions and not 西南; cascading narrows the cities`, async () => {
      const data = await get("zhangwei", `/reports/dw-${kind}-city/data`);
      expect(bars(data.body)).toEqual({ 上海: 125, 杭州: 50, 广州: 80, 深圳: 30, 北京: 70 });
      expect((await get("zhangwei", `/reports/dw-${kind}-city/controls/region/options`)).body.data.map((o: { value: string }) => o.value)).toEqual(["华东", "华北", "华南"].sort());
      const south = await get("zhangwei", `/reports/dw-${kind}-city/controls/city/options?region=${encodeURIComponent("华南")}`);
      expect(south.body.data.map((o: { value: string }) => o.value)).toEqual(["广州", "深圳"]);
      const filtered = await get("zhangwei", `/reports/dw-${kind}-city/data?region=${encodeURIComponent("华南")}`);
      expect(bars(filtered.body)).toEqual({ 广州: 80, 深圳: 30 });
      expect(bars((await get("admin", `/reports/dw-${kind}-city/data`)).body)).toMatchObject({ 成都: 20 });
    });

    it(`${kind}: injection through a control value or the sort is 400 and changes nothing`, async () => {
      for (const value of ["华东' OR '1'='1", "华东'; DELETE FROM sales; --"]) {
        const r = await get("lina", `/reports/dw-${kind}-city/data?region=${encodeURIComponent(value)}`);
        expect([r.status, fields(r.body)]).toEqual([400, ["region"]]);
      }
      const city = await get("zhangwei", `/reports/dw-${kind}-detail/controls/city/options?region=${encodeURIComponent("x' OR 1=1 --")}`);
      expect([city.status, city.body.data]).toEqual([200, []]);
      for (const sort of ["amount desc; DROP TABLE sales", "(SELECT 1)", "amount:desc,id;--"]) {
        const r = await get("zhangwei", `/reports/dw-${kind}-detail/data?sort=${encodeURIComponent(sort)}`);
        expect([r.status, fields(r.body)]).toEqual([400, ["sort"]]);
      }
      expect(await sources[kind].count()).toBe(7);
      expect(bars((await get("lina", `/reports/dw-${kind}-city/data?fresh=1`)).body)).toEqual({ 上海: 125, 杭州: 50 });
    });
  }

  it("the MariaDB and the uploaded-xlsx reports answer exactly what the PostgreSQL one does, for each viewer", async () => {
    for (const who of ["lina", "zhangwei", "admin"]) {
      const pg = await get(who, "/reports/dw-pg-detail/data?sort=id:asc&page_size=50");
      const norm = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r, amount: Number(r.amount), id: Number(r.id), day: String(r.day).slice(0, 10) }));
      for (const other of ["my", "up"]) {
        const answer = await get(who, `/reports/dw-${other}-detail/data?sort=id:asc&page_size=50`);
        expect(norm(answer.body.data.rows), `${other} as ${who}`).toEqual(norm(pg.body.data.rows));
        expect(answer.body.data.total).toBe(pg.body.data.total);
      }
    }
  });

  it("a query past its datasource's timeout is cancelled on the server and answers 504", async () => {
    const ds = await s.req("POST", "/api/v1/datasources", { token: tokens.admin!, body: { name: "dw-slow", type: "postgres", url: sources.pg.url, options: { timeout_ms: 300 } } });
    expect(ds.status, JSON.stringify(ds.body)).toBe(201);
    const dataset = await s.req("POST", "/api/v1/datasets", {
      token: tokens.admin!,
      body: { name: "dw-slow", datasource_id: ds.body.data.id, mode: "sql", sql: "SELECT count(*) AS n FROM generate_series(1, COALESCE(:size, 1)) g", params: [{ name: "size", type: "number" }] },
    });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const report = await s.req("POST", "/api/v1/reports", {
      token: tokens.zhangwei!,
      body: { name: "dw-slow", title: "慢查询", dataset_id: dataset.body.data.id, chart: { type: "kpi", series: [{ column: "n", agg: "sum" }] }, controls: [{ name: "size", label: "规模", type: "number", param: "size" }] },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    expect((await get("admin", "/reports/dw-slow/data?size=10")).body.data.kpi.value).toBe(10);
    const slow = await get("admin", "/reports/dw-slow/data?size=2000000000");
    expect([slow.status, slow.body.reason]).toEqual([504, "reports.query_timeout"]);
    // the server stopped it (it would run for minutes otherwise)
    const tick = (wake: () => void) => { const t = setInterval(wake, 50); return () => clearInterval(t); };
    await untilSignalled([tick], async () => (await sources.pg.active!()) === 0, () => "the slow statement to stop on the server", 5_000);
  });
});
