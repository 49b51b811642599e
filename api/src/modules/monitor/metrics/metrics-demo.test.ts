import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../../../testing/harness.ts";

describe("monitor demo history (OPS_DEMO=1)", () => {
  let s: TestSystem;
  let admin: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine: "sqlite", env: { OPS_DEMO: "1" }, demoSeeders: ["company", "monitor-series"] });
    admin = await s.login("admin");
  }, 120_000);
  afterAll(() => s?.close());

  it("opens the board on a day of history with the spike an hour and a half ago", async () => {
    const overview = await s.req("GET", "/api/v1/monitor/overview", { token: admin });
    const cpu = overview.body.data.cards.find((c: { id: string }) => c.id === "cpu");
    expect(cpu.spark.filter((v: number | null) => v !== null).length).toBeGreaterThan(50);
    const to = s.clock.now();
    const from = new Date(to.getTime() - 24 * 3600_000);
    const series = await s.req("GET", `/api/v1/monitor/series?metric=api.error_rate&from=${from.toISOString()}&to=${to.toISOString()}`, { token: admin });
    expect(series.status).toBe(200);
    const points = series.body.data.series[0].points as Array<{ t: string; v: number | null }>;
    expect(points.length).toBeGreaterThan(1000);
    const worst = points.reduce((a, p) => ((p.v ?? 0) > (a.v ?? 0) ? p : a));
    expect(worst.v).toBeGreaterThan(0.05);
    expect(to.getTime() - new Date(worst.t).getTime()).toBeGreaterThan(80 * 60_000);
  });
});
