import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { jobsApi } from "./jobs.testkit.ts";

describe.each(ENGINES)("jobs demo data (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "jobs"] });
    j = jobsApi(s);
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(() => s?.close());

  it("gives each department its jobs with a week of history, and the demo jobs run as defined", async () => {
    const [dev, lina] = [await s.login("liuyang"), await s.login("lina")];
    const names = async (token: string) => (await j.api("GET", "/jobs?sort=name", token)).body.data.items.map((x: { name: string; status: string }) => `${x.name}:${x.status}`);
    expect(await names(dev)).toEqual(["daily-data-sync:paused", "log-cleanup:enabled"]);
    expect(await names(lina)).toEqual(["daily-report-summary:enabled"]);
    const history = (await j.api("GET", "/runs?page_size=50", lina)).body.data.items as Array<{ status: string; trigger: string; duration_ms: number }>;
    expect(history).toHaveLength(5);
    expect(history.filter((r) => r.status === "failed")).toHaveLength(1);
    expect(history.every((r) => r.trigger === "cron" && r.duration_ms > 0)).toBe(true);
    const run = await j.waitFor((await j.run(lina, "daily-report-summary")).body.data.id, ["succeeded", "failed"]);
    expect(run.status).toBe("succeeded");
    expect(run.output).toMatch(/"active_users":"?\d+/);
    const next = (await j.api("GET", "/jobs/daily-report-summary/next-fires?count=1", lina)).body.data.fires[0];
    // 08:00 in Shanghai
    expect(next).toMatch(/T00:00:00\.000Z$/);
  });
});
