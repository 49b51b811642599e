import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { flowsApi, sh, statuses } from "./flows.testkit.ts";

/** start → approve (the named users, or-sign) → end: what a gate asks for, built through the approvals API. */
const gateDef = (key: string, users: string[]) => ({
  key, name: key, form: [{ key: "amount", type: "money", label: "金额", required: false }],
  nodes: [{ key: "start", type: "start" }, { key: "approve", type: "approver", name: "审批", approvers: { type: "users", users }, mode: "or" }, { key: "end", type: "end" }],
  edges: [{ from: "start", to: "approve" }, { from: "approve", to: "end" }],
});

/** The few approvals calls the gate tests make (another module's testkit is not imported). */
function approvalsOf(s: TestSystem) {
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, token: string | undefined, body?: unknown) => s.req(method, `/api/v1${path}`, { token, body });
  return {
    tok, ids, api,
    async signIn(users: string[]) {
      for (const u of users) {
        tok[u] = await s.login(u);
        ids[u] = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [u]))!.id;
      }
    },
    async publish(def: Record<string, unknown>) {
      const c = await api("POST", "/approval-definitions", tok.admin, def);
      expect((await api("POST", `/approval-definitions/${c.body.data.id}/publish`, tok.admin)).status).toBe(200);
    },
    get: async (user: string, id: string) => (await api("GET", `/approvals/${id}`, tok[user])).body.data,
    async taskOf(user: string, instanceId: string): Promise<string | undefined> {
      const r = await api("GET", "/approval-tasks?box=todo&page_size=100", tok[user]);
      return r.body.data.items.find((t: { instance_id: string }) => t.instance_id === instanceId)?.id;
    },
    act: (user: string, taskId: string, action: string, body: Record<string, unknown> = {}) => api("POST", `/approval-tasks/${taskId}/${action}`, tok[user], body),
  };
}

describe.each(ENGINES)("flows: a wait node as an approval gate, through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let f: ReturnType<typeof flowsApi>;
  let a: ReturnType<typeof approvalsOf>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    f = flowsApi(s);
    a = approvalsOf(s);
    await a.signIn(["admin", "liuyang", "zhoujie"]);
    await s.system.jobs.start({ worker: { concurrency: 4 }, scheduler: false });
    await a.publish(gateDef("release-gate", [a.ids.zhoujie!]));
    const draft = await a.api("POST", "/approval-definitions", a.tok.admin, gateDef("draft-gate", [a.ids.zhoujie!]));
    expect(draft.status).toBe(201);
    const flow = await f.create(a.tok.liuyang!, {
      name: "gated-release", params: { version: "1.0", amount: 0 },
      nodes: [
        { key: "gate", type: "wait", name: "发布审批", approval: { definition: "release-gate", title: "发布 {params.version}", form: { amount: "{params.amount}" } } },
        sh("deploy", "echo deployed {params.version}"),
      ],
      edges: [{ from: "gate", to: "deploy" }],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(() => s?.close());

  const gateOf = (run: { nodes: Array<{ key: string; status: string; approval_id?: string | null }> }) => run.nodes.find((n) => n.key === "gate")!;
  /** Starts a run and answers it with its gate's approval started. */
  async function startGated(params: Record<string, unknown>) {
    const r = await f.run(a.tok.liuyang!, "gated-release", params);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const run = await f.waitUntil(r.body.data.id, (x) => !!gateOf(x).approval_id);
    expect(run.status).toBe("waiting");
    return { run, approvalId: gateOf(run).approval_id! };
  }

  it("save checks name nodes[i].approval…: not a wait node, unknown or unpublished definition, a field the form lacks, an unknown initiator", async () => {
    const r = await f.create(a.tok.liuyang!, {
      name: "bad-gates",
      nodes: [
        { key: "a", type: "wait", approval: { definition: "no-such-def" } },
        { key: "b", type: "wait", approval: { definition: "draft-gate" } },
        { key: "c", type: "wait", approval: { definition: "release-gate", form: { nope: "x", amount: "{params.missing}" }, initiator: "ghost" } },
        { ...sh("d", "echo"), approval: { definition: "release-gate" } },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: "nodes[0].approval.definition", message: "审批定义「no-such-def」不存在" },
      { field: "nodes[1].approval.definition", message: "审批定义「draft-gate」尚未发布或已归档" },
      { field: "nodes[2].approval.form.nope", message: "审批定义「release-gate」的表单没有字段「nope」" },
      { field: "nodes[2].approval.form.amount", message: expect.stringContaining("{params.missing}") },
      { field: "nodes[2].approval.initiator", message: "发起人「ghost」不存在或已停用" },
      { field: "nodes[3].approval", message: "只有等待节点可以作为审批关卡" },
    ]);
  });

  it("reaching the gate starts an approval as the run's user; approved → the node succeeds and the run goes on; no manual continue", async () => {
    const { run, approvalId } = await startGated({ version: "1.2", amount: 1200 });
    const approval = await a.get("admin", approvalId);
    expect(approval).toMatchObject({ status: "pending", title: "发布 1.2", form: { amount: 1200 }, initiator_id: a.ids.liuyang, definition_key: "release-gate" });
    const manual = await f.api("POST", `/flow-runs/${run.id}/nodes/gate/continue`, a.tok.liuyang, { decision: "continue" });
    expect(manual.status).toBe(409);
    expect(manual.body.message).toBe(`节点 gate 由审批 ${approvalId} 决定，不能手动继续或驳回`);
    expect((await a.act("zhoujie", (await a.taskOf("zhoujie", approvalId))!, "approve", { comment: "上线吧" })).status).toBe(200);
    const done = await f.waitFinal(run.id);
    expect(done.status).toBe("succeeded");
    expect(statuses(done)).toEqual({ gate: "succeeded", deploy: "succeeded" });
    expect(gateOf(done)).toMatchObject({ approval_id: approvalId, decided_by: a.ids.zhoujie, comment: "上线吧" });
  });

  it("rejected → the node fails and downstream follows its rule; cancelling a run withdraws its approval", async () => {
    const rejected = await startGated({ version: "1.3" });
    expect((await a.act("zhoujie", (await a.taskOf("zhoujie", rejected.approvalId))!, "reject", { comment: "不行" })).status).toBe(200);
    const failed = await f.waitFinal(rejected.run.id);
    expect(failed.status).toBe("failed");
    expect(statuses(failed)).toEqual({ gate: "failed", deploy: "upstream_failed" });
    expect(gateOf(failed)).toMatchObject({ error: "approval rejected", decided_by: a.ids.zhoujie });

    const cancelled = await startGated({ version: "1.4" });
    expect((await f.api("POST", `/flow-runs/${cancelled.run.id}/cancel`, a.tok.liuyang)).status).toBe(200);
    const withdrawn = await a.get("admin", cancelled.approvalId);
    expect(withdrawn.status).toBe("withdrawn");
    expect(withdrawn.timeline.at(-1)).toMatchObject({ action: "withdrawn", actor_id: null, comment: "流程运行已被取消" });
    expect(await a.taskOf("zhoujie", cancelled.approvalId)).toBeUndefined();
    expect(gateOf(await f.getRun(a.tok.liuyang!, cancelled.run.id)).status).toBe("cancelled");
  });
});
