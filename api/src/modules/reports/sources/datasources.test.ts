import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeClickhouse, type FakeClickhouse } from "../../../../../scripts/fakes/clickhouse.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { mysqlSource, postgresSource, type SourceDb } from "./source-dbs.testkit.ts";

const PASSWORD = "Pa55-Very-Secret";
const withPassword = (url: string) => url.replace("://postgres@", `://postgres:${PASSWORD}@`);

describe("datasources over HTTP", () => {
  let pg: SourceDb;
  let my: SourceDb;
  let ch: FakeClickhouse;
  beforeAll(async () => {
    [pg, my, ch] = await Promise.all([postgresSource(), mysqlSource(), startFakeClickhouse()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([pg?.drop(), my?.drop(), ch?.close()]);
  });

  for (const engine of ENGINES) {
    describe(engine, () => {
      let t: TestSystem;
      let admin: string;
      beforeAll(async () => {
        t = await createTestSystem({ engine });
        admin = await t.login("admin");
      }, 60_000);
      afterAll(async () => {
        await t?.close();
      });

      it("creates with the password masked in every answer and sealed at rest; a masked URL sent back keeps it", async () => {
        const created = await t.req("POST", "/api/v1/datasources", { token: admin, body: { name: "销售库", type: "postgres", url: withPassword(pg.url), options: { timeout_ms: 5000 } } });
        expect(created.status).toBe(201);
        const ds = created.body.data;
        expect(ds.url).toBe(withPassword(pg.url).replace(PASSWORD, "••••••"));
        expect(JSON.stringify(created.body)).not.toContain(PASSWORD);
        const stored = await t.system.db.get<{ url: string }>("SELECT url FROM report_datasources WHERE id = ?", [ds.id]);
        expect(stored!.url).not.toContain(PASSWORD);
        expect(stored!.url.startsWith("v1.")).toBe(true);

        const put = await t.req("PUT", `/api/v1/datasources/${ds.id}`, { token: admin, body: { name: "销售库", type: "postgres", url: ds.url, options: { row_cap: 3 } } });
        expect([put.status, put.body.data.url, put.body.data.options]).toEqual([200, ds.url, { row_cap: 3 }]);
        // the stored password goes only where it went before
        const elsewhere = await t.req("PUT", `/api/v1/datasources/${ds.id}`, { token: admin, body: { name: "销售库", type: "postgres", url: ds.url.replace("127.0.0.1:5432", "203.0.113.9:5432") } });
        expect([elsewhere.status, elsewhere.body.errors]).toEqual([400, [expect.objectContaining({ field: "url", message: expect.stringContaining("密码") })]]);
        const { driver } = await t.system.reports.sources.driverOf(ds.id);
        const r = await driver.query({ sql: "SELECT id FROM sales ORDER BY id", values: [] }, t.system.reports.sources.limitsOf(put.body.data));
        expect([r.rows.length, r.truncated]).toEqual([3, true]);

        const tested = await t.req("POST", `/api/v1/datasources/${ds.id}/test`, { token: admin });
        expect([tested.status, tested.body.data.ok, tested.body.data.version]).toEqual([200, true, expect.stringMatching(/^PostgreSQL/)]);
        const got = await t.req("GET", `/api/v1/datasources/${ds.id}`, { token: admin });
        expect(got.body.data.health).toMatchObject({ ok: true, version: expect.stringMatching(/^PostgreSQL/) });

        const tables = await t.req("GET", `/api/v1/datasources/${ds.id}/tables`, { token: admin });
        expect(tables.body.data.find((x: { name: string }) => x.name === "sales").columns.map((c: { type: string }) => c.type)).toEqual(["number", "string", "number", "number", "date"]);
      });

      it("checks names and URLs, naming the field; nothing is saved", async () => {
        const bad = async (body: object) => (await t.req("POST", "/api/v1/datasources", { token: admin, body })).body;
        expect((await bad({ name: "x1", type: "mysql", url: pg.url })).errors).toEqual([expect.objectContaining({ field: "url" })]);
        expect((await bad({ name: "x2", type: "postgres" })).errors).toEqual([expect.objectContaining({ field: "url" })]);
        expect((await bad({ name: "x3", type: "store", url: pg.url })).errors).toEqual([expect.objectContaining({ field: "url" })]);
        expect((await bad({ name: "x4", type: "upload" })).errors).toEqual([expect.objectContaining({ field: "type" })]);
        expect((await bad({ name: "x5", type: "postgres", url: "not a url" })).errors).toEqual([expect.objectContaining({ field: "url" })]);
        const dup = await t.req("POST", "/api/v1/datasources", { token: admin, body: { name: "销售库", type: "store" } });
        expect(dup.status).toBe(409);
        const list = await t.req("GET", "/api/v1/datasources", { token: admin });
        expect(list.body.data.items.filter((d: { name: string }) => /^x\d$/.test(d.name))).toEqual([]);
      });

      it("tests MariaDB, the ClickHouse stand-in and unsaved input; an unreachable host is a 502 without the password", async () => {
        for (const [type, url, version] of [["mysql", my.url, /MariaDB/], ["clickhouse", `clickhouse://default:${PASSWORD}@127.0.0.1:${ch.port}/default`, /fake/]] as const) {
          const created = await t.req("POST", "/api/v1/datasources", { token: admin, body: { name: `src-${type}`, type, url } });
          expect(created.status).toBe(201);
          const tested = await t.req("POST", `/api/v1/datasources/${created.body.data.id}/test`, { token: admin });
          expect([tested.status, tested.body.data.version]).toEqual([200, expect.stringMatching(version)]);
        }
        const unsaved = await t.req("POST", "/api/v1/datasources/test", { token: admin, body: { type: "mysql", url: my.url } });
        expect([unsaved.status, unsaved.body.data.ok]).toEqual([200, true]);

        const down = `postgres://report:${PASSWORD}@127.0.0.1:1/none`;
        const draft = await t.req("POST", "/api/v1/datasources/test", { token: admin, body: { type: "postgres", url: down } });
        expect([draft.status, draft.body.code]).toEqual([502, expect.any(Number)]);
        expect(JSON.stringify(draft.body)).not.toContain(PASSWORD);
        const saved = await t.req("POST", "/api/v1/datasources", { token: admin, body: { name: "down", type: "postgres", url: down } });
        const tested = await t.req("POST", `/api/v1/datasources/${saved.body.data.id}/test`, { token: admin });
        expect(tested.status).toBe(502);
        expect(JSON.stringify(tested.body)).not.toContain(PASSWORD);
        const got = await t.req("GET", `/api/v1/datasources/${saved.body.data.id}`, { token: admin });
        expect(got.body.data.health).toMatchObject({ ok: false });
        expect(JSON.stringify(got.body)).not.toContain(PASSWORD);
      });

      it("permissions: viewers see names and types only, designers read schemas, only datasource managers write", async () => {
        const [lina, zhangwei, liuyang] = await Promise.all([t.login("lina"), t.login("zhangwei"), t.login("liuyang")]);
        const list = await t.req("GET", "/api/v1/datasources", { token: lina });
        expect(list.status).toBe(200);
        expect(list.body.data.items.every((d: { url: unknown }) => d.url === null)).toBe(true);
        const id = list.body.data.items.find((d: { name: string }) => d.name === "销售库").id;
        expect((await t.req("GET", `/api/v1/datasources/${id}/tables`, { token: lina })).status).toBe(403);
        expect((await t.req("GET", `/api/v1/datasources/${id}/tables`, { token: zhangwei })).status).toBe(200);
        expect((await t.req("POST", "/api/v1/datasources", { token: zhangwei, body: { name: "mine", type: "store" } })).status).toBe(403);
        expect((await t.req("POST", `/api/v1/datasources/${id}/test`, { token: lina })).status).toBe(403);
        const made = await t.req("POST", "/api/v1/datasources", { token: liuyang, body: { name: "报表库", type: "store" } });
        expect(made.status).toBe(201);
        expect((await t.req("DELETE", `/api/v1/datasources/${made.body.data.id}`, { token: liuyang })).status).toBe(200);
      });

      it("delete is refused while a dataset uses the datasource; every write is audited", async () => {
        const made = await t.req("POST", "/api/v1/datasources", { token: admin, body: { name: "在用", type: "store" } });
        const id = made.body.data.id;
        const at = new Date().toISOString();
        await t.system.db.run(
          "INSERT INTO report_datasets (id, name, datasource_id, mode, sql_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          ["ds-1", "uses-it", id, "sql", "SELECT 1", at, at],
        );
        const refused = await t.req("DELETE", `/api/v1/datasources/${id}`, { token: admin });
        expect([refused.status, refused.body.message]).toEqual([409, expect.stringContaining("1")]);
        await t.system.db.run("DELETE FROM report_datasets WHERE id = ?", ["ds-1"]);
        expect((await t.req("DELETE", `/api/v1/datasources/${id}`, { token: admin })).status).toBe(200);
        expect((await t.req("GET", `/api/v1/datasources/${id}`, { token: admin })).status).toBe(404);

        const logs = await t.req("GET", "/api/v1/audit/logs?module=reports&page_size=200", { token: admin });
        const actions = new Set(logs.body.data.items.map((l: { action: string }) => l.action));
        for (const a of ["datasource.create", "datasource.update", "datasource.delete", "datasource.test"]) expect([...actions].some((x) => String(x).endsWith(a)), a).toBe(true);
        expect(JSON.stringify(logs.body)).not.toContain(PASSWORD);
      });

      it("the registry keeps one driver per datasource and rebuilds it after a change", async () => {
        const list = await t.req("GET", "/api/v1/datasources?q=销售", { token: admin });
        const ds = list.body.data.items[0];
        const sources = t.system.reports.sources;
        const first = (await sources.driverOf(ds.id)).driver;
        expect((await sources.driverOf(ds.id)).driver).toBe(first);
        await t.req("PUT", `/api/v1/datasources/${ds.id}`, { token: admin, body: { name: ds.name, type: "postgres", url: ds.url, options: { timeout_ms: 400 } } });
        const second = await sources.driverOf(ds.id);
        expect(second.driver).not.toBe(first);
        const limits = sources.limitsOf(second.datasource);
        expect(limits).toEqual({ timeoutMs: 400, rowCap: 10_000 });
        const e = await second.driver.query({ sql: "SELECT pg_sleep(5)", values: [] }, limits).catch((x) => x);
        expect([e.code, e.status]).toEqual(["reports.query_timeout", 504]);
      });
    });
  }
});
