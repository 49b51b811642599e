import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlowQuery, SlowQueryGroup } from "@ops/shared/contracts/monitor.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { ordersSource, type OrdersSource } from "../../reports/datasets/datasets.testkit.ts";
import { jobsApi } from "../../jobs/jobs.testkit.ts";

/** A signed-in user holding only `permissions` (no monitor:view unless given). */
async function userWith(s: TestSystem, admin: string, username: string, permissions: string[]): Promise<string> {
  const role = await s.req("POST", "/api/v1/roles", { token: admin, body: { code: `r_${username}`, name: `角色 ${username}`, data_scope: "ALL", permissions } });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  const dept = (await s.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE username = 'lina'"))!.dept_id;
  const password = "Sl0w-Query#2026";
  const user = await s.req("POST", "/api/v1/users", { token: admin, body: { username, display_name: username, dept_id: dept, role_ids: [role.body.data.id], password } });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  const token = await s.login(username, password);
  const changed = await s.req("POST", "/api/v1/auth/password", { token, body: { old_password: password, new_password: `${password}x` } });
  return changed.status === 200 ? s.login(username, `${password}x`) : token;
}

describe.each(ENGINES)("monitor: slow query log (%s)", (engine) => {
  let s: TestSystem;
  let src: OrdersSource;
  const tok: Record<string, string> = {};
  const flush = () => s.system.monitor.parts.slow.flush();
  const list = async (query: string, token = tok.admin!) => s.req("GET", `/api/v1/monitor/slow-queries?${query}`, { token });

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"], env: { OPS_SLOW_QUERY_MS: "200" } });
    for (const u of ["admin", "zhangwei", "liuyang"]) tok[u] = await s.login(u);
    tok.noview = await userWith(s, tok.admin!, "slow_noview", ["reports:view"]);
    src = await ordersSource(s, tok.admin!, "postgres");
    await s.system.jobs.start({ worker: true, scheduler: false });
  }, 90_000);
  afterAll(async () => {
    await src?.drop();
    await s?.close();
  });

  it("logs a slow PostgreSQL report query with its viewer, datasource and report; the summary groups two runs of one shape", async () => {
    const dataset = await s.req("POST", "/api/v1/datasets", {
      token: tok.admin!,
      body: {
        name: "slow-orders", datasource_id: src.datasourceId, mode: "sql",
        sql: "WITH nap AS (SELECT pg_sleep(COALESCE(:nap, 0))) SELECT o.id, o.region, o.amount FROM orders o, nap",
        params: [{ name: "nap", type: "number" }],
      },
    });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const report = await s.req("POST", "/api/v1/reports", {
      token: tok.zhangwei!,
      body: {
        name: "slow-orders", title: "慢报表", dataset_id: dataset.body.data.id,
        chart: { type: "bar", x: "region", series: [{ column: "amount", agg: "sum" }] }, controls: [{ name: "nap", label: "睡", type: "number", param: "nap" }],
      },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    for (const nap of ["0.25", "0.3"]) expect((await s.req("GET", `/api/v1/reports/slow-orders/data?nap=${nap}`, { token: tok.zhangwei! })).status).toBe(200);
    // a fast run (no nap) is not kept
    expect((await s.req("GET", "/api/v1/reports/slow-orders/data?nap=0", { token: tok.zhangwei! })).status).toBe(200);
    await flush();

    const rows = (await list(`source=report&datasource_id=${src.datasourceId}`)).body.data;
    expect(rows.total).toBe(2);
    const first = rows.items[0] as SlowQuery;
    expect(first).toMatchObject({ source: "report", user_id: expect.any(String), username: "zhangwei", datasource_id: src.datasourceId, ref_name: "slow-orders", error: null });
    expect(first.duration_ms).toBeGreaterThanOrEqual(200);
    expect(rows.items[0].duration_ms).toBeGreaterThanOrEqual(rows.items[1].duration_ms);
    expect(first.sql).toContain("pg_sleep");
    expect(first.sql).not.toMatch(/0\.25|0\.3\b/);
    expect(first.rows).toBeGreaterThan(0);

    const one = await s.req("GET", `/api/v1/monitor/slow-queries/${first.id}`, { token: tok.liuyang! });
    expect(one.body.data).toEqual(first);
    const summary = (await s.req("GET", `/api/v1/monitor/slow-queries/summary?source=report&datasource_id=${src.datasourceId}`, { token: tok.admin! })).body.data;
    expect(summary.total).toBe(1);
    const group = summary.items[0] as SlowQueryGroup;
    expect(group).toMatchObject({ count: 2, sources: ["report"], fingerprint: first.fingerprint });
    expect(group.total_ms).toBe(rows.items[0].duration_ms + rows.items[1].duration_ms);
    expect(group.max_ms).toBe(rows.items[0].duration_ms);
    expect(group.p95_ms).toBe(rows.items[0].duration_ms);
    expect(group.datasources).toEqual([expect.stringContaining("pg-")]);
    expect((await list(`min_ms=600000`)).body.data.total).toBe(0);
    expect((await list(`user_id=${first.user_id}&sort=-at`)).body.data.total).toBeGreaterThanOrEqual(2);
  });

  it("logs a slow export stream as an export of its report", async () => {
    const res = await s.system.app.request("/api/v1/reports/slow-orders/export?format=csv&nap=0.25", { headers: { authorization: `Bearer ${tok.zhangwei}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("华东");
    await flush();
    const rows = (await list(`source=export&datasource_id=${src.datasourceId}`)).body.data;
    expect(rows.total).toBe(1);
    expect(rows.items[0]).toMatchObject({ source: "export", ref_name: "slow-orders", username: "zhangwei", rows: 5, error: null });
  });

  it("logs a slow SQL job with the job name and the user who started it, and a timed-out one with its error", async () => {
    const j = jobsApi(s);
    const statement = engine === "postgres"
      ? "SELECT 1 AS n FROM pg_sleep(0.3)"
      : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c";
    expect((await j.create(tok.liuyang!, { name: "slow-sql", type: "sql", config: { statement } })).status).toBe(201);
    const run = await j.waitFor((await j.run(tok.liuyang!, "slow-sql")).body.data.id, ["succeeded", "failed"]);
    expect(run.status).toBe("succeeded");
    await flush();
    const rows = (await list("source=job")).body.data;
    expect(rows.total).toBe(1);
    expect(rows.items[0]).toMatchObject({ source: "job", ref_id: run.id, ref_name: "slow-sql", username: "liuyang", rows: 1, error: null, sql: statement });
    if (engine !== "postgres") return;
    // PostgreSQL stops the statement at the job's timeout: recorded with the error
    await j.create(tok.liuyang!, { name: "sleepy-sql", type: "sql", timeout_s: 1, config: { statement: "SELECT pg_sleep(3)" } });
    const late = await j.waitFor((await j.run(tok.liuyang!, "sleepy-sql")).body.data.id, ["succeeded", "failed", "timed_out"]);
    expect(["failed", "timed_out"]).toContain(late.status);
    await flush();
    const timedOut = (await list("source=job&sort=-at")).body.data.items.find((r: SlowQuery) => r.ref_name === "sleepy-sql");
    expect(timedOut?.error).toBeTruthy();
  });

  it("asks for monitor:view and names the field of a bad filter", async () => {
    expect((await list("", tok.noview!)).status).toBe(403);
    expect((await s.req("GET", "/api/v1/monitor/slow-queries/summary", { token: tok.noview! })).status).toBe(403);
    for (const [query, field] of [["source=nope", "source"], ["min_ms=-1", "min_ms"], ["from=yesterday", "from"], ["sort=-nope", "sort"]] as const) {
      const r = await list(query);
      expect(r.status, query).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const badSort = await s.req("GET", "/api/v1/monitor/slow-queries/summary?sort=-duration_ms", { token: tok.admin! });
    expect(badSort.status).toBe(400);
    expect(badSort.body.errors[0].field).toBe("sort");
    expect((await s.req("GET", "/api/v1/monitor/slow-queries/nope", { token: tok.admin! })).status).toBe(404);
  });

  it("drops statements past the retention on the scheduler's pass", async () => {
    const before = Number((await s.system.db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM monitor_slow_queries"))!.c);
    expect(before).toBeGreaterThan(0);
    s.clock.advance(31 * 86_400_000);
    expect(await s.system.monitor.parts.slow.prune()).toBe(before);
    s.clock.advance(-31 * 86_400_000);
  });
});
