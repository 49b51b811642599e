import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh, statuses } from "./flows.testkit.ts";

describe.each(ENGINES)("flows: engine through the jobs engine (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    for (const u of ["admin", "lina", "liuyang", "chenjing"]) tok[u] = await s.login(u);
    await s.system.jobs.start({ worker: { concurrency: 8 }, scheduler: false });
  });
  afterAll(() => s?.close());

  const log = async (runId: string) => (await f.api("GET", `/runs/${runId}/log`, tok.liuyang)).body.data.chunks.map((c: { text: string }) => c.text).join("");

  it("A → [B, C] → check → D (true) / E (false): D runs with A's output and the params, E is skipped", async () => {
    const created = await f.create(tok.liuyang!, {
      name: "branchy", params: { region: "cn-east" },
      nodes: [
        sh("A", "echo '{\"count\": 150}'"), sh("B", "echo b"), sh("C", "echo c"),
        { key: "check", type: "condition", condition: "nodes.A.output.count > 100 && nodes.B.status == 'succeeded'" },
        sh("D", "echo loaded {nodes.A.output.count} in {params.region} $OPS_PARAM_DAY", { params: { day: "{nodes.A.output.count}" } }), sh("E", "echo never"),
      ],
      edges: [{ from: "A", to: "B" }, { from: "A", to: "C" }, { from: "B", to: "check" }, { from: "C", to: "check" }, { from: "check", to: "D", when: true }, { from: "check", to: "E", when: false }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // chat cards of the instance follow every node change (notify's message refs are stood in for here)
    const cards: Array<{ entity: string; id: string; kind: string; data: Record<string, unknown> }> = [];
    const realCards = s.system.flows.deps.cards;
    s.system.flows.deps.cards = { refresh: async (entity, id, card) => (cards.push({ entity, id, ...card }), 0) };
    const started = await f.run(tok.liuyang!, "branchy", { region: "cn-north" });
    expect(started.status).toBe(201);
    expect(started.body.data).toMatchObject({ status: "running", trigger: "manual", params: { region: "cn-north" } });
    expect(started.body.data.nodes.find((n: { key: string }) => n.key === "A").status).toBe("queued");
    const done = await f.waitFinal(started.body.data.id);
    expect(done.status).toBe("succeeded");
    expect(statuses(done)).toEqual({ A: "succeeded", B: "succeeded", C: "succeeded", check: "succeeded", D: "succeeded", E: "skipped" });
    const byKey = Object.fromEntries(done.nodes.map((n) => [n.key, n]));
    expect(byKey.A!.output).toEqual({ count: 150 });
    expect(byKey.check!.result).toBe(true);
    expect(byKey.E!.run_ids).toEqual([]);
    await s.system.flows.cardsSettled();
    s.system.flows.deps.cards = realCards;
    expect(cards.every((c) => c.entity === "flow_run" && c.id === done.id && c.kind === "flow-run")).toBe(true);
    // refreshed as it moved (changes during a refresh coalesce into one more); the last shows what GET answers
    expect(cards.length).toBeGreaterThanOrEqual(3);
    expect(cards.at(-1)!.data).toEqual(await f.getRun(tok.liuyang!, done.id));
    expect(cards.some((c) => (c.data.nodes as Array<{ key: string; status: string }>).find((n) => n.key === "A")!.status === "running")).toBe(true);
    expect(await log(byKey.D!.run_ids[0]!)).toContain("loaded 150 in cn-north 150");
    // the steps are job runs: trigger flow, in the runs list of whoever sees the flow's department
    const runs = await f.api("GET", "/runs?trigger=flow&page_size=100", tok.liuyang);
    const mine = runs.body.data.items.filter((r: { flow_run_id: string }) => r.flow_run_id === done.id);
    expect(mine.map((r: { node_key: string }) => r.node_key).sort()).toEqual(["A", "B", "C", "D"]);
    expect(mine[0]).toMatchObject({ trigger: "flow", job_name: expect.stringMatching(/^branchy\./), shard_total: 1 });
    expect((await f.api("GET", "/runs?trigger=flow", tok.lina)).body.data.items).toEqual([]);
    // the flow list shows the last run; the flow-runs list has it without nodes
    expect((await f.api("GET", "/flows?q=branchy", tok.liuyang)).body.data.items[0].last_run).toMatchObject({ id: done.id, status: "succeeded" });
    const list = await f.api("GET", `/flow-runs?flow_id=${created.body.data.id}&status=succeeded`, tok.liuyang);
    expect(list.body.data.items.map((r: { id: string; nodes: unknown[] }) => [r.id, r.nodes])).toEqual([[done.id, []]]);
    expect((await f.api("GET", `/flow-runs/${done.id}`, tok.lina)).status).toBe(404);
    expect((await f.api("GET", "/flow-runs?status=nope", tok.liuyang)).body.errors[0].field).toBe("status");
  });

  it("runs a saved job as a node with the node's params over the job's; a job deleted before its node starts fails the node", async () => {
    await f.api("POST", "/jobs", tok.liuyang, { name: "greet", type: "shell", config: { command: "echo hello $OPS_PARAM_WHO from $OPS_PARAM_TEAM" }, params: { who: "job", team: "ops" }, timeout_s: 30 });
    await f.create(tok.liuyang!, {
      name: "uses-job", params: { name: "flow" },
      nodes: [{ key: "hold", type: "wait" }, { key: "greet", type: "job", job: "greet", params: { who: "{params.name}" } }], edges: [{ from: "hold", to: "greet" }],
    });
    const first = (await f.run(tok.liuyang!, "uses-job")).body.data.id;
    await f.waitUntil(first, (r) => r.status === "waiting");
    await f.api("POST", `/flow-runs/${first}/nodes/hold/continue`, tok.liuyang, { decision: "continue" });
    const done = await f.waitFinal(first);
    expect(done.status).toBe("succeeded");
    const node = done.nodes.find((n) => n.key === "greet")!;
    expect(node.output).toBe("hello flow from ops");
    // the step is a run of the job itself (its history, its alerts)
    expect((await f.api("GET", `/runs/${node.run_ids[0]}`, tok.liuyang)).body.data).toMatchObject({ job_name: "greet", trigger: "flow", params: { who: "flow", team: "ops" } });

    const second = (await f.run(tok.liuyang!, "uses-job")).body.data.id;
    await f.waitUntil(second, (r) => r.status === "waiting");
    expect((await f.api("DELETE", "/jobs/greet", tok.liuyang)).status).toBe(200);
    await f.api("POST", `/flow-runs/${second}/nodes/hold/continue`, tok.liuyang, { decision: "continue" });
    const failed = await f.waitFinal(second);
    expect(failed.status).toBe("failed");
    expect(failed.nodes.find((n) => n.key === "greet")).toMatchObject({ status: "failed", error: "job greet no longer exists" });
  });

  it("runs inline script and sql steps, retries an inline step by its own policy and times one out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-flow-test-"));
    try {
      await f.create(tok.liuyang!, {
        name: "inline-kinds",
        nodes: [
          { key: "script", type: "script", config: { language: "typescript", source: "console.log(JSON.stringify({ ok: true, n: 2 + 3 }))" } },
          { key: "query", type: "sql", config: { statement: "SELECT 42 AS answer" } },
          sh("flaky", `test -f ${dir}/seen && echo second || (touch ${dir}/seen; exit 1)`, { retries: { count: 1, backoff: { type: "fixed", delay_ms: 0 } } }),
          sh("slow", "sleep 5", { timeout_s: 1, trigger_rule: "all_done" }),
        ],
        edges: [{ from: "script", to: "slow" }, { from: "query", to: "slow" }, { from: "flaky", to: "slow" }],
      });
      const done = await f.waitFinal((await f.run(tok.liuyang!, "inline-kinds")).body.data.id);
      expect(statuses(done)).toEqual({ script: "succeeded", query: "succeeded", flaky: "succeeded", slow: "timed_out" });
      expect(done.status).toBe("failed");
      const byKey = Object.fromEntries(done.nodes.map((n) => [n.key, n]));
      expect(byKey.script!.output).toEqual({ ok: true, n: 5 });
      expect(byKey.query!.output).toMatch(/^1 row\(s\) \[\{"answer":"?42/);
      expect(byKey.flaky!.output).toBe("second");
      expect((await f.api("GET", `/runs/${byKey.flaky!.run_ids[0]}`, tok.liuyang)).body.data).toMatchObject({ status: "succeeded", attempt: 2, max_attempts: 2 });
      expect(byKey.slow!.error).toBe("timed out after 1 s");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies each trigger rule to a failed and a succeeded upstream", async () => {
    const rules = ["all_success", "all_done", "one_success", "one_failed", "none_failed"] as const;
    await f.create(tok.liuyang!, {
      name: "rules",
      nodes: [sh("bad", "exit 3"), sh("good", "true"), ...rules.map((r) => sh(r, "true", { trigger_rule: r })), sh("after_skip", "true", { trigger_rule: "all_success" }), sh("cleanup", "true", { trigger_rule: "all_done" })],
      edges: [
        ...rules.flatMap((r) => [{ from: "bad", to: r }, { from: "good", to: r }]),
        { from: "all_success", to: "after_skip" }, { from: "after_skip", to: "cleanup" },
      ],
    });
    const done = await f.waitFinal((await f.run(tok.liuyang!, "rules")).body.data.id);
    expect(statuses(done)).toEqual({
      bad: "failed", good: "succeeded", all_success: "upstream_failed", all_done: "succeeded", one_success: "succeeded", one_failed: "succeeded",
      none_failed: "upstream_failed", after_skip: "upstream_failed", cleanup: "succeeded",
    });
    // leaves: one_failed… succeeded, but none_failed (a leaf) ended upstream_failed
    expect(done.status).toBe("failed");
    expect(done.error).toContain("bad: ");
  });

  it("broadcasts a sharded step: 3 runs see distinct shardIndex and shardTotal 3; the node succeeds when all do", async () => {
    await f.create(tok.liuyang!, { name: "sharded", nodes: [sh("S", "echo '{\"shard\": {shardIndex}, \"of\": {shardTotal}}'", { shards: 3 }), sh("after", "true")], edges: [{ from: "S", to: "after" }] });
    const done = await f.waitFinal((await f.run(tok.liuyang!, "sharded")).body.data.id);
    expect(done.status).toBe("succeeded");
    const node = done.nodes.find((n) => n.key === "S")!;
    expect(node.run_ids).toHaveLength(3);
    expect((node.output as Array<{ shard: number; of: number }>).map((o) => [o.shard, o.of])).toEqual([[0, 3], [1, 3], [2, 3]]);
  });

  it("holds at a wait node (status waiting) until continue; reject fails it and its downstream; 409 when not waiting", async () => {
    await f.create(tok.liuyang!, { name: "gated", nodes: [sh("prep", "true"), { key: "confirm", type: "wait" }, sh("publish", "echo published")], edges: [{ from: "prep", to: "confirm" }, { from: "confirm", to: "publish" }] });
    const first = (await f.run(tok.liuyang!, "gated")).body.data.id;
    const waiting = await f.waitUntil(first, (r) => r.status === "waiting");
    expect(statuses(waiting)).toEqual({ prep: "succeeded", confirm: "waiting", publish: "pending" });
    expect((await f.api("POST", `/flow-runs/${first}/nodes/publish/continue`, tok.liuyang, { decision: "continue" })).status).toBe(409);
    expect((await f.api("POST", `/flow-runs/${first}/nodes/nope/continue`, tok.liuyang, { decision: "continue" })).status).toBe(404);
    expect((await f.api("POST", `/flow-runs/${first}/nodes/confirm/continue`, tok.chenjing, { decision: "continue" })).status).toBe(403);
    const cont = await f.api("POST", `/flow-runs/${first}/nodes/confirm/continue`, tok.liuyang, { decision: "continue", comment: "数据已核对" });
    expect(cont.status).toBe(200);
    expect(cont.body.data.nodes.find((n: { key: string }) => n.key === "confirm")).toMatchObject({ status: "succeeded", decided_by_name: "liuyang", comment: "数据已核对" });
    expect(statuses(await f.waitFinal(first))).toEqual({ prep: "succeeded", confirm: "succeeded", publish: "succeeded" });
    expect((await f.api("POST", `/flow-runs/${first}/nodes/confirm/continue`, tok.liuyang, { decision: "continue" })).status).toBe(409);

    const second = (await f.run(tok.liuyang!, "gated")).body.data.id;
    await f.waitUntil(second, (r) => r.status === "waiting");
    await f.api("POST", `/flow-runs/${second}/nodes/confirm/continue`, tok.liuyang, { decision: "reject", comment: "数量不对" });
    const rejected = await f.waitFinal(second);
    expect(rejected.status).toBe("failed");
    expect(statuses(rejected)).toEqual({ prep: "succeeded", confirm: "failed", publish: "upstream_failed" });
    const audit = await f.api("GET", `/audit/logs?module=flows&resource_id=${second}`, tok.admin);
    expect(audit.body.data.items[0]).toMatchObject({ action_name: "处理等待节点", actor_name: "liuyang" });
  });

  it("keeps a running instance on its version after a save; cancel ends it and its running step", async () => {
    const body = (text: string) => ({ name: "versioned", nodes: [{ key: "hold", type: "wait" }, sh("out", `echo ${text}`)], edges: [{ from: "hold", to: "out" }] });
    const v1 = await f.create(tok.liuyang!, body("from-v1"));
    const run = (await f.run(tok.liuyang!, "versioned")).body.data.id;
    await f.waitUntil(run, (r) => r.status === "waiting");
    expect((await f.api("PUT", `/flows/${v1.body.data.id}`, tok.liuyang, body("from-v2"))).body.data.version).toBe(2);
    await f.api("POST", `/flow-runs/${run}/nodes/hold/continue`, tok.liuyang, { decision: "continue" });
    const done = await f.waitFinal(run);
    expect(done.version).toBe(1);
    expect(done.nodes.find((n) => n.key === "out")!.output).toBe("from-v1");

    await f.create(tok.liuyang!, { name: "slow", nodes: [sh("sleepy", "sleep 30"), sh("next", "true")], edges: [{ from: "sleepy", to: "next" }] });
    const slow = (await f.run(tok.liuyang!, "slow")).body.data.id;
    await f.waitUntil(slow, (r) => r.nodes[0]!.status === "running");
    const cancelled = await f.api("POST", `/flow-runs/${slow}/cancel`, tok.lina);
    // lina (运营一部) cannot see a 技术部 instance
    expect(cancelled.status).toBe(404);
    const c = await f.api("POST", `/flow-runs/${slow}/cancel`, tok.liuyang);
    expect(c.body.data.status).toBe("cancelled");
    const after = await f.waitUntil(slow, (r) => r.nodes.every((n) => n.status === "cancelled"));
    expect((await f.api("GET", `/runs/${after.nodes[0]!.run_ids[0]}`, tok.liuyang)).body.data.status).toBe("cancelled");
    expect((await f.api("POST", `/flow-runs/${slow}/cancel`, tok.liuyang)).status).toBe(409);
    expect((await f.api("DELETE", "/flows/slow", tok.liuyang)).status).toBe(200);
  });
});

describe.each(ENGINES)("flows: hand-off races and the sweep (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  let token: string;
  beforeAll(async () => {
    // no run worker: the test plays the workers, ending step runs itself
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    token = await s.login("liuyang");
    await f.create(token, { name: "join", nodes: [sh("A", "true"), sh("B", "true"), sh("J", "true")], edges: [{ from: "A", to: "J" }, { from: "B", to: "J" }] });
  });
  afterAll(() => s?.close());

  /** what a worker's finishing write does, without the hand-off after it */
  const finish = (flowRunId: string, key: string) =>
    s.system.db.run("UPDATE job_runs SET status = 'succeeded', started_at = queued_at, finished_at = queued_at, output = '' WHERE flow_run_id = ? AND node_key = ?", [flowRunId, key]);
  const joinRuns = async (flowRunId: string) => Number((await s.system.db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM job_runs WHERE flow_run_id = ? AND node_key = 'J'", [flowRunId]))!.c);

  it("two upstreams ending at once start the join node exactly once", async () => {
    for (let round = 0; round < 3; round++) {
      const id = (await f.run(token, "join")).body.data.id;
      await finish(id, "A");
      await finish(id, "B");
      const steps = await s.system.db.all<{ id: string }>("SELECT id FROM job_runs WHERE flow_run_id = ? ORDER BY node_key", [id]);
      // both workers' status hooks fire at the same moment
      await Promise.all(steps.map(async (r) => s.system.flows.engine.onRun((await s.system.jobs.runs.get({ kind: "system", reason: "test", locale: "zh-CN" }, r.id)))));
      expect(await joinRuns(id)).toBe(1);
      expect(statuses(await f.getRun(token, id))).toEqual({ A: "succeeded", B: "succeeded", J: "queued" });
    }
  });

  it("a crash between a step's end and the hand-off is picked up by the sweep", async () => {
    const id = (await f.run(token, "join")).body.data.id;
    await finish(id, "A");
    await finish(id, "B");
    // nobody handed off: still queued, and the sweep leaves fresh instances alone
    expect(await s.system.flows.runs.sweep(15_000)).toBe(0);
    s.clock.advance(20_000);
    expect(await s.system.flows.runs.sweep(15_000)).toBeGreaterThanOrEqual(1);
    expect(await joinRuns(id)).toBe(1);
    expect(statuses(await f.getRun(await s.login("liuyang"), id))).toEqual({ A: "succeeded", B: "succeeded", J: "queued" });
  });
});
