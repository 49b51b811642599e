import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { approvalsApi, simpleDef } from "./approvals.testkit.ts";

const PEOPLE = ["admin", "lina", "wangfang", "zhoujie", "zhengyu", "zhangwei", "liuyang", "chenjing", "luoting"];

describe.each(ENGINES)("approvals: modes and actions through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(PEOPLE);
  });
  afterAll(() => s?.close());

  it("or-sign: the first approval decides, the other approver gets 409 naming who and when, strangers 403; timeline, notices, audit", async () => {
    const key = await a.publish(simpleDef("or-sign", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }));
    const inst = await a.start("lina", key, { amount: 120.5 });
    expect(inst.status).toBe("pending");
    expect(inst.current[0]!.tasks.map((x) => x.assignee_id).sort()).toEqual([a.ids.zhoujie, a.ids.zhengyu].sort());
    const mine = (await a.taskOf("zhoujie", inst.id))!;
    const other = (await a.taskOf("zhengyu", inst.id))!;
    // not yours: 403 (a decider who is not the assignee) and nothing changes
    expect((await a.act("liuyang", mine, "approve")).status).toBe(403);
    expect((await a.act("lina", mine, "approve")).status).toBe(403);
    const ok = await a.act("zhoujie", mine, "approve", { comment: "同意" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toMatchObject({ status: "approved", instance_status: "approved", decided_by_name: "周杰" });
    const late = await a.act("zhengyu", other, "approve");
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/^已由 周杰 于 \d\d:\d\d 处理$/);
    const again = await a.act("zhoujie", mine, "reject");
    expect(again.body.message).toMatch(/^已由 周杰 于 \d\d:\d\d 同意$/);
    const got = await a.get("lina", inst.id);
    expect(got.status).toBe("approved");
    expect(got.timeline.map((e: { action: string }) => e.action)).toEqual(["submit", "assigned", "approve", "approved"]);
    expect(got.timeline[2]).toMatchObject({ actor_name: "周杰", comment: "同意" });
    const inbox = await a.api("GET", "/notifications?type=approval.requested", a.tok.zhengyu);
    expect(inbox.body.data.items.find((n: { data: { instance_id: string } }) => n.data.instance_id === inst.id)?.data).toMatchObject({
      card: "approval", task_id: other, title: "or-sign by lina", requester: "李娜", kind: "or-sign", status: "pending", step: { current: 1, total: 1, name: "审批" },
      details: [{ label: "金额", value: "120.5" }], link: `/approvals/${inst.id}`,
    });
    const decided = await a.api("GET", "/notifications?type=approval.decided", a.tok.lina);
    expect(decided.body.data.items.some((n: { data: { instance_id: string; status: string } }) => n.data.instance_id === inst.id && n.data.status === "approved")).toBe(true);
    const audit = await a.api("GET", `/audit/logs?module=approvals&resource_id=${inst.id}`, a.tok.admin);
    const approveLog = audit.body.data.items.find((l: { action: string }) => l.action === "tasks.approve");
    expect(approveLog).toMatchObject({ action_name: "同意审批", actor_name: "zhoujie", before: { status: "pending" }, after: { status: "approved", open_tasks: [] } });
    expect(approveLog.before.open_tasks).toHaveLength(2);
  });

  it("10 concurrent approvals of one task: one transition, nine 409", async () => {
    const key = await a.publish(simpleDef("race", { type: "users", users: [a.ids.zhoujie] }));
    const inst = await a.start("lina", key);
    const task = (await a.taskOf("zhoujie", inst.id))!;
    const replies = await Promise.all(Array.from({ length: 10 }, () => a.act("zhoujie", task, "approve")));
    expect(replies.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const got = await a.get("lina", inst.id);
    expect(got.timeline.filter((e: { action: string }) => e.action === "approve")).toHaveLength(1);
    expect(got.timeline.filter((e: { action: string }) => e.action === "approved")).toHaveLength(1);
  });

  it("countersign needs all, ratio needs its share, sequential goes one after another", async () => {
    const three = [a.ids.zhoujie, a.ids.zhengyu, a.ids.zhangwei];
    const and = await a.start("lina", await a.publish(simpleDef("all", { type: "users", users: three.slice(0, 2) }, { mode: "and" })));
    await a.act("zhoujie", (await a.taskOf("zhoujie", and.id))!, "approve");
    expect((await a.get("lina", and.id)).status).toBe("pending");
    await a.act("zhengyu", (await a.taskOf("zhengyu", and.id))!, "approve");
    expect((await a.get("lina", and.id)).status).toBe("approved");

    const ratio = await a.start("lina", await a.publish(simpleDef("share", { type: "users", users: three }, { mode: "ratio", ratio: 60 })));
    await a.act("zhoujie", (await a.taskOf("zhoujie", ratio.id))!, "approve");
    await a.act("zhengyu", (await a.taskOf("zhengyu", ratio.id))!, "reject", { comment: "贵了" });
    expect((await a.get("lina", ratio.id)).status).toBe("pending");
    await a.act("zhangwei", (await a.taskOf("zhangwei", ratio.id))!, "approve");
    expect((await a.get("lina", ratio.id)).status).toBe("approved");

    const seq = await a.start("lina", await a.publish(simpleDef("one-by-one", { type: "users", users: three.slice(0, 2) }, { mode: "sequential" })));
    expect(await a.taskOf("zhengyu", seq.id)).toBeUndefined();
    const waiting = (await s.system.db.get<{ id: string }>("SELECT id FROM approval_tasks WHERE instance_id = ? AND status = 'waiting'", [seq.id]))!.id;
    const early = await a.act("zhengyu", waiting, "approve");
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(t("zh-CN", "approvals.task_waiting"));
    await a.act("zhoujie", (await a.taskOf("zhoujie", seq.id))!, "approve");
    expect((await a.get("lina", seq.id)).status).toBe("pending");
    await a.act("zhengyu", (await a.taskOf("zhengyu", seq.id))!, "approve");
    expect((await a.get("lina", seq.id)).status).toBe("approved");
  });

  it("condition branches on the form, dept heads up the tree, reject to previous, dedupe of the initiator", async () => {
    const key = await a.publish({
      key: "leave-t", name: "请假", form: [{ key: "days", type: "number", label: "天数", required: true }],
      nodes: [
        { key: "start", type: "start" }, { key: "head", type: "approver", approvers: { type: "dept_head", level: 1 } }, { key: "long", type: "condition" },
        { key: "manager", type: "approver", approvers: { type: "dept_head", level: 2 } }, { key: "end", type: "end" },
      ],
      edges: [{ from: "start", to: "head" }, { from: "head", to: "long" }, { from: "long", to: "manager", condition: "form.days > 3" }, { from: "long", to: "end" }, { from: "manager", to: "end" }],
    });
    const short = await a.start("lina", key, { days: 2 });
    await a.act("zhoujie", (await a.taskOf("zhoujie", short.id))!, "approve");
    expect((await a.get("lina", short.id)).status).toBe("approved");

    const long = await a.start("lina", key, { days: 5 });
    await a.act("zhoujie", (await a.taskOf("zhoujie", long.id))!, "approve");
    const top = (await a.taskOf("zhangwei", long.id))!;
    expect(top).toBeDefined();
    // a node not yet passed is no target; nothing changes
    expect((await a.act("zhangwei", top, "reject", { to: "end2" })).body.errors).toEqual([{ field: "to", message: t("zh-CN", "approvals.reject_target_invalid", { to: "end2" }) }]);
    expect((await a.act("zhangwei", top, "reject", { to: "previous", comment: "补充材料" })).status).toBe(200);
    const again = (await a.taskOf("zhoujie", long.id))!;
    await a.act("zhoujie", again, "approve");
    await a.act("zhangwei", (await a.taskOf("zhangwei", long.id))!, "approve");
    const done = await a.get("lina", long.id);
    expect(done.status).toBe("approved");
    expect(done.timeline.map((e: { action: string }) => e.action)).toContain("sent_back");

    // zhoujie heads ops1: as initiator he is his own first approver, passed automatically
    const own = await a.start("zhoujie", key, { days: 4 });
    expect(own.timeline.map((e) => e.action)).toContain("auto_approved");
    expect(await a.taskOf("zhangwei", own.id)).toBeDefined();

    const rejected = await a.start("lina", key, { days: 1 });
    await a.act("zhoujie", (await a.taskOf("zhoujie", rejected.id))!, "reject", { comment: "不批" });
    expect((await a.get("lina", rejected.id)).status).toBe("rejected");
  });

  it("transfer, add an approver before and after", async () => {
    const inst = await a.start("lina", await a.publish(simpleDef("handover", { type: "users", users: [a.ids.zhoujie] })));
    const first = (await a.taskOf("zhoujie", inst.id))!;
    expect((await a.act("zhoujie", first, "transfer", { to_user: a.ids.zhoujie })).body.errors[0].field).toBe("to_user");
    expect((await a.act("zhoujie", first, "transfer", { to_user: a.ids.zhengyu, comment: "出差" })).status).toBe(200);
    expect((await a.act("zhoujie", first, "approve")).body.message).toMatch(/^已由 周杰 于 .* 转交$/);
    const second = (await a.taskOf("zhengyu", inst.id))!;
    expect((await a.act("zhengyu", second, "add-approver", { user: a.ids.zhangwei, position: "before" })).status).toBe(200);
    expect(await a.taskOf("zhengyu", inst.id)).toBeUndefined();
    await a.act("zhangwei", (await a.taskOf("zhangwei", inst.id))!, "approve");
    expect(await a.taskOf("zhengyu", inst.id)).toBe(second);
    expect((await a.act("zhengyu", second, "add-approver", { user: a.ids.liuyang, position: "after" })).status).toBe(200);
    await a.act("zhengyu", second, "approve");
    expect((await a.get("lina", inst.id)).status).toBe("pending");
    await a.act("liuyang", (await a.taskOf("liuyang", inst.id))!, "approve");
    expect((await a.get("lina", inst.id)).status).toBe("approved");
  });

  it("parallel split and join, CC with read tracking, boxes with counts", async () => {
    const key = await a.publish({
      key: "both-sides", name: "双线", form: [],
      nodes: [
        { key: "start", type: "start" }, { key: "split", type: "parallel" }, { key: "a", type: "approver", approvers: { type: "users", users: [a.ids.zhoujie] } },
        { key: "b", type: "approver", approvers: { type: "users", users: [a.ids.zhengyu] } }, { key: "join", type: "join" },
        { key: "copy", type: "cc", cc: { type: "users", users: [a.ids.chenjing] } }, { key: "end", type: "end" },
      ],
      edges: [{ from: "start", to: "split" }, { from: "split", to: "a" }, { from: "split", to: "b" }, { from: "a", to: "join" }, { from: "b", to: "join" }, { from: "join", to: "copy" }, { from: "copy", to: "end" }],
    });
    const inst = await a.start("wangfang", key);
    expect(inst.current.map((c) => c.node_key).sort()).toEqual(["a", "b"]);
    await a.act("zhoujie", (await a.taskOf("zhoujie", inst.id))!, "approve");
    expect((await a.get("wangfang", inst.id)).status).toBe("pending");
    // branch a is done, but sending b's decision back into a branch would leave the join waiting for ever
    const intoBranch = await a.act("zhengyu", (await a.taskOf("zhengyu", inst.id))!, "reject", { to: "a" });
    expect(intoBranch.body.errors).toEqual([{ field: "to", message: t("zh-CN", "approvals.reject_target_in_branch", { to: "a" }) }]);
    await a.act("zhengyu", (await a.taskOf("zhengyu", inst.id))!, "approve");
    expect((await a.get("wangfang", inst.id)).status).toBe("approved");
    const cc = await a.api("GET", "/approval-tasks?box=cc", a.tok.chenjing);
    const copy = cc.body.data.items.find((x: { instance_id: string }) => x.instance_id === inst.id);
    expect(copy).toMatchObject({ kind: "cc", status: "unread" });
    const unread = cc.body.data.counts.cc;
    expect((await a.act("chenjing", copy.id, "read")).body.data.status).toBe("read");
    expect((await a.api("GET", "/approval-tasks?box=cc", a.tok.chenjing)).body.data.counts.cc).toBe(unread - 1);
    const done = await a.api("GET", "/approval-tasks?box=done", a.tok.zhoujie);
    expect(done.body.data.items.some((x: { instance_id: string }) => x.instance_id === inst.id)).toBe(true);
    const mine = await a.api("GET", "/approval-tasks?box=mine", a.tok.wangfang);
    expect(mine.body.data.items.every((x: { initiator_id: string }) => x.initiator_id === a.ids.wangfang)).toBe(true);
    expect(mine.body.data.counts).toEqual(expect.objectContaining({ todo: 0 }));
  });

  it("withdraw by the initiator only, urge rate-limited per task, comments on the timeline", async () => {
    const key = await a.publish(simpleDef("nudge", { type: "users", users: [a.ids.zhoujie] }));
    const inst = await a.start("lina", key);
    const task = (await a.taskOf("zhoujie", inst.id))!;
    expect((await a.act("lina", task, "urge")).status).toBe(200);
    const again = await a.act("lina", task, "urge");
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await a.act("wangfang", task, "urge")).status).toBe(403);
    s.clock.advance(10 * 60_000);
    expect((await a.act("lina", task, "urge")).status).toBe(200);
    const urged = await a.api("GET", "/notifications?type=approval.urged", a.tok.zhoujie);
    expect(urged.body.data.items.filter((n: { data: { instance_id: string } }) => n.data.instance_id === inst.id)).toHaveLength(2);
    expect((await a.api("POST", `/approvals/${inst.id}/comments`, a.tok.zhoujie, { text: "请补充报价单" })).status).toBe(200);
    expect((await a.api("POST", `/approvals/${inst.id}/withdraw`, a.tok.zhoujie, {})).status).toBe(403);
    const w = await a.api("POST", `/approvals/${inst.id}/withdraw`, a.tok.lina, { comment: "不需要了" });
    expect(w.body.data.status).toBe("withdrawn");
    expect(w.body.data.timeline.map((e: { action: string }) => e.action)).toEqual(["submit", "assigned", "urge", "urge", "comment", "withdrawn"]);
    expect((await a.act("zhoujie", task, "approve")).status).toBe(409);
    expect((await a.api("POST", `/approvals/${inst.id}/withdraw`, a.tok.lina, {})).status).toBe(409);
    const locked = await a.start("lina", await a.publish({ ...simpleDef("no-withdraw", { type: "users", users: [a.ids.zhoujie] }), settings: { allow_withdraw: false } }));
    expect((await a.api("POST", `/approvals/${locked.id}/withdraw`, a.tok.lina, {})).status).toBe(409);
  });

  it("comments carry attachments (blob store), readable by participants only; a bad file stores nothing", async () => {
    const inst = await a.start("lina", await a.publish(simpleDef("with-files", { type: "users", users: [a.ids.zhoujie] })));
    const before = await a.count("approval_events");
    const bad = await a.commentWithFiles("lina", inst.id, "报价单", [{ name: "ok.txt", type: "text/plain", bytes: "a" }, { name: "run.exe", type: "application/x-msdownload", bytes: "MZ" }]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "files[1]", message: t("zh-CN", "approvals.attachment_type", { mime: "application/x-msdownload" }) }]);
    expect(await a.count("approval_events")).toBe(before);
    const r = await a.commentWithFiles("lina", inst.id, "报价单见附件", [{ name: "报价单.csv", type: "text/csv", bytes: "item,price\nscreen,1800\n" }]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const last = r.body.data.timeline.at(-1);
    expect(last).toMatchObject({ action: "comment", comment: "报价单见附件", actor_name: "李娜" });
    const file = last.data.attachments[0];
    expect(file).toMatchObject({ name: "报价单.csv", type: "text/csv", size: 23 });
    const got = await a.download("zhoujie", inst.id, file.id);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe("item,price\nscreen,1800\n");
    expect(got.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    expect((await a.download("wangfang", inst.id, file.id)).status).toBe(404);
    expect((await a.api("POST", `/approvals/${inst.id}/comments`, a.tok.wangfang, { text: "路过" })).status).toBe(404);
  });

  it("nobody resolves: auto pass, to the admins, reject; initiator-chosen and form-field approvers", async () => {
    const disabled = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'huangmin'"))!.id;
    const pass = await a.start("lina", await a.publish(simpleDef("empty-pass", { type: "users", users: [disabled] }, { on_empty: "auto_pass" })));
    expect(pass.status).toBe("approved");
    const admin = await a.start("lina", await a.publish(simpleDef("empty-admin", { type: "users", users: [disabled] }, { on_empty: "to_admin" })));
    expect(await a.taskOf("admin", admin.id)).toBeDefined();
    const reject = await a.start("lina", await a.publish(simpleDef("empty-reject", { type: "users", users: [disabled] }, { on_empty: "reject" })));
    expect(reject.status).toBe("rejected");
    const chosenKey = await a.publish(simpleDef("chosen", { type: "initiator_select" }));
    const missing = await a.api("POST", "/approvals", a.tok.lina, { definition: chosenKey, title: "x", form: {} });
    expect(missing.body.errors[0].field).toBe("approvers.approve");
    const chosen = await a.start("lina", chosenKey, {}, { approvers: { approve: [a.ids.luoting] } });
    expect(await a.taskOf("luoting", chosen.id)).toBeDefined();
    const byField = await a.publish({ ...simpleDef("by-field", { type: "form_field", field: "owner" }), form: [{ key: "owner", type: "user", label: "负责人", required: true }] });
    const f = await a.start("lina", byField, { owner: a.ids.zhengyu });
    expect(await a.taskOf("zhengyu", f.id)).toBeDefined();
  });
});

