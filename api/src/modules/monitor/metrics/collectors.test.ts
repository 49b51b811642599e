import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../../platform/crypto.ts";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { otherProcess } from "./monitor.testkit.ts";

const MIN = 60_000;

describe.each(ENGINES)("monitor metrics: built-in collectors (%s)", (engine) => {
  let s: TestSystem;
  const reader = () => s.system.monitor.reader;
  const now = () => s.clock.now();
  const agg = async (metric: string, a: "value" | "sum" | "last" | "count", filters: Record<string, string> = {}, groupBy: string[] = []) =>
    reader().aggregate({ metric, filters, groupBy, windowMs: MIN, agg: a, at: now() });

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    s.clock.set(new Date(Math.ceil(now().getTime() / MIN) * MIN + 5_000));
  });
  afterAll(() => s?.close());

  it("job runs ended in the minute: runs by status, failure rate by job (failed + timed out over ended), durations", async () => {
    const at = now().toISOString();
    const statuses = ["succeeded", "succeeded", "succeeded", "failed", "timed_out"];
    for (const [i, status] of statuses.entries()) {
      await s.system.db.run(
        `INSERT INTO job_runs (id, job_id, job_name, status, trigger_kind, params, attempt, max_attempts, queued_at, started_at, finished_at, duration_ms, updated_at)
         VALUES (?, 'j1', 'nightly-etl', ?, 'manual', '{}', 1, 1, ?, ?, ?, ?, ?)`,
        [newId(), status, at, at, at, (i + 1) * 1000, at],
      );
    }
    const part = s.system.monitor.parts.metrics;
    part.setCluster(true);
    await part.flush();
    part.setCluster(false);
    const [rate] = await agg("jobs.failure_rate", "value", { job: "nightly-etl" });
    expect(rate!.value).toBeCloseTo(0.4, 10);
    const runs = await agg("jobs.runs", "sum", {}, ["status"]);
    expect(Object.fromEntries(runs.map((r) => [r.labels.status, r.value]))).toEqual({ succeeded: 3, failed: 1, timed_out: 1 });
    expect((await agg("jobs.duration", "count"))[0]!.value).toBe(5);
    expect((await agg("approvals.pending", "last"))[0]!.value).toBeGreaterThanOrEqual(0);
  });

  it("queue depth and lag of the queues a process consumes", async () => {
    const queue = `mon-q-${Date.now()}`;
    await s.system.queue.enqueue(queue, "noop", {});
    s.clock.advance(4_000);
    const other = otherProcess(s, "worker-1", [queue]);
    await other.flush();
    expect((await agg("queue.waiting", "last", { queue }))[0]!.value).toBe(1);
    const [lag] = await agg("queue.lag_ms", "last", { queue });
    if (engine === "sqlite" || s.system.queue.oldestWaiting) expect(lag!.value).toBeGreaterThanOrEqual(4_000);
  });

  it("report views from the report data route, by report", async () => {
    const observe = s.system.monitor.parts.metrics.http;
    observe("GET", "/api/v1/reports/:id/data", 200, 0.02, "/api/v1/reports/r-sales/data");
    observe("GET", "/api/v1/reports/:id/data", 200, 0.02, "/api/v1/reports/r-sales/data");
    observe("GET", "/api/v1/reports/:id/data", 403, 0.01, "/api/v1/reports/r-sales/data");
    await s.system.monitor.parts.metrics.flush();
    expect((await agg("reports.views", "sum", { report: "r-sales" }))[0]!.value).toBe(2);
  });
});
