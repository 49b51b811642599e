import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iso } from "../../../platform/clock.ts";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { RUNS_QUEUE } from "../jobs.deps.ts";
import { jobsApi, shellJob } from "../jobs.testkit.ts";
import { DEFAULT_RUN_LEASE_MS } from "./run-worker.ts";

/**
 * A worker that reserved a run, marked it running and died (its process killed: it never
 * completes, fails or renews). Simulated by reserving through the queue port and writing what
 * the dead worker had written, then never touching the reservation again.
 */
async function dieMidRun(s: TestSystem, runId: string) {
  const job = await s.system.queue.reserve<{ runId: string }>(RUNS_QUEUE, { leaseMs: DEFAULT_RUN_LEASE_MS, workerId: "doomed" });
  expect(job?.payload.runId).toBe(runId);
  await s.system.db.run("UPDATE job_runs SET status = 'running', worker_id = 'doomed', started_at = ? WHERE id = ?", [iso(s.clock.now()), runId]);
}

describe.each(ENGINES)("jobs: a dead worker's run is retried or failed after its lease (%s)", (engine) => {
  let s: TestSystem;
  let j: ReturnType<typeof jobsApi>;
  let token: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    j = jobsApi(s);
    token = await s.login("liuyang");
  });
  afterAll(() => s?.close());

  it("the lease is short enough to recover within 15 s", () => {
    expect(DEFAULT_RUN_LEASE_MS).toBeLessThanOrEqual(10_000);
  });

  it("retries the run when its policy allows, fails it when not; never leaves it running", async () => {
    await j.create(token, shellJob("survivor", "echo second try", { retries: { count: 1, backoff: { type: "fixed", delay_ms: 0 } } }));
    await j.create(token, shellJob("one-shot", "echo never"));
    const retried = (await j.run(token, "survivor")).body.data.id;
    await dieMidRun(s, retried);
    const failed = (await j.run(token, "one-shot")).body.data.id;
    await dieMidRun(s, failed);
    await s.system.jobs.start({ worker: true, scheduler: false });
    // before the lease runs out nothing moves: the dead worker might still be alive
    j.advance(DEFAULT_RUN_LEASE_MS - 1_000);
    expect((await j.getRun(token, retried)).status).toBe("running");
    j.advance(1_001);
    expect(await j.waitFor(retried, ["succeeded", "failed"])).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(await j.log(token, retried)).toMatch(/worker doomed stopped answering \(lease expired\)[\s\S]*second try/);
    expect(await j.waitFor(failed, ["succeeded", "failed"])).toMatchObject({ status: "failed", attempt: 1, error: "worker lost (lease expired)" });
  });

  it("a worker shutting down mid-run records the attempt instead of leaving it running", async () => {
    await j.create(token, shellJob("interrupted", "sleep 30"));
    const id = (await j.run(token, "interrupted")).body.data.id;
    await j.waitFor(id, ["running"]);
    await s.system.jobs.stop();
    expect(await j.getRun(token, id)).toMatchObject({ status: "failed", error: "the worker shut down" });
  });
});