describe.each(ENGINES)("approvals: definitions and bad input (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "zhoujie"]);
  });
  afterAll(() => s?.close());

  it("refuses unpublishable graphs naming the field, and stores nothing", async () => {
    // the built-in definitions (config-release) are published at start: count versions from here
    const versionsBefore = await a.count("approval_definition_versions");
    const base = simpleDef("bad", { type: "users", users: [a.ids.zhoujie] });
    const disabled = (await s.system.db.get<{ id: string }>("SELECT id FROM users WHERE username = 'huangmin'"))!.id;
    const created = await a.api("POST", "/approval-definitions", a.tok.admin, base);
    const id = created.body.data.id;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...base, nodes: [...base.nodes, { key: "lost", type: "approver", approvers: { type: "initiator" } }], edges: [...base.edges, { from: "lost", to: "end" }] }, "nodes[3]", t("zh-CN", "approvals.node_unreachable", { key: "lost" })],
      [{ ...base, edges: [{ from: "start", to: "approve" }] }, "nodes[1]", t("zh-CN", "approvals.node_dead_end", { key: "approve" })],
      [{ ...base, nodes: [base.nodes[0], { key: "c", type: "condition" }, base.nodes[1], base.nodes[2]], edges: [{ from: "start", to: "c" }, { from: "c", to: "approve", condition: "form.amount > 1" }, { from: "approve", to: "end" }] }, "nodes[1]", t("zh-CN", "approvals.condition_no_default", { key: "c" })],
      [{ ...base, nodes: [base.nodes[0], { key: "approve", type: "approver", approvers: { type: "users", users: [] } }, base.nodes[2]] }, "nodes[1].approvers.users", t("zh-CN", "approvals.rule_users_empty")],
      [{ ...base, nodes: [base.nodes[0], { key: "approve", type: "approver", approvers: { type: "role", role: "no_such_role" } }, base.nodes[2]] }, "nodes[1].approvers.role", t("zh-CN", "approvals.rule_role_unknown", { role: "no_such_role" })],
      [{ ...base, nodes: [base.nodes[0], { key: "approve", type: "approver", approvers: { type: "form_field", field: "amount" } }, base.nodes[2]] }, "nodes[1].approvers.field", t("zh-CN", "approvals.rule_field_not_user", { key: "amount" })],
      // only a disabled person: nobody would approve, and the node does not say what happens then
      [{ ...base, nodes: [base.nodes[0], { key: "approve", type: "approver", approvers: { type: "users", users: [disabled] } }, base.nodes[2]] }, "nodes[1].approvers", t("zh-CN", "approvals.rule_resolves_nobody")],
    ];
    for (const [body, field, message] of cases) {
      expect((await a.api("PUT", `/approval-definitions/${id}`, a.tok.admin, body)).status).toBe(200);
      const r = await a.api("POST", `/approval-definitions/${id}/publish`, a.tok.admin);
      expect(r.status, field).toBe(400);
      expect(r.body.errors).toContainEqual({ field, message });
    }
    const syntax = await a.api("PUT", `/approval-definitions/${id}`, a.tok.admin, { ...base, nodes: [base.nodes[0], { key: "c", type: "condition" }, base.nodes[1], base.nodes[2]], edges: [{ from: "start", to: "c" }, { from: "c", to: "approve", condition: "form.amount >" }, { from: "c", to: "end" }, { from: "approve", to: "end" }] });
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors[0].field).toBe("edges[1].condition");
    const unknownField = await a.api("PUT", `/approval-definitions/${id}`, a.tok.admin, { ...base, nodes: [base.nodes[0], { key: "c", type: "condition" }, base.nodes[1], base.nodes[2]], edges: [{ from: "start", to: "c" }, { from: "c", to: "approve", condition: "form.amont > 1" }, { from: "c", to: "end" }, { from: "approve", to: "end" }] });
    expect(unknownField.body.errors).toEqual([{ field: "edges[1].condition", message: t("zh-CN", "approvals.condition_unknown_field", { key: "amont" }) }]);
    // the designer's inline check answers the same findings with 200, in the caller's language
    const check = await a.api("POST", "/approval-definitions/validate", a.tok.admin, { form: base.form, nodes: base.nodes, edges: [{ from: "start", to: "approve" }] });
    expect(check.status).toBe(200);
    expect(check.body.data.ok).toBe(false);
    expect(check.body.data.errors).toContainEqual({ field: "nodes[1]", message: t("zh-CN", "approvals.node_dead_end", { key: "approve" }) });
    expect((await a.api("POST", "/approval-definitions/validate", a.tok.admin, { form: base.form, nodes: base.nodes, edges: base.edges })).body.data).toEqual({ ok: true, errors: [] });
    expect(await a.count("approval_definition_versions")).toBe(versionsBefore);
    expect((await a.api("GET", `/approval-definitions/${id}`, a.tok.admin)).body.data).toMatchObject({ status: "draft", published_version: null });
  });

  it("versions: running instances stay on theirs; archive stops new starts; forms are checked field by field", async () => {
    const def = simpleDef("versioned", { type: "users", users: [a.ids.zhoujie] });
    const key = await a.publish({ ...def, form: [{ key: "days", type: "number", label: "天数", required: true }, { key: "kind", type: "select", label: "类型", options: ["年假", "事假"] }, { key: "when", type: "date_range", label: "日期" }] });
    const bad = await a.api("POST", "/approvals", a.tok.lina, { definition: key, title: "x", form: { days: "three", kind: "婚假", when: ["2026-12-05", "2026-12-01"], extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["form.days", "form.extra", "form.kind", "form.when"]);
    expect(bad.body.errors.find((e: { field: string }) => e.field === "form.days").message).toBe(t("zh-CN", "approvals.form_number", { label: "天数" }));
    expect(await a.count("approval_instances")).toBe(0);
    const first = await a.start("lina", key, { days: 3 });
    const v2 = { ...def, nodes: [def.nodes[0], { ...def.nodes[1], approvers: { type: "users", users: [a.ids.lina] } }, def.nodes[2]] };
    await a.api("PUT", `/approval-definitions/${key}`, a.tok.admin, v2);
    expect((await a.api("POST", `/approval-definitions/${key}/publish`, a.tok.admin)).body.data.published_version).toBe(2);
    expect((await a.api("GET", `/approval-definitions/${key}/versions`, a.tok.admin)).body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(await a.taskOf("zhoujie", first.id)).toBeDefined();
    expect((await a.act("zhoujie", (await a.taskOf("zhoujie", first.id))!, "approve")).body.data.instance_status).toBe("approved");
    expect((await a.api("POST", `/approval-definitions/${key}/archive`, a.tok.admin)).body.data.status).toBe("archived");
    expect((await a.api("POST", "/approvals", a.tok.lina, { definition: key, title: "x", form: {} })).status).toBe(409);
    expect((await a.api("POST", "/approval-definitions", a.tok.lina, def)).status).toBe(403);
    expect((await a.api("POST", "/approval-definitions", a.tok.admin, def)).status).toBe(409);
    expect((await a.api("GET", `/approvals/${first.id}`, a.tok.zhoujie)).status).toBe(200);
  });
});
