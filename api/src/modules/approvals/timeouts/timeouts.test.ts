import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";

const MIN = 60_000;
const PEOPLE = ["admin", "lina", "zhoujie", "zhengyu", "zhangwei"];

describe.each(ENGINES)("approvals: node timeouts on the test clock (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  const sweep = () => s.system.approvals.timeouts.sweep();
  /** time passes: tokens expire, so the next callers sign in again */
  const later = async (ms: number, users: string[] = ["lina"]) => {
    s.clock.advance(ms);
    await a.signIn(users);
  };
  const actions = async (id: string) => (await a.get("lina", id)).timeline.map((e: { action: string }) => e.action);
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(PEOPLE);
  });
  afterAll(() => s?.close());

  it("checks node.timeout when a definition is saved and published, naming the field; nothing is stored", async () => {
    const bad = simpleDef("to-bad", { type: "users", users: [a.ids.zhoujie] }, { timeout: { after_minutes: 0, action: "remind" } });
    const zero = await a.api("POST", "/approval-definitions", a.tok.admin, bad);
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0].field).toBe("nodes.1.timeout.after_minutes");
    const def = simpleDef("to-esc", { type: "users", users: [a.ids.zhoujie] }, { timeout: { after_minutes: 30, action: "escalate", escalate_to: { type: "users", users: ["ghost"] } } });
    const made = await a.api("POST", "/approval-definitions", a.tok.admin, def);
    const pub = await a.api("POST", `/approval-definitions/${made.body.data.id}/publish`, a.tok.admin);
    expect(pub.status).toBe(400);
    expect(pub.body.errors).toEqual([expect.objectContaining({ field: "nodes[1].timeout.escalate_to.users", message: "用户不存在：ghost" })]);
    def.nodes[1] = { ...def.nodes[1]!, timeout: { after_minutes: 30, action: "escalate" } } as never;
    await a.api("PUT", `/approval-definitions/${made.body.data.id}`, a.tok.admin, def);
    const noTarget = await a.api("POST", `/approval-definitions/${made.body.data.id}/publish`, a.tok.admin);
    expect(noTarget.body.errors).toEqual([expect.objectContaining({ field: "nodes[1].timeout.escalate_to", message: "超时升级须指定升级给谁" })]);
    expect((await a.api("GET", `/approval-definitions/${made.body.data.id}`, a.tok.admin)).body.data.published_version).toBeNull();
  });

  it("remind: one reminder per timeout period to the assignee", async () => {
    await a.signIn(PEOPLE);
    const key = await a.publish(simpleDef("to-remind", { type: "users", users: [a.ids.zhoujie] }, { timeout: { after_minutes: 30, action: "remind" } }));
    const inst = await a.start("lina", key);
    await later(29 * MIN, []);
    expect(await sweep()).toEqual({ remind: 0, approve: 0, reject: 0, escalate: 0 });
    await later(MIN, ["zhoujie"]);
    expect(await sweep()).toMatchObject({ remind: 1 });
    expect(await sweep()).toMatchObject({ remind: 0 });
    const inbox = await a.api("GET", "/notifications?type=approval.reminded", a.tok.zhoujie);
    expect(inbox.body.data.items.filter((n: { data: { instance_id: string } }) => n.data.instance_id === inst.id)).toHaveLength(1);
    await later(30 * MIN);
    expect(await sweep()).toMatchObject({ remind: 1 });
    expect((await actions(inst.id)).filter((x: string) => x === "timeout")).toHaveLength(2);
    expect((await a.get("lina", inst.id)).status).toBe("pending");
  });

  it("approve / reject: decided by the system through the engine (timeline, audit as system), exactly once across concurrent sweeps", async () => {
    await a.signIn(PEOPLE);
    const yes = await a.start("lina", await a.publish(simpleDef("to-yes", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }, { timeout: { after_minutes: 60, action: "approve" } })));
    const no = await a.start("lina", await a.publish(simpleDef("to-no", { type: "users", users: [a.ids.zhoujie] }, { timeout: { after_minutes: 60, action: "reject" } })));
    await later(60 * MIN, ["lina", "zhengyu", "admin"]);
    const passes = await Promise.all([sweep(), sweep(), sweep()]);
    expect(passes.reduce((n, p) => n + p.approve, 0)).toBe(1);
    expect(passes.reduce((n, p) => n + p.reject, 0)).toBe(1);
    const got = await a.get("lina", yes.id);
    expect(got.status).toBe("approved");
    expect(got.timeline.filter((e: { action: string }) => e.action === "approve")).toEqual([expect.objectContaining({ actor_id: null, comment: "超时自动同意" })]);
    const rejected = await a.get("lina", no.id);
    expect(rejected.status).toBe("rejected");
    expect(rejected.timeline.at(-1)).toMatchObject({ action: "rejected", comment: "超时自动拒绝" });
    // the other or-sign approver's click: already decided
    const other = await s.system.db.get<{ id: string }>("SELECT id FROM approval_tasks WHERE instance_id = ? AND assignee_id = ?", [yes.id, a.ids.zhengyu]);
    expect((await a.act("zhengyu", other!.id, "approve")).status).toBe(409);
    const audit = await a.api("GET", "/audit/logs?module=approvals&action=tasks.timeout&page_size=50", a.tok.admin);
    const decided = audit.body.data.items.filter((l: { after: { timeout: string } }) => ["approve", "reject"].includes(l.after.timeout));
    expect(decided.map((l: { actor_name: string }) => l.actor_name)).toEqual(["system:approval-timeout", "system:approval-timeout"]);
  });

  it("escalate: the task goes to escalate_to (relation escalate), who decides it", async () => {
    await a.signIn(PEOPLE);
    const key = await a.publish(simpleDef("to-up", { type: "users", users: [a.ids.zhoujie] }, {
      timeout: { after_minutes: 120, action: "escalate", escalate_to: { type: "users", users: [a.ids.zhangwei] } },
    }));
    const inst = await a.start("lina", key);
    const old = (await a.taskOf("zhoujie", inst.id))!;
    await later(120 * MIN, ["lina", "zhoujie", "zhangwei"]);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    expect(await sweep()).toMatchObject({ escalate: 0 });
    expect(await a.taskOf("zhoujie", inst.id)).toBeUndefined();
    const todo = (await a.api("GET", "/approval-tasks?box=todo", a.tok.zhangwei)).body.data.items.find((x: { instance_id: string }) => x.instance_id === inst.id);
    expect(todo).toMatchObject({ relation: "escalate", node_key: "approve" });
    expect((await a.act("zhoujie", old, "approve")).status).toBe(409);
    expect((await a.act("zhangwei", todo.id, "approve")).status).toBe(200);
    expect((await a.get("lina", inst.id)).status).toBe("approved");
  });
});
