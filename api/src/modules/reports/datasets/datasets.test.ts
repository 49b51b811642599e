import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@ops/shared";
import type { Dataset } from "@ops/shared/contracts/reports.ts";
import { startFakeClickhouse } from "../../../../../scripts/fakes/clickhouse.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import type { QueryShape } from "../ports.ts";
import { datasetsUsingSource } from "./index.ts";
import { ordersSource, type OrdersSource, type SourceKind } from "./datasets.testkit.ts";

const KINDS: SourceKind[] = ["postgres", "mysql", "store"];
const ROWS: QueryShape = { kind: "rows", sort: [{ column: "id", dir: "asc" }] };

describe.each(ENGINES)("report datasets (%s store)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let zhangwei: string;
  let lina: string;
  const sources = new Map<SourceKind, OrdersSource>();

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    zhangwei = await s.login("zhangwei");
    lina = await s.login("lina");
    for (const kind of KINDS) sources.set(kind, await ordersSource(s, admin, kind));
    // a viewer whose only role sees just their own rows (SELF)
    const role = await s.req("POST", "/api/v1/roles", { token: admin, body: { code: "self_viewer", name: "本人报表", data_scope: "SELF", permissions: ["reports:view"] } });
    const dept = (await s.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE username = 'lina'"))!.dept_id;
    const user = await s.req("POST", "/api/v1/users", { token: admin, body: { username: "selfie", display_name: "自己", dept_id: dept, role_ids: [role.body.data.id] } });
    expect(user.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    for (const src of sources.values()) await src.drop();
    await s?.close();
  });

  const actor = async (username: string): Promise<Actor> => (await s.system.iam.userActor(username))!;
  const body = (src: OrdersSource, extra: Record<string, unknown> = {}) => ({
    name: `orders-${src.kind}`, datasource_id: src.datasourceId, mode: "sql",
    sql: `SELECT id, region, amount, dept_id, owner, phone, email FROM ${src.table} WHERE amount >= :min AND (:region IS NULL OR region = :region)`,
    params: [{ name: "min", type: "number", default: "0" }, { name: "region", type: "string" }],
    columns: [{ name: "phone", label: "电话", mask: "phone" }, { name: "email", mask: "email" }],
    row_filters: [{ column: "dept_id", source: "dept" }],
    ...extra,
  });
  const saved = new Map<SourceKind, Dataset>();
  const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => Number(r.id));

  for (const kind of KINDS) {
    it(`${kind}: saves a SQL dataset with the query's columns (labels and masks kept) and previews it as the author`, async () => {
      const src = sources.get(kind)!;
      const created = await s.req("POST", "/api/v1/datasets", { token: admin, body: body(src) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const ds = created.body.data as Dataset;
      saved.set(kind, ds);
      expect(ds.columns.map((c) => c.name)).toEqual(["id", "region", "amount", "dept_id", "owner", "phone", "email"]);
      expect(ds.columns.find((c) => c.name === "amount")!.type).toBe("number");
      expect(ds.columns.find((c) => c.name === "phone")).toEqual({ name: "phone", type: "string", label: "电话", mask: "phone" });
      expect((await s.req("GET", `/api/v1/datasets/${ds.id}`, { token: lina })).body.data.columns).toEqual(ds.columns);

      const all = await s.req("POST", `/api/v1/datasets/${ds.id}/preview`, { token: admin, body: { params: { region: "华东" } } });
      expect(all.status, JSON.stringify(all.body)).toBe(200);
      expect(ids(all.body.data.rows)).toEqual([1, 2]);
      expect(all.body.data.rows[0].phone).toBe("13800000001");
      expect(all.body.data).toMatchObject({ row_count: 2, truncated: false });
      expect(all.body.data.sql).not.toContain("华东");

      // 张伟 (运营主管, DEPT_AND_CHILD) sees 运营中心 and its two sub-departments, phones and e-mails masked
      const mine = await s.req("POST", `/api/v1/datasets/${ds.id}/preview`, { token: zhangwei, body: { params: {} } });
      expect(mine.status, JSON.stringify(mine.body)).toBe(200);
      expect(ids(mine.body.data.rows).sort()).toEqual([1, 2, 3]);
      const first = mine.body.data.rows.find((r: Record<string, unknown>) => Number(r.id) === 1);
      expect([first.phone, first.email]).toEqual(["138****0001", "z***@example.com"]);
    });

    it(`${kind}: row filters and masking follow each viewer's data scope`, async () => {
      const ds = saved.get(kind)!;
      const run = async (username: string, shape: QueryShape = ROWS, params: Record<string, string> = {}) =>
        s.system.reports.runner.run(await actor(username), ds, params, shape);
      expect(ids((await run("lina")).rows)).toEqual([2]); // DEPT: 运营一部
      expect(ids((await run("liuyang")).rows)).toEqual([4]); // DEPT: 技术部
      expect(ids((await run("selfie")).rows)).toEqual([]); // SELF: no department rows
      const auditor = await run("chenjing"); // ALL, without iam:user:unmask
      expect(ids(auditor.rows)).toEqual([1, 2, 3, 4, 5]);
      expect(auditor.rows[4]!.phone).toBe("138****0005");
      expect(auditor.columns_out.find((c) => c.name === "phone")).toMatchObject({ label: "电话", masked: true });
      const boss = await run("admin");
      expect(boss.rows[4]!.phone).toBe("13800000005");
      expect(boss.columns_out.find((c) => c.name === "phone")!.masked).toBeUndefined();
      // the scope key tells viewers apart for caches, and is stable
      const keys = await Promise.all(["lina", "zhangwei", "lina", "chenjing", "admin"].map(async (u) => (await s.system.reports.runner.scopeOf(await actor(u), ds)).key));
      expect(keys[0]).toBe(keys[2]);
      expect(new Set(keys).size).toBe(4);

      const sums = await run("zhangwei", { kind: "aggregate", dimensions: ["region"], measures: [{ column: "amount", agg: "sum", as: "total" }], sort: [{ column: "region", dir: "asc" }] });
      expect(sums.rows.map((r) => [r.region, Number(r.total)]).sort()).toEqual([["华东", 30], ["华北", 30]]);
      const options = await run("lina", { kind: "distinct", value: "region" });
      expect(options.rows).toEqual([{ region: "华东" }]);
      const counted = await run("chenjing", { kind: "rows", columns: ["id"], sort: [{ column: "id", dir: "desc" }], offset: 1, limit: 2, count: true }, { min: "20" });
      expect([ids(counted.rows), counted.total]).toEqual([[4, 3], 4]);

      // exports stream every row with the same filters and masks
      const streamed: Array<Record<string, unknown>> = [];
      const done = await s.system.reports.runner.stream(await actor("zhangwei"), ds, {}, ROWS, async (rows, cols) => {
        expect(cols.find((c) => c.name === "email")).toMatchObject({ masked: true });
        streamed.push(...rows);
      });
      expect([done.rows, ids(streamed)]).toEqual([3, [1, 2, 3]]);
      expect(streamed.map((r) => r.email)).toEqual(["z***@example.com", "l***@example.com", "w***@example.com"]);
    });

    it(`${kind}: injection through parameters, sort, SQL and builder fields is a 400 or just a value, and changes nothing`, async () => {
      const src = sources.get(kind)!;
      const ds = saved.get(kind)!;
      const me = await actor("admin");
      const just = await s.system.reports.runner.run(me, ds, { region: "' OR 1=1 --" }, ROWS);
      expect(just.rows).toEqual([]);
      const bad = await s.req("POST", `/api/v1/datasets/${ds.id}/preview`, { token: admin, body: { params: { min: "1; DROP TABLE orders" } } });
      expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, "params.min"]);
      await expect(s.system.reports.runner.run(me, ds, {}, { kind: "rows", sort: [{ column: "amount; DROP TABLE x", dir: "asc" }] }))
        .rejects.toMatchObject({ status: 400, errors: [{ field: "sort" }] });
      const second = await s.req("POST", "/api/v1/datasets", { token: admin, body: body(src, { name: `evil-${kind}`, sql: `SELECT id FROM ${src.table}; DROP TABLE ${src.table}` }) });
      expect([second.status, second.body.errors?.[0]?.field]).toEqual([400, "sql"]);
      const builder = await s.req("POST", "/api/v1/datasets", {
        token: admin, body: { name: `evil-b-${kind}`, datasource_id: src.datasourceId, mode: "builder", builder: { table: src.table, fields: [{ column: 'x" OR 1=1 --' }] } },
      });
      expect([builder.status, builder.body.errors?.[0]?.field]).toEqual([400, "builder.fields[0].column"]);
      expect((await s.req("GET", "/api/v1/datasets?q=evil", { token: admin })).body.data.total).toBe(0);
      expect(ids((await s.system.reports.runner.run(me, ds, {}, ROWS)).rows)).toEqual([1, 2, 3, 4, 5]);
    });
  }

  it("builder datasets compile over the schema; attribute and user row filters; required parameters", async () => {
    const src = sources.get("postgres")!;
    const created = await s.req("POST", "/api/v1/datasets", {
      token: admin,
      body: {
        name: "by-region", datasource_id: src.datasourceId, mode: "builder",
        builder: {
          table: "orders", fields: [{ column: "region" }, { column: "amount", agg: "sum", alias: "total" }],
          filters: [{ column: "day", op: "gte", param: "from" }], sort: [{ column: "total", dir: "desc" }],
        },
        params: [{ name: "from", type: "date", required: true }],
        row_filters: [{ column: "region", source: "dept_attr", attr: "region" }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ds = created.body.data as Dataset;
    expect(ds.columns.map((c) => [c.name, c.type])).toEqual([["region", "string"], ["total", "number"]]);
    const missing = await s.req("POST", `/api/v1/datasets/${ds.id}/preview`, { token: admin, body: { params: {} } });
    expect([missing.status, missing.body.errors?.[0]?.field]).toEqual([400, "params.from"]);

    // 运营一部 is in 华东, 运营二部 in 华北: lina sees 华东, zhangwei (both sub-departments) 华东 and 华北
    const ops1 = (await s.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE username = 'lina'"))!.dept_id;
    const ops2 = (await s.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE username = 'wangfang'"))!.dept_id;
    for (const [dept, value] of [[ops1, "华东"], [ops2, "华北"]] as const) {
      expect((await s.req("PUT", "/api/v1/report-attributes", { token: admin, body: { dept_id: dept, key: "region", value } })).status).toBe(200);
    }
    expect((await s.req("PUT", "/api/v1/report-attributes", { token: admin, body: { dept_id: "nope", key: "region", value: "x" } })).body.errors[0].field).toBe("dept_id");
    expect((await s.req("GET", "/api/v1/report-attributes?key=region", { token: admin })).body.data).toHaveLength(2);
    const run = async (u: string, from = "2026-11-01") => (await s.system.reports.runner.run(await actor(u), ds, { from }, { kind: "rows" })).rows.map((r) => [r.region, Number(r.total)]).sort();
    expect(await run("lina")).toEqual([["华东", 30]]);
    expect(await run("zhangwei")).toEqual([["华东", 30], ["华北", 30]].sort());
    expect(await run("zhangwei", "2026-11-02")).toEqual([["华东", 20], ["华北", 30]].sort());
    expect(await run("liuyang")).toEqual([]);

    const owned = await s.req("POST", "/api/v1/datasets", { token: admin, body: { ...body(src), name: "own-rows", row_filters: [{ column: "owner", source: "user" }] } });
    expect(owned.status).toBe(201);
    expect(ids((await s.system.reports.runner.run(await actor("wangfang"), owned.body.data, {}, ROWS)).rows)).toEqual([3]);
    expect(ids((await s.system.reports.runner.run(await actor("chenjing"), owned.body.data, {}, ROWS)).rows)).toHaveLength(5);
  });

  it("names are unique, a dataset in use is not deleted, writes need reports:manage and are audited", async () => {
    const src = sources.get("postgres")!;
    const ds = saved.get("postgres")!;
    const taken = await s.req("POST", "/api/v1/datasets", { token: admin, body: body(src) });
    expect([taken.status, taken.body.errors?.[0]?.field]).toEqual([409, "name"]);
    expect((await s.req("POST", "/api/v1/datasets", { token: lina, body: body(src, { name: "lina-try" }) })).status).toBe(403);
    expect((await s.req("GET", "/api/v1/datasets", { token: lina })).status).toBe(200);

    const patched = await s.req("PATCH", `/api/v1/datasets/${ds.id}`, { token: admin, body: { description: "订单明细" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.data.columns.find((c: { name: string }) => c.name === "phone").mask).toBe("phone");

    const ts = new Date().toISOString();
    await s.system.db.run(
      "INSERT INTO reports (id, name, title, description, dataset_id, chart, controls, format, drill, cache_ttl_s, roles, owner_id, created_at, updated_at) VALUES (?, ?, ?, '', ?, '{}', '[]', '{}', NULL, 0, '[]', NULL, ?, ?)",
      ["r-h3", "h3-report", "H3", ds.id, ts, ts],
    );
    const refused = await s.req("DELETE", `/api/v1/datasets/${ds.id}`, { token: admin });
    expect([refused.status, refused.body.code]).toEqual([409, 40901]);
    await s.system.db.run("DELETE FROM reports WHERE id = 'r-h3'");
    expect((await datasetsUsingSource(s.system.db, src.datasourceId)).map((d) => d.name)).toContain(ds.name);
    expect((await s.req("DELETE", `/api/v1/datasets/${ds.id}`, { token: admin })).status).toBe(200);
    expect((await s.req("GET", `/api/v1/datasets/${ds.id}`, { token: admin })).status).toBe(404);

    const actions = await s.system.db.all<{ action: string }>("SELECT action FROM audit_logs WHERE module = 'reports' AND resource_id = ? ORDER BY ts", [ds.id]);
    expect(new Set(actions.map((a) => `reports.${a.action}`))).toEqual(new Set(["reports.dataset.create", "reports.dataset.preview", "reports.dataset.update", "reports.dataset.delete"]));
  });

  it("runs over ClickHouse with its named typed placeholders (HTTP stand-in)", async () => {
    const ch = await startFakeClickhouse();
    try {
      const source = await s.req("POST", "/api/v1/datasources", { token: admin, body: { name: `ch-${engine}`, type: "clickhouse", url: `clickhouse://default@127.0.0.1:${ch.port}/default` } });
      expect(source.status, JSON.stringify(source.body)).toBe(201);
      const created = await s.req("POST", "/api/v1/datasets", {
        token: admin,
        body: { name: "ch-events", datasource_id: source.body.data.id, sql: "SELECT id, region, amount FROM events WHERE amount >= :min", params: [{ name: "min", type: "number", default: "50" }] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const sums = await s.system.reports.runner.run(await actor("chenjing"), created.body.data, { min: "40" }, {
        kind: "aggregate", dimensions: ["region"], measures: [{ column: "amount", agg: "sum", as: "total" }], sort: [{ column: "region", dir: "asc" }],
      });
      expect(sums.rows.map((r) => [r.region, Number(r.total)]).sort()).toEqual([["华东", 162.75], ["华北", 179]].sort());
      expect(ch.queries.some((q) => q.includes("{p1:Float64}"))).toBe(true);
    } finally {
      await ch.close();
    }
  });

  it("previews an unsaved dataset (at most 100 rows, placeholders in the SQL)", async () => {
    const src = sources.get("mysql")!;
    const r = await s.req("POST", "/api/v1/datasets/preview", {
      token: admin, body: { dataset: { ...body(src), name: "draft", row_filters: [] }, params: { min: "30" } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(ids(r.body.data.rows).sort()).toEqual([3, 4, 5]);
    expect(r.body.data.sql).toContain("?");
    expect((await s.req("GET", "/api/v1/datasets?q=draft", { token: admin })).body.data.total).toBe(0);
    const many = await s.req("POST", "/api/v1/datasets/preview", {
      token: admin, body: { dataset: { name: "draft", datasource_id: sources.get("postgres")!.datasourceId, mode: "sql", sql: "SELECT generate_series(1, 150) AS n" } },
    });
    expect(many.status, JSON.stringify(many.body)).toBe(200);
    expect([many.body.data.row_count, many.body.data.rows.length, many.body.data.truncated]).toEqual([100, 100, true]);
  });
});
