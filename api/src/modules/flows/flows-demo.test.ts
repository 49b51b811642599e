import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh, statuses } from "./flows.testkit.ts";

describe.each(ENGINES)("flows demo data and workbench widget (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "flows"] });
    f = flowsApi(s);
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(() => s?.close());

  it("seeds daily-etl with one finished run, and the flow runs as defined up to its wait node", async () => {
    const dev = await s.login("liuyang");
    const flows = (await f.api("GET", "/flows", dev)).body.data.items;
    expect(flows.map((x: { name: string }) => x.name)).toEqual(["daily-etl"]);
    expect(flows[0].last_run).toMatchObject({ status: "succeeded" });
    const past = await f.getRun(dev, flows[0].last_run.id);
    expect(statuses(past)).toMatchObject({ check: "succeeded", load: "succeeded", alert_low: "skipped", confirm: "succeeded", publish: "succeeded" });
    expect(past.nodes.find((n) => n.key === "confirm")).toMatchObject({ decided_by_name: "liuyang", comment: "数据已核对" });
    // the seeded definition passes the same checks as a save
    const def = (await f.api("GET", "/flows/daily-etl", dev)).body.data;
    expect((await f.api("POST", "/flows/validate", dev, { nodes: def.nodes, edges: def.edges, params: def.params })).body.data).toEqual({ ok: true, errors: [] });
    const run = (await f.run(dev, "daily-etl")).body.data.id;
    const waiting = await f.waitUntil(run, (r) => r.status === "waiting");
    expect(statuses(waiting)).toMatchObject({ extract: "succeeded", clean_orders: "succeeded", check: "succeeded", load: "succeeded", alert_low: "skipped", confirm: "waiting" });
    expect(waiting.nodes.find((n) => n.key === "clean_orders")!.output).toBe("cleaned 1280 orders");
  });

  it("lists my flow runs that failed today", async () => {
    const dev = await s.login("liuyang");
    const widget = async () => (await s.req("GET", "/api/v1/workbench/widgets/flows.failed_runs", { token: dev })).body.data;
    expect(await widget()).toMatchObject({ title: "今日失败的流程运行", count: 0 });
    await f.create(dev, { name: "breaks-today", nodes: [sh("boom", "exit 1")], edges: [] });
    const run = await f.waitFinal((await f.run(dev, "breaks-today")).body.data.id);
    expect(run.status).toBe("failed");
    expect(await widget()).toMatchObject({ count: 1, items: [{ title: "breaks-today", subtitle: "boom: exit code 1", href: `/flows/runs/${run.id}`, tone: "danger" }] });
    expect((await s.req("GET", "/api/v1/workbench/widgets/flows.failed_runs", { token: await s.login("admin") })).body.data.count).toBe(0);
  });
});
