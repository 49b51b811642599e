import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { jobsApi, shellJob } from "./jobs.testkit.ts";

describe.each(ENGINES)("jobs workbench widgets (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "jobs"] });
    j = jobsApi(s);
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(() => s?.close());

  const widget = async (token: string, id: string) => (await s.req("GET", `/api/v1/workbench/widgets/${id}`, { token })).body.data;

  it("shows my paused jobs and the runs that failed today, mine only", async () => {
    const dev = await s.login("liuyang");
    expect(await widget(dev, "jobs.paused_jobs")).toMatchObject({ title: "我负责的已暂停作业", count: 1, items: [{ title: "daily-data-sync", tone: "warning" }] });
    // the demo's failures were on earlier days
    expect((await widget(dev, "jobs.failed_runs")).count).toBe(0);
    await j.create(dev, shellJob("broken-today", "echo boom >&2; exit 1"));
    const run = await j.waitFor((await j.run(dev, "broken-today")).body.data.id, ["failed", "succeeded"]);
    expect(await widget(dev, "jobs.failed_runs")).toMatchObject({ count: 1, items: [{ title: "broken-today", subtitle: "exit code 1", href: `/jobs/runs/${run.id}`, tone: "danger" }] });
    const admin = await s.login("admin");
    expect((await widget(admin, "jobs.failed_runs")).count).toBe(0);
    expect((await widget(admin, "jobs.paused_jobs")).count).toBe(0);
  });
});
