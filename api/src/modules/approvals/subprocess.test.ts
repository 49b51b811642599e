import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { approvalsApi, simpleDef } from "./approvals.testkit.ts";

const PEOPLE = ["admin", "lina", "zhoujie", "zhengyu"];

describe.each(ENGINES)("approvals: subprocess nodes (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  const actions = async (id: string) => (await a.get("lina", id)).timeline.map((e: { action: string }) => e.action);
  /** start → buy (a subprocess of `child`) → finance (zhengyu) → end; the parent form has `amount` and `note` */
  const parentDef = (key: string, subprocess: Record<string, unknown>) => ({
    key, name: key,
    form: [{ key: "amount", type: "money", label: "金额", required: true }, { key: "note", type: "text", label: "说明" }],
    nodes: [
      { key: "start", type: "start" }, { key: "buy", type: "subprocess", name: "采购", subprocess },
      { key: "finance", type: "approver", name: "财务", approvers: { type: "users", users: [a.ids.zhengyu] } }, { key: "end", type: "end" },
    ],
    edges: [{ from: "start", to: "buy" }, { from: "buy", to: "finance" }, { from: "finance", to: "end" }],
  });
  let child = "";
  let parent = "";
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(PEOPLE);
    // the child: zhoujie approves; its form needs `amount` (money) and takes a `reason`
    child = await a.publish({
      ...simpleDef("sub-child", { type: "users", users: [a.ids.zhoujie] }),
      form: [{ key: "amount", type: "money", label: "金额", required: true }, { key: "reason", type: "text", label: "理由" }],
    });
    parent = await a.publish(parentDef("sub-parent", { definition: child, form: { amount: "{form.amount}", reason: "{instance.title}: {form.note}" } }));
  });
  afterAll(() => s?.close());

  it("publish checks: unknown definition, unknown child field or parent placeholder, a definition containing itself; nothing published", async () => {
    const bad = await a.api("POST", "/approval-definitions", a.tok.admin, parentDef("sub-bad", { definition: "nope" }));
    const publish = (id: string) => a.api("POST", `/approval-definitions/${id}/publish`, a.tok.admin);
    expect((await publish(bad.body.data.id)).body.errors).toEqual([expect.objectContaining({ field: "nodes[1].subprocess.definition", message: "子流程「nope」不存在或尚未发布" })]);
    await a.api("PUT", `/approval-definitions/${bad.body.data.id}`, a.tok.admin, parentDef("sub-bad", { definition: child, form: { ghost: "{form.amount}", amount: "{form.missing}" } }));
    const fields = await publish(bad.body.data.id);
    expect(fields.status).toBe(400);
    expect(fields.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["nodes[1].subprocess.form.amount", "nodes[1].subprocess.form.ghost"]);
    await a.api("PUT", `/approval-definitions/${bad.body.data.id}`, a.tok.admin, parentDef("sub-bad", { definition: "sub-bad" }));
    expect((await publish(bad.body.data.id)).body.errors).toEqual([expect.objectContaining({ field: "nodes[1].subprocess.definition", message: expect.stringContaining("包含本流程") })]);
    expect((await a.api("GET", `/approval-definitions/${bad.body.data.id}`, a.tok.admin)).body.data.published_version).toBeNull();
    // transitively: the child is republished with a subprocess of the parent → refused
    const loop = await a.api("GET", `/approval-definitions/${child}`, a.tok.admin);
    const d = loop.body.data;
    const looped = { key: d.key, name: d.name, form: d.form, nodes: [...d.nodes.slice(0, 2), { key: "again", type: "subprocess", subprocess: { definition: parent } }, d.nodes[2]],
      edges: [{ from: "start", to: "approve" }, { from: "approve", to: "again" }, { from: "again", to: "end" }] };
    expect((await a.api("PUT", `/approval-definitions/${d.id}`, a.tok.admin, looped)).status).toBe(200);
    const refused = await publish(d.id);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: "nodes[2].subprocess.definition", message: expect.stringContaining("包含本流程") })]);
    expect((await a.api("GET", `/approval-definitions/${d.id}`, a.tok.admin)).body.data.published_version).toBe(1);
  });

  it("the child starts with the mapped form; approved → the parent goes on to its next approver, exactly once", async () => {
    const p = await a.start("lina", parent, { amount: 1200, note: "笔记本" });
    const node = p.current.find((c) => c.node_key === "buy") as { child_id: string } | undefined;
    expect(node?.child_id).toBeTruthy();
    const kid = await a.get("lina", node!.child_id);
    expect(kid).toMatchObject({ parent_id: p.id, status: "pending", title: "sub-parent by lina · sub-child", initiator_id: a.ids.lina, form: { amount: 1200, reason: "sub-parent by lina: 笔记本" } });
    expect((await a.get("lina", p.id)).timeline.find((e: { action: string }) => e.action === "subprocess.started").data.child_id).toBe(kid.id);
    expect((await a.act("zhoujie", (await a.taskOf("zhoujie", kid.id))!, "approve")).status).toBe(200);
    const after = await a.get("lina", p.id);
    expect(after.status).toBe("pending");
    expect(after.current.map((c: { node_key: string }) => c.node_key)).toEqual(["finance"]);
    expect(after.timeline.filter((e: { action: string }) => e.action === "subprocess.approved")).toEqual([expect.objectContaining({ data: { child_id: kid.id } })]);
    expect(await a.taskOf("zhengyu", p.id)).toBeTruthy();
    // the child's approver was told (its notices go out after the parent's commit); the resume is audited as the system
    const told = await a.api("GET", "/notifications?type=approval.requested", a.tok.zhoujie);
    expect(told.body.data.items.filter((n: { data: { instance_id: string } }) => n.data.instance_id === kid.id)).toHaveLength(1);
    const audit = await a.api("GET", "/audit/logs?module=approvals&action=subprocess.resume", a.tok.admin);
    expect(audit.body.data.items.filter((l: { resource_id: string }) => l.resource_id === p.id)).toHaveLength(1);
    // the end path runs again (a retried hook): nothing moves twice
    await s.system.approvals.deps.ended!(await a.get("lina", kid.id));
    expect((await actions(p.id)).filter((x: string) => x.startsWith("subprocess.") || x === "assigned")).toEqual(["subprocess.started", "subprocess.approved", "assigned"]);
  });

  it("child rejected → parent rejected with the child's reason; a mapping that fails the child's form rejects the parent naming it", async () => {
    const p = await a.start("lina", parent, { amount: 50 });
    const kid = (p.current[0] as unknown as { child_id: string }).child_id;
    await a.act("zhoujie", (await a.taskOf("zhoujie", kid))!, "reject", { comment: "预算不足" });
    const got = await a.get("lina", p.id);
    expect(got.status).toBe("rejected");
    expect(got.timeline.find((e: { action: string }) => e.action === "subprocess.rejected")).toMatchObject({ comment: "预算不足", data: { child_id: kid, status: "rejected" } });
    expect(got.timeline.at(-1)).toMatchObject({ action: "rejected", comment: "预算不足" });
    // the child's form needs amount; a parent mapping only the note starts no child
    const loose = await a.publish(parentDef("sub-loose", { definition: "sub-child", form: { reason: "{form.note}" } }));
    const failed = await a.start("lina", loose, { amount: 1 });
    expect(failed.status).toBe("rejected");
    expect(failed.timeline.find((e) => e.action === "subprocess.failed")).toMatchObject({ data: { definition: "sub-child", errors: [{ field: "form.amount", message: "validation.required" }] } });
    expect(await s.system.db.get("SELECT id FROM approval_instances WHERE parent_id = ?", [failed.id])).toBeUndefined();
  });

  it("a child that ended without its parent hearing (the process died after the child's commit) is picked up by the scheduler's pass, once", async () => {
    const p = await a.start("lina", parent, { amount: 300, note: "显示器" });
    const kid = (p.current.find((c) => c.node_key === "buy") as { child_id?: string } | undefined)!.child_id;
    // the child's end committed, but its end path never ran
    await s.system.db.run("UPDATE approval_instances SET status = 'approved', finished_at = ? WHERE id = ?", [s.clock.now().toISOString(), kid]);
    expect((await a.get("lina", p.id)).current.map((c: { node_key: string }) => c.node_key)).toEqual(["buy"]);
    expect(await s.system.approvals.timeouts.resumeStranded()).toBeGreaterThanOrEqual(1);
    expect((await a.get("lina", p.id)).current.map((c: { node_key: string }) => c.node_key)).toEqual(["finance"]);
    await s.system.approvals.timeouts.resumeStranded();
    expect((await actions(p.id)).filter((x: string) => x.startsWith("subprocess.") || x === "assigned")).toEqual(["subprocess.started", "subprocess.approved", "assigned"]);
  });

  it("withdrawing the parent withdraws its open child", async () => {
    const p = await a.start("lina", parent, { amount: 9 });
    const kid = (p.current[0] as unknown as { child_id: string }).child_id;
    const w = await a.api("POST", `/approvals/${p.id}/withdraw`, a.tok.lina, { comment: "不买了" });
    expect(w.body.data.status).toBe("withdrawn");
    expect(await a.get("lina", kid)).toMatchObject({ status: "withdrawn", current: [] });
    expect(await a.taskOf("zhoujie", kid)).toBeUndefined();
    expect((await actions(p.id)).at(-1)).toBe("withdrawn");
  });

  it("BPMN: a subprocess node is a callActivity (calledElement = the key, the mapping in ops:subprocess), and comes back the same", async () => {
    const file = await s.req("GET", `/api/v1/approval-definitions/${parent}/bpmn`, { token: a.tok.admin });
    const xml = file.body as string;
    expect(xml).toContain('<bpmn:callActivity id="buy" name="采购" calledElement="sub-child">');
    expect(xml).toContain('<ops:map field="reason">{instance.title}: {form.note}</ops:map>');
    const back = await a.api("POST", "/approval-definitions/import", a.tok.admin, { xml, key: "sub-parent-copy" });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    const original = (await a.api("GET", `/approval-definitions/${parent}`, a.tok.admin)).body.data;
    expect(back.body.data.nodes).toEqual(original.nodes);
    expect(back.body.data.edges).toEqual(original.edges);
  });
});
