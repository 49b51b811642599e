import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { GATE_GRACE_MS } from "./approval-gate-sweep.ts";
import { flowsApi, sh, statuses } from "./flows.testkit.ts";

const gateDef = (key: string, users: string[]) => ({
  key, name: key, form: [{ key: "amount", type: "money", label: "金额", required: false }],
  nodes: [{ key: "start", type: "start" }, { key: "approve", type: "approver", name: "审批", approvers: { type: "users", users }, mode: "or" }, { key: "end", type: "end" }],
  edges: [{ from: "start", to: "approve" }, { from: "approve", to: "end" }],
});

describe.each(ENGINES)("flows: the approval-gate sweep after a crash (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, user: string, body?: unknown) => s.req(method, `/api/v1${path}`, { token: tok[user], body });
  const sweep = () => s.system.flows.sweepGates();
  const gateRow = (runId: string) =>
    s.system.db.get<{ status: string; approval_id: string | null }>("SELECT status, approval_id FROM flow_run_nodes WHERE flow_run_id = ? AND node_key = 'gate'", [runId]);
  const approvalsOfRun = async (runId: string) =>
    (await s.system.db.all<{ id: string }>("SELECT id FROM approval_instances WHERE source_ref = ?", [`flow-gate:${runId}:gate`])).map((r) => r.id);
  const approve = async (approvalId: string, comment: string) => {
    const todo = await api("GET", "/approval-tasks?box=todo&page_size=100", "zhoujie");
    const task = todo.body.data.items.find((t: { instance_id: string }) => t.instance_id === approvalId);
    expect((await api("POST", `/approval-tasks/${task.id}/approve`, "zhoujie", { comment })).status).toBe(200);
  };

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    for (const u of ["admin", "liuyang", "zhoujie"]) {
      tok[u] = await s.login(u);
      ids[u] = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [u]))!.id;
    }
    await s.system.jobs.start({ worker: { concurrency: 4 }, scheduler: false });
    const c = await api("POST", "/approval-definitions", "admin", gateDef("sweep-gate", [ids.zhoujie!]));
    expect((await api("POST", `/approval-definitions/${c.body.data.id}/publish`, "admin")).status).toBe(200);
    const flow = await f.create(tok.liuyang!, {
      name: "gated-sweep", params: { version: "1.0" },
      nodes: [{ key: "gate", type: "wait", approval: { definition: "sweep-gate", title: "发布 {params.version}" } }, sh("deploy", "echo deployed")],
      edges: [{ from: "gate", to: "deploy" }],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(() => s?.close());

  it("a gate reached whose approval never started (the process died): after the grace the sweep starts it once, however many sweeps run, and the late original start finds the same approval", async () => {
    const gate = s.system.flows.deps.approvalGate!;
    const realStart = gate.start.bind(gate);
    const called = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    // the first start stalls forever as far as the flow can tell: the process "died" after the hand-off committed
    let first = true;
    gate.start = async (input) => {
      if (!first) return realStart(input);
      first = false;
      called.resolve();
      await release.promise;
      return realStart(input);
    };
    try {
      const request = f.run(tok.liuyang!, "gated-sweep", { version: "2.0" });
      await called.promise;
      const runId = (await s.system.db.get<{ flow_run_id: string }>(
        "SELECT flow_run_id FROM flow_run_nodes WHERE node_key = 'gate' AND status = 'waiting' AND approval_id IS NULL",
      ))!.flow_run_id;
      // within the grace the hand-off may still be starting it: left alone
      expect(await sweep()).toEqual({ reopened: 0, applied: 0 });
      expect(await approvalsOfRun(runId)).toEqual([]);
      s.clock.advance(GATE_GRACE_MS + 1000);
      // two processes' sweeps at once: one approval
      const passes = await Promise.all([sweep(), sweep()]);
      expect(passes.reduce((n, p) => n + p.reopened, 0)).toBeGreaterThanOrEqual(1);
      const started = await approvalsOfRun(runId);
      expect(started).toHaveLength(1);
      expect(await gateRow(runId)).toEqual({ status: "waiting", approval_id: started[0] });
      expect((await api("GET", `/approvals/${started[0]}`, "admin")).body.data).toMatchObject({ title: "发布 2.0", initiator_id: ids.liuyang, status: "pending" });
      // the original start comes back late: same approval, the node keeps its id
      release.resolve();
      expect((await request).status).toBe(201);
      expect(await approvalsOfRun(runId)).toEqual(started);
      expect((await gateRow(runId))!.approval_id).toBe(started[0]);
      expect(await sweep()).toEqual({ reopened: 0, applied: 0 });
      await approve(started[0]!, "补发");
      const done = await f.waitFinal(runId);
      expect(statuses(done)).toEqual({ gate: "succeeded", deploy: "succeeded" });
    } finally {
      gate.start = realStart;
      release.resolve();
    }
  }, 60_000);

  it("an approval that ended while no flow process heard of it is applied by the next sweep", async () => {
    const r = await f.run(tok.liuyang!, "gated-sweep", { version: "3.0" });
    expect(r.status).toBe(201);
    const runId = r.body.data.id as string;
    const waiting = await f.waitUntil(runId, (x) => !!x.nodes.find((n) => n.key === "gate")?.approval_id);
    const approvalId = waiting.nodes.find((n) => n.key === "gate")!.approval_id!;
    // the end listener never runs (the process died right after the approval's commit)
    const flows = s.system.flows;
    const listener = flows.approvalEnded;
    flows.approvalEnded = async () => {};
    try {
      await approve(approvalId, "可以发布");
    } finally {
      flows.approvalEnded = listener;
    }
    expect((await api("GET", `/approvals/${approvalId}`, "admin")).body.data.status).toBe("approved");
    expect(await gateRow(runId)).toEqual({ status: "waiting", approval_id: approvalId });
    s.clock.advance(GATE_GRACE_MS + 1000);
    expect(await sweep()).toEqual({ reopened: 0, applied: 1 });
    const done = await f.waitFinal(runId);
    expect(statuses(done)).toEqual({ gate: "succeeded", deploy: "succeeded" });
    expect(done.nodes.find((n) => n.key === "gate")).toMatchObject({ decided_by: ids.zhoujie, comment: "可以发布" });
    expect(await sweep()).toEqual({ reopened: 0, applied: 0 });
  }, 60_000);
});
