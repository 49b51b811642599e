import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";

describe.each(ENGINES)("metric dictionary as the caller: report_ids they may view, the owner's name (%s)", (engine) => {
  let s: TestSystem;
  const tokens: Record<string, string> = {};
  let managersOnly = "";
  const get = (who: string, path: string) => s.req("GET", `/api/v1${path}`, { token: tokens[who]! });

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "reports"] });
    for (const u of ["zhangwei", "lina"]) tokens[u] = await s.login(u);
    const datasetId = (await s.system.db.get<{ id: string }>("SELECT id FROM report_datasets WHERE name = 'sales'"))!.id;
    const created = await s.req("POST", "/api/v1/reports", {
      token: tokens.zhangwei!,
      body: { name: "mgr-amounts", title: "经理成交额", dataset_id: datasetId, chart: { type: "bar", x: "city", series: [{ column: "amount", agg: "sum" }] }, roles: ["ops_manager"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    managersOnly = created.body.data.id;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it("names to each caller only the reports their roles open", async () => {
    const lina = (await get("lina", "/metrics-dictionary?q=gmv")).body.data.items[0];
    const boss = (await get("zhangwei", "/metrics-dictionary?q=gmv")).body.data.items[0];
    expect(boss.report_ids).toContain(managersOnly);
    expect(lina.report_ids).not.toContain(managersOnly);
    expect(lina.report_ids.length).toBe(boss.report_ids.length - 1);
    // she may open every one she is told of
    for (const id of lina.report_ids) expect((await get("lina", `/reports/${id}`)).status).toBe(200);
    expect((await get("lina", `/reports/${managersOnly}`)).status).toBe(403);
    expect((await get("lina", "/metrics-dictionary/gmv")).body.data.report_ids).toEqual(lina.report_ids);
  });

  it("gives the owner's display name to a reports:view caller who may not read that user", async () => {
    const gmv = (await get("lina", "/metrics-dictionary/gmv")).body.data;
    expect(gmv.owner_name).toBe("张伟");
    // her data scope leaves her director out of the directory: only the dictionary names him to her
    expect((await get("lina", `/users/${gmv.owner_id}`)).status).toBe(404);
  });
});
