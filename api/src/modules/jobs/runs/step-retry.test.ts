import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { flowsApi, sh } from "../../flows/flows.testkit.ts";

/** A flow's step is retried with its flow, not alone: `POST /runs/{id}/retry` of one answers 409 naming the flow run. */
describe.each(ENGINES)("jobs: retrying a flow step's run (%s)", (engine) => {
  let s: TestSystem;
  let token: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    token = await s.login("liuyang");
    await s.system.jobs.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it("answers 409 flows.retry_from_flow with the flow run's id, in the caller's language, and stores no run", async () => {
    const f = flowsApi(s);
    expect((await f.create(token, { name: "step-retry", nodes: [sh("A", "echo broken >&2; exit 3")], edges: [] })).status).toBe(201);
    const flowRun = await f.waitFinal((await f.run(token, "step-retry")).body.data.id);
    expect(flowRun.status).toBe("failed");
    const stepRun = flowRun.nodes[0]!.run_ids[0]!;
    const runsBefore = await f.count("job_runs");
    const zh = await s.req("POST", `/api/v1/runs/${stepRun}/retry`, { token });
    expect(zh.status, JSON.stringify(zh.body)).toBe(409);
    expect(zh.body.reason).toBe("flows.retry_from_flow");
    expect(zh.body.message).toContain(flowRun.id);
    expect(zh.body.message).toContain("重试该流程运行");
    const en = await s.req("POST", `/api/v1/runs/${stepRun}/retry?lang=en`, { token });
    expect(en.status).toBe(409);
    expect(en.body.message).toBe(`This run is a step of flow run ${flowRun.id} and is not retried alone: retry the flow run (POST /flow-runs/${flowRun.id}/retry)`);
    expect(await f.count("job_runs")).toBe(runsBefore);
  });
});
