import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { shellJob } from "../../jobs/jobs.testkit.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";

type Event = { action: string; actor_id: string | null; data: Record<string, unknown> };

describe.each(ENGINES)("approvals: internal hooks through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "zhoujie"]);
    for (const name of ["hook-job", "doomed-job"]) expect((await a.api("POST", "/jobs", a.tok.admin, shellJob(name, "echo hi"))).status).toBe(201);
    const flow = await a.api("POST", "/flows", a.tok.admin, { name: "hook-flow", params: { amount: "0", who: "" }, nodes: [{ key: "A", type: "shell", config: { command: "echo {params.amount}" } }] });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  });
  afterAll(() => s?.close());

  const def = (key: string, hooks: unknown[]) => ({ ...simpleDef(key, { type: "users", users: [a.ids.zhoujie] }), hooks });
  const decide = async (key: string, action: "approve" | "reject") => {
    const inst = await a.start("lina", key, { amount: 1200.5 });
    const r = await a.act("zhoujie", (await a.taskOf("zhoujie", inst.id))!, action, { comment: "ok" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (await a.get("lina", inst.id)) as { id: string; title: string; status: string; timeline: Event[] };
  };

  it("save and publish check hooks: the job or flow exists, templates read known fields, a flow declares each param; errors name hooks[i]…, nothing is stored", async () => {
    const before = await a.count("approval_definitions");
    const bad = await a.api("POST", "/approval-definitions", a.tok.admin, def("bad-hooks", [
      { on: "approved", run: { type: "job", ref: "no-such-job" }, params: {} },
      { on: "rejected", run: { type: "flow", ref: "hook-flow" }, params: { amount: "{form.nope} {instance.id}", extra: "x", who: "{initiator.password}" } },
      { on: "approved", run: { type: "script", ref: "x" }, params: {} },
    ]));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["hooks.2.run.type"]);
    const bad2 = await a.api("POST", "/approval-definitions", a.tok.admin, def("bad-hooks", [
      { on: "approved", run: { type: "job", ref: "no-such-job" }, params: {} },
      { on: "rejected", run: { type: "flow", ref: "hook-flow" }, params: { amount: "{form.nope} {instance.id}", extra: "x", who: "{initiator.password}" } },
    ]));
    expect(bad2.status).toBe(400);
    expect(bad2.body.errors).toEqual([
      { field: "hooks[0].run.ref", message: "「no-such-job」不存在或不在你的数据范围内" },
      { field: "hooks[1].params.amount", message: expect.stringContaining("{form.nope} 不可用") },
      { field: "hooks[1].params.extra", message: "流程「hook-flow」没有声明参数「extra」" },
      { field: "hooks[1].params.who", message: expect.stringContaining("{initiator.password} 不可用") },
    ]);
    expect(await a.count("approval_definitions")).toBe(before);
  });

  it("approved runs the job and rejected the flow as the system (trigger approval) with params from the instance; the timeline names the run", async () => {
    const key = await a.publish(def("hooked", [
      { on: "approved", run: { type: "job", ref: "hook-job" }, params: { amount: "{form.amount}", who: "{initiator.username}", ref: "{instance.id}|{instance.title}" } },
      { on: "rejected", run: { type: "flow", ref: "hook-flow" }, params: { amount: "{form.amount}", who: "{initiator.username}" } },
    ]));
    const ok = await decide(key, "approve");
    expect(ok.status).toBe("approved");
    const started = ok.timeline.filter((e) => e.action.startsWith("hook."));
    expect(started).toEqual([expect.objectContaining({ action: "hook.started", actor_id: null, data: expect.objectContaining({ hook: 0, type: "job", ref: "hook-job" }) })]);
    const run = (await a.api("GET", `/runs/${started[0]!.data.run_id}`, a.tok.admin)).body.data;
    expect(run).toMatchObject({ job_name: "hook-job", trigger: "approval", triggered_by: null, params: { amount: "1200.5", who: "lina", ref: `${ok.id}|${ok.title}` } });
    const audit = await a.api("GET", `/audit/logs?module=approvals&action=hooks.run&resource_id=${ok.id}`, a.tok.admin);
    expect(audit.body.data.items).toEqual([expect.objectContaining({ actor_kind: "system", actor_name: `system:approval:${ok.id}`, action_name: "审批结束后启动内部钩子" })]);

    const no = await decide(key, "reject");
    expect(no.status).toBe("rejected");
    const flowHook = no.timeline.find((e) => e.action === "hook.started")!;
    expect(flowHook.data).toMatchObject({ hook: 1, type: "flow", ref: "hook-flow" });
    const flowRun = (await a.api("GET", `/flow-runs/${flowHook.data.run_id}`, a.tok.admin)).body.data;
    expect(flowRun).toMatchObject({ flow_name: "hook-flow", trigger: "approval", triggered_by: null, params: { amount: "1200.5", who: "lina" } });
  });

  it("a hook that cannot start leaves hook.failed on the timeline and the approval stands; publishing again names the missing job", async () => {
    const key = await a.publish(def("doomed", [{ on: "approved", run: { type: "job", ref: "doomed-job" }, params: {} }]));
    expect((await a.api("DELETE", "/jobs/doomed-job", a.tok.admin)).status).toBe(200);
    const inst = await decide(key, "approve");
    expect(inst.status).toBe("approved");
    expect(inst.timeline.map((e) => e.action).slice(-2)).toEqual(["approved", "hook.failed"]);
    expect(inst.timeline.at(-1)!.data).toMatchObject({ type: "job", ref: "doomed-job", error: expect.any(String) });
    const again = await a.api("POST", `/approval-definitions/${key}/publish`, a.tok.admin);
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ field: "hooks[0].run.ref", message: "「doomed-job」不存在或不在你的数据范围内" }]);
  });
});
