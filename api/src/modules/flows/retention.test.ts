import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { purgeRunsAudited } from "../jobs/runs/retention.ts";
import { purgeFlowRunsAudited } from "./engine/retention.ts";
import { flowsApi, sh } from "./flows.testkit.ts";

const DAY = 86_400_000;

describe.each(ENGINES)("flows: run retention (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  let tok: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    tok = await s.login("liuyang");
    await s.system.jobs.start({ worker: { concurrency: 4 }, scheduler: false });
  });
  afterAll(() => s?.close());

  /** Moves a flow run and its step runs `daysAgo` days back. */
  async function age(id: string, daysAgo: number) {
    const at = new Date(s.clock.now().getTime() - daysAgo * DAY).toISOString();
    await s.system.db.run("UPDATE flow_runs SET queued_at = ?, finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE ? END WHERE id = ?", [at, at, id]);
    await s.system.db.run("UPDATE job_runs SET queued_at = ?, finished_at = ? WHERE flow_run_id = ?", [at, at, id]);
  }
  const count = async (sql: string, params: unknown[]) => Number((await s.system.db.get<{ c: number | string }>(sql, params))!.c);
  const steps = (id: string) => count("SELECT COUNT(*) AS c FROM job_runs WHERE flow_run_id = ?", [id]);
  const logs = (id: string) => count("SELECT COUNT(*) AS c FROM job_run_logs WHERE run_id IN (SELECT id FROM job_runs WHERE flow_run_id = ?)", [id]);

  it("a flow run goes with its nodes, step runs and logs; each flow's latest kept, unfinished ones kept; the jobs retention leaves steps alone", async () => {
    await f.create(tok, { name: "old-flow", nodes: [sh("A", "echo a"), sh("B", "echo b")], edges: [{ from: "A", to: "B" }] });
    await f.create(tok, { name: "old-hold", nodes: [{ key: "hold", type: "wait" }] });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = (await f.run(tok, "old-flow")).body.data.id;
      await f.waitFinal(id);
      ids.push(id);
    }
    const held = (await f.run(tok, "old-hold")).body.data.id;
    await f.waitUntil(held, (r) => r.status === "waiting");
    await age(ids[0]!, 200);
    await age(ids[1]!, 199);
    await age(ids[2]!, 198);
    await age(held, 300);
    expect(await steps(ids[2]!)).toBe(2);
    expect(await logs(ids[2]!)).toBeGreaterThan(0);

    // the jobs retention with nothing kept per job still leaves step runs of kept flow runs alone
    expect((await purgeRunsAudited(s.system.jobs.deps, { keepDays: 90, keepLatest: 1 })).runs).toBe(0);
    expect(await steps(ids[0]!)).toBe(2);

    const result = await purgeFlowRunsAudited(s.system.flows.deps, { keepDays: 90, keepLatest: 2, batch: 1 });
    expect(result).toMatchObject({ flow_runs: 2, step_runs: 4 });
    expect(result.logs).toBeGreaterThanOrEqual(4);
    for (const id of ids.slice(0, 2)) {
      expect((await f.api("GET", `/flow-runs/${id}`, tok)).status).toBe(404);
      expect(await steps(id)).toBe(0);
      expect(await logs(id)).toBe(0);
      expect(await count("SELECT COUNT(*) AS c FROM flow_run_nodes WHERE flow_run_id = ?", [id])).toBe(0);
    }
    for (const id of ids.slice(2)) expect(await steps(id)).toBe(2);
    expect((await f.getRun(tok, ids[2]!)).nodes.map((n) => n.status)).toEqual(["succeeded", "succeeded"]);
    expect((await f.getRun(tok, held)).status).toBe("waiting");
    // again: nothing; 0 days keeps everything
    expect(await s.system.flows.purgeRuns(90)).toMatchObject({ flow_runs: 0 });
    expect(await s.system.flows.purgeRuns(0)).toEqual({ cutoff: null, flow_runs: 0, step_runs: 0, logs: 0 });
    const audit = await f.api("GET", "/audit/logs?module=flows&resource_type=flow_run", await s.login("admin"));
    expect(audit.body.data.items.filter((a: { action: string }) => a.action === "runs.purge")).toMatchObject([
      { action_name: "清理过期流程运行", actor_name: "system:flow-retention", after: { flow_runs: 2, step_runs: 4, keep_days: 90 } },
    ]);
  });
});
