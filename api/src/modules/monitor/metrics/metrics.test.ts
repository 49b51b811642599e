import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MonitorOverview, SeriesAnswer } from "@ops/shared/contracts/monitor.ts";
import { ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { createMonitorTestSystem, otherProcess, spike, STATUS_ROUTE } from "./monitor.testkit.ts";

const MIN = 60_000;

describe.each(ENGINES)("monitor metrics: port, store, reader (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  const part = () => s.system.monitor.parts.metrics;
  const reader = () => s.system.monitor.reader;
  const now = () => s.clock.now();

  beforeAll(async () => {
    s = await createMonitorTestSystem({ engine, demoSeeders: ["company"] });
    // start at an hour's start so each test's pushes fall in known minutes
    s.clock.set(new Date(Math.ceil(now().getTime() / 3_600_000) * 3_600_000 + 3_600_000));
    admin = await s.login("admin");
  });
  afterAll(() => s?.close());

  it("counters, gauges and histograms pushed through the port come back from the store by minute", async () => {
    const port = s.system.monitor.metrics;
    const words = { title: { "zh-CN": "测试", en: "Test" }, help: { "zh-CN": "测试", en: "Test" }, module: "test" };
    const c = port.counter({ name: "test.things", kind: "counter", scope: "node", unit: "count", labels: ["kind"], ...words });
    const g = port.gauge({ name: "test.level", kind: "gauge", scope: "node", unit: "count", ...words });
    const h = port.histogram({ name: "test.took", kind: "histogram", scope: "node", unit: "seconds", ...words });
    const t0 = now();
    c.inc({ kind: "a" });
    c.inc({ kind: "a" }, 2);
    c.inc({ kind: "b" });
    g.set(10);
    g.set(20);
    for (let i = 1; i <= 100; i++) h.observe(i / 100);
    await part().flush();
    // a re-flush of the same minute replaces its rows: never doubles
    await part().flush();
    s.clock.advance(MIN);
    c.inc({ kind: "a" }, 5);
    g.set(40);
    await part().flush();
    s.clock.advance(MIN);

    const series = await reader().series({ metric: "test.things", filters: {}, from: t0, to: now(), agg: "value", locale: "en" });
    expect(series.step_s).toBe(60);
    expect(series.metric).toMatchObject({ name: "test.things", kind: "counter", labels: ["kind", "node"], title: "Test" });
    const a = series.series.find((x) => x.labels.kind === "a")!;
    expect(a.points.map((p) => p.v)).toEqual([3, 5, null]); // `to` is the third minute's start: shown, empty
    expect(series.series.find((x) => x.labels.kind === "b")!.points.map((p) => p.v)).toEqual([1, null, null]);
    const total = await reader().aggregate({ metric: "test.things", filters: {}, groupBy: [], windowMs: 5 * MIN, agg: "sum", at: now() });
    expect(total).toEqual([{ labels: {}, value: 9 }]);
    const level = await reader().aggregate({ metric: "test.level", filters: {}, groupBy: [], windowMs: 5 * MIN, agg: "max", at: now() });
    expect(level[0]!.value).toBe(40);
    const avg = await reader().aggregate({ metric: "test.level", filters: {}, groupBy: [], windowMs: 5 * MIN, agg: "avg", at: now() });
    expect(avg[0]!.value).toBe((15 + 40) / 2);
    const p95 = await reader().aggregate({ metric: "test.took", filters: {}, groupBy: [], windowMs: 5 * MIN, agg: "p95", at: now() });
    expect(p95[0]!.value).toBeCloseTo(0.9505, 3);
    const count = await reader().aggregate({ metric: "test.took", filters: {}, groupBy: [], windowMs: 5 * MIN, agg: "count", at: now() });
    expect(count[0]!.value).toBe(100);
  });

  it("a ratio over two nodes is Σnum / Σden, not the mean of the nodes' ratios", async () => {
    const other = otherProcess(s, "node-b");
    const words = { title: { "zh-CN": "比率", en: "Ratio" }, help: { "zh-CN": "比率", en: "Ratio" }, module: "test" };
    const def = { name: "test.ratio", kind: "ratio" as const, scope: "node" as const, unit: "ratio" as const, labels: ["route"], ...words };
    const mine = s.system.monitor.metrics.ratio(def);
    const theirs = other.port.ratio(def);
    mine.add(1, 2, { route: "/x" });
    theirs.add(1, 18, { route: "/x" });
    await part().flush();
    await other.flush();
    const [v] = await reader().aggregate({ metric: "test.ratio", filters: { route: "/x" }, groupBy: [], windowMs: MIN, agg: "value", at: now() });
    expect(v!.value).toBeCloseTo(2 / 20, 10);
    const byNode = await reader().aggregate({ metric: "test.ratio", filters: {}, groupBy: ["node"], windowMs: MIN, agg: "value", at: now() });
    expect(byNode.map((r) => r.value).sort()).toEqual([0.5, 1 / 18].sort());
    const lines = await reader().series({ metric: "test.ratio", filters: {}, from: new Date(now().getTime() - MIN), to: new Date(now().getTime() + MIN), agg: "value", locale: "zh-CN", by: ["node"] });
    expect(lines.series).toHaveLength(2);
  });

  it("a 5xx spike through a route shows in api.error_rate, api.requests and the overview", async () => {
    await spike(s, { ok: 6, failed: 4 });
    const [rate] = await reader().aggregate({ metric: "api.error_rate", filters: { route: STATUS_ROUTE }, groupBy: [], windowMs: MIN, agg: "value", at: now() });
    expect(rate!.value).toBeCloseTo(0.4, 10);
    const classes = await reader().aggregate({ metric: "api.requests", filters: { route: STATUS_ROUTE }, groupBy: ["status"], windowMs: MIN, agg: "sum", at: now() });
    expect(Object.fromEntries(classes.map((r) => [r.labels.status, r.value]))).toEqual({ "2xx": 6, "5xx": 4 });
    const p99 = await reader().aggregate({ metric: "api.latency", filters: { route: STATUS_ROUTE }, groupBy: [], windowMs: MIN, agg: "p99", at: now() });
    expect(p99[0]!.value).toBeGreaterThan(0);
    const overview = await s.req("GET", "/api/v1/monitor/overview", { token: admin });
    expect(overview.status).toBe(200);
    const o = overview.body.data as MonitorOverview;
    const card = o.cards.find((c) => c.id === "api_error_rate")!;
    // the overview's own requests count too: the rate is at least the spike's share of all routes
    expect(card.value).toBeGreaterThan(0.05);
    expect(card.tone).toBe("danger");
    expect(card.spark).toHaveLength(60);
    expect(o.alerts).toMatchObject({ by_level: { P0: expect.any(Number) } });
    expect(o.nodes).toMatchObject({ up: expect.any(Number), silent: expect.any(Number) });
  });

  it("cluster collectors run only where cluster sampling is on", async () => {
    await part().flush();
    const size = async () => (await reader().aggregate({ metric: "store.size_bytes", filters: {}, groupBy: [], windowMs: MIN, agg: "last", at: now() }))[0]?.value ?? null;
    expect(await size()).toBeNull();
    part().setCluster(true);
    await part().flush();
    part().setCluster(false);
    expect(await size()).toBeGreaterThan(0);
    const online = await reader().aggregate({ metric: "iam.online_users", filters: {}, groupBy: [], windowMs: MIN, agg: "last", at: now() });
    expect(online[0]!.value).toBeGreaterThanOrEqual(0);
    const rss = await reader().aggregate({ metric: "process.rss_bytes", filters: {}, groupBy: [], windowMs: MIN, agg: "last", at: now() });
    expect(rss[0]!.value).toBeGreaterThan(1e6);
  });

  it("the catalog and series routes: titles in the caller's language, 400 naming the field", async () => {
    const cat = await s.req("GET", "/api/v1/monitor/metrics?lang=en", { token: admin });
    expect(cat.status).toBe(200);
    const names = (cat.body.data.items as Array<{ name: string; title: string }>).map((m) => m.name);
    for (const n of ["api.requests", "api.error_rate", "api.latency", "process.cpu_percent", "queue.waiting", "store.size_bytes", "jobs.failure_rate", "approvals.pending", "notify.delivery_rate", "im.delivery_rate", "iam.online_users", "reports.views"]) {
      expect(names, n).toContain(n);
    }
    const from = new Date(now().getTime() - 10 * MIN).toISOString();
    const ok = await s.req("GET", `/api/v1/monitor/series?metric=api.error_rate&from=${from}&route=${encodeURIComponent(STATUS_ROUTE)}`, { token: admin });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const answer = ok.body.data as SeriesAnswer;
    expect(answer.series).toHaveLength(1);
    expect(answer.series[0]!.points.some((p) => p.v !== null && p.v > 0.3)).toBe(true);
    const bad: Array<[string, string]> = [
      ["metric=nope.nothing", "metric"],
      [`metric=api.error_rate&from=${now().toISOString()}&to=${from}`, "from"],
      [`metric=api.error_rate&from=2020-01-01T00:00:00Z&to=2020-06-01T00:00:00Z`, "from"],
      ["metric=api.error_rate&step=90", "step"],
      ["metric=api.error_rate&agg=p95", "agg"],
      ["metric=api.error_rate&color=red", "color"],
      ["metric=api.error_rate&by=color", "by"],
      ["metric=api.error_rate&from=yesterday", "from"],
    ];
    for (const [q, field] of bad) {
      const r = await s.req("GET", `/api/v1/monitor/series?${q}`, { token: admin });
      expect(r.status, q).toBe(400);
      expect(JSON.stringify(r.body.errors ?? r.body.data?.errors ?? r.body), q).toContain(`"field":"${field}"`);
    }
  });

  it("asks for monitor:view", async () => {
    const role = await s.req("POST", "/api/v1/roles", { token: admin, body: { code: "r_no_monitor", name: "无监控", data_scope: "ALL", permissions: ["reports:view"] } });
    const dept = (await s.system.db.get<{ dept_id: string }>("SELECT dept_id FROM users WHERE username = 'lina'"))!.dept_id;
    const password = "No-Monitor#2026";
    await s.req("POST", "/api/v1/users", { token: admin, body: { username: "nomon", display_name: "nomon", dept_id: dept, role_ids: [role.body.data.id], password } });
    let token = await s.login("nomon", password);
    const changed = await s.req("POST", "/api/v1/auth/password", { token, body: { old_password: password, new_password: `${password}x` } });
    if (changed.status === 200) token = await s.login("nomon", `${password}x`);
    for (const path of ["/monitor/metrics", "/monitor/series?metric=api.requests", "/monitor/overview"]) {
      expect((await s.req("GET", `/api/v1${path}`, { token })).status, path).toBe(403);
    }
  });
  it("rolls minutes up into hours and drops points past their retention (last: the clock moves months on)", async () => {
    const words = { title: { "zh-CN": "卷", en: "Roll" }, help: { "zh-CN": "卷", en: "Roll" }, module: "test" };
    const c = s.system.monitor.metrics.counter({ name: "test.rolled", kind: "counter", scope: "node", unit: "count", ...words });
    const hour = now().getTime() - (now().getTime() % 3_600_000);
    for (let i = 0; i < 3; i++) {
      c.inc({}, 10);
      await part().flush();
      s.clock.advance(MIN);
    }
    const hourly = () => reader().series({ metric: "test.rolled", filters: {}, from: new Date(hour), to: new Date(hour + 3_600_000 - 1), stepS: 3600, agg: "value", locale: "zh-CN" });
    expect((await hourly()).series).toEqual([]);
    await part().maintain(); // the scheduler's pass: the current hour rolled up
    expect((await hourly()).step_s).toBe(3600);
    expect((await hourly()).series[0]!.points).toEqual([{ t: new Date(hour).toISOString(), v: 30 }]);
    expect(await part().rollup(hour)).toBeGreaterThan(0); // again: replaced, not doubled
    expect((await hourly()).series[0]!.points).toEqual([{ t: new Date(hour).toISOString(), v: 30 }]);
    const rows = async (res: number) => Number((await s.system.db.get<{ n: unknown }>("SELECT COUNT(*) AS n FROM monitor_points WHERE metric = 'test.rolled' AND res = ?", [res]))!.n);
    s.clock.advance(8 * 86_400_000);
    await part().prune();
    expect(await rows(60)).toBe(0);
    expect(await rows(3600)).toBe(1);
    s.clock.advance(90 * 86_400_000);
    await part().prune();
    expect(await rows(3600)).toBe(0);
  });
});

describe("/metrics behind OPS_METRICS_TOKEN", () => {
  let s: TestSystem;
  const TOKEN = "prometheus-scrape-token-0123456789";
  beforeAll(async () => {
    s = await createMonitorTestSystem({ demoSeeders: ["company"], env: { OPS_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => s?.close());

  it("answers 401 without the bearer token and the registry with it, the port's metrics included", async () => {
    await spike(s, { ok: 1, failed: 1 });
    expect((await s.req("GET", "/metrics")).status).toBe(401);
    expect((await s.req("GET", "/metrics", { token: "wrong-token-wrong-token" })).status).toBe(401);
    const ok = await s.req("GET", "/metrics", { token: TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(`ops_api_requests{route="${STATUS_ROUTE}",status="5xx"} 1`);
    expect(ok.body).toContain("ops_api_error_rate_numerator");
    expect(ok.body).toContain("ops_api_latency_bucket");
  });
});
