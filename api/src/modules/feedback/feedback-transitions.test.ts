import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { feedbackApi } from "./feedback.testkit.ts";

describe.each(ENGINES)("feedback: tracked to done (%s)", (engine) => {
  let s: TestSystem;
  let fb: ReturnType<typeof feedbackApi>;
  const tokens: Record<string, string> = {};
  let id: string;
  let number: string;
  beforeAll(async () => {
    // The demo company without its history (and without demo feedback): counts below are this test's own.
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    fb = feedbackApi(s);
    for (const u of ["admin", "zhangwei", "lina", "wangfang", "chenjing"]) tokens[u] = await s.login(u);
    const r = await fb.submit(tokens.lina!);
    id = r.body.data.id;
    number = `FB-${String(r.body.data.no).padStart(5, "0")}`;
  });
  afterAll(() => s?.close());

  it("offers each party the actions the state machine allows", async () => {
    expect((await fb.api("GET", `/feedback/${id}`, tokens.zhangwei)).body.data).toMatchObject({
      status: "new", allowed_actions: ["triage", "start", "resolve", "reject", "close"], can_comment: true,
    });
    expect((await fb.api("GET", `/feedback/${id}`, tokens.lina)).body.data).toMatchObject({ allowed_actions: ["close"], can_comment: true });
    // 审计人员 reads (feedback:list) but does not handle.
    expect((await fb.api("GET", `/feedback/${id}`, tokens.chenjing)).body.data).toMatchObject({ allowed_actions: [], can_comment: false });
  });

  it("moves new → triaged → in_progress → resolved, keeps a timeline, tells the submitter and audits each step", async () => {
    s.clock.advance(1000);
    const triaged = await fb.move(tokens.zhangwei!, id, { action: "triage" });
    expect(triaged.status).toBe(200);
    expect(triaged.body.data).toMatchObject({ status: "triaged", assignee: { username: "zhangwei" } });
    expect((await fb.inbox(tokens.lina!, "feedback.updated"))[0]).toMatchObject({ title: `你的反馈 ${number} 已受理`, data: { status: "triaged", url: `/feedback/mine?id=${id}` } });

    s.clock.advance(1000);
    expect((await fb.move(tokens.zhangwei!, id, { action: "start" })).body.data.status).toBe("in_progress");
    s.clock.advance(60_000);
    const resolved = await fb.move(tokens.zhangwei!, id, { action: "resolve", comment: "已修复，下个版本发布" });
    expect(resolved.body.data).toMatchObject({ status: "resolved", last_reply: "已修复，下个版本发布", allowed_actions: ["reopen", "close"] });
    expect(resolved.body.data.events.map((e: { kind: string; to_status: string | null }) => `${e.kind}:${e.to_status}`)).toEqual([
      "created:new", "transition:triaged", "transition:in_progress", "transition:resolved",
    ]);
    expect(resolved.body.data.events[3]).toMatchObject({ action: "resolve", from_status: "in_progress", comment: "已修复，下个版本发布", actor: { username: "zhangwei" } });

    const told = await fb.inbox(tokens.lina!, "feedback.updated");
    expect(told[0]).toMatchObject({ title: `你的反馈 ${number} 已解决`, body: "张伟：已修复，下个版本发布" });
    const mine = await fb.api("GET", "/feedback/mine", tokens.lina);
    expect(mine.body.data.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: "resolved", last_reply: "已修复，下个版本发布" });

    const audit = await fb.api("GET", `/audit/logs?module=feedback&action=transition&resource_id=${id}&sort=ts`, tokens.admin);
    expect(audit.body.data.items.map((a: { after: { status: string } }) => a.after.status)).toEqual(["triaged", "in_progress", "resolved"]);
    expect(audit.body.data.items[2]).toMatchObject({ action_name: "变更反馈状态", actor_name: "zhangwei", before: { status: "in_progress" } });
  });

  it("answers an illegal move with 409 and the current state, and a move the caller may not make with 403", async () => {
    const again = await fb.move(tokens.zhangwei!, id, { action: "start" });
    expect(again).toMatchObject({
      status: 409,
      body: { code: 40901, reason: "feedback.invalid_transition", message: "当前状态为「已解决」，不能执行「开始处理」", data: { id, status: "resolved", allowed_actions: ["reopen", "close"] } },
    });
    const en = await fb.api("POST", `/feedback/${id}/transitions?lang=en`, tokens.zhangwei, { action: "triage" });
    expect(en.body.message).toBe("The feedback is Resolved; \"Accept\" is not possible now");
    const bySubmitter = await fb.move(tokens.lina!, id, { action: "reject", comment: "x" });
    expect(bySubmitter).toMatchObject({ status: 409 });
    const reader = await fb.move(tokens.chenjing!, id, { action: "close" });
    expect(reader).toMatchObject({ status: 403, body: { reason: "feedback.action_forbidden" } });
    const stranger = await fb.move(tokens.wangfang!, id, { action: "close" });
    expect(stranger.status).toBe(404);
    const unknownAction = await fb.move(tokens.zhangwei!, id, { action: "archive" });
    expect(unknownAction.body.errors[0].field).toBe("action");
    expect((await fb.api("GET", `/feedback/${id}`, tokens.admin)).body.data.status).toBe("resolved");
    const refused = await fb.api("GET", `/audit/logs?module=feedback&action=transition&status=failure&resource_id=`, tokens.admin);
    expect(refused.body.data.items.some((a: { error_code: string; status: number }) => a.error_code === "feedback.invalid_transition" && a.status === 409)).toBe(true);
  });

  it("lets the submitter reopen with a reason within 7 days, then confirm; a handler may still reopen later", async () => {
    const noReason = await fb.move(tokens.lina!, id, { action: "reopen" });
    expect(noReason).toMatchObject({ status: 400, body: { errors: [{ field: "comment", message: "请填写说明" }] } });
    const reopened = await fb.move(tokens.lina!, id, { action: "reopen", comment: "新版本里还是会丢失" });
    expect(reopened.body.data).toMatchObject({ status: "new", allowed_actions: ["close"] });
    // The handler hears nothing through feedback.updated of the submitter's own move; the submitter is not told of her own move.
    expect((await fb.inbox(tokens.lina!, "feedback.updated"))[0]!.title).toBe(`你的反馈 ${number} 已解决`);

    await fb.move(tokens.zhangwei!, id, { action: "resolve", comment: "补丁已上线" });
    s.clock.advance(8 * 24 * 3600_000);
    // Sessions end after 30 idle minutes: sign in again in the new week.
    for (const u of Object.keys(tokens)) tokens[u] = await s.login(u);
    const late = await fb.move(tokens.lina!, id, { action: "reopen", comment: "又出现了" });
    expect(late).toMatchObject({ status: 409, body: { reason: "feedback.reopen_expired", message: "已超过 7 天，不能再重新打开；请提交新的反馈" } });
    expect((await fb.api("GET", `/feedback/${id}`, tokens.lina)).body.data.allowed_actions).toEqual(["close"]);
    const closed = await fb.move(tokens.lina!, id, { action: "close" });
    expect(closed.body.data.status).toBe("closed");
    const byHandler = await fb.move(tokens.zhangwei!, id, { action: "reopen", comment: "重新核查" });
    expect(byHandler.body.data.status).toBe("new");
    expect((await fb.inbox(tokens.lina!, "feedback.updated"))[0]!.title).toBe(`你的反馈 ${number} 待处理`);
  });

  it("rejects with a reason only, replies reach the submitter, assignment names an active user", async () => {
    expect((await fb.move(tokens.zhangwei!, id, { action: "reject" })).body.errors[0].field).toBe("comment");
    const badAssignee = await fb.move(tokens.zhangwei!, id, { action: "triage", assignee: "no-such-user" });
    expect(badAssignee).toMatchObject({ status: 400, body: { errors: [{ field: "assignee", message: "处理人不存在或已停用" }] } });
    expect((await fb.api("GET", `/feedback/${id}`, tokens.admin)).body.data.status).toBe("new");
    const admin = await fb.userId("admin");
    const assigned = await fb.api("POST", `/feedback/${id}/assign`, tokens.zhangwei, { assignee: admin.id });
    expect(assigned.body.data.assignee).toMatchObject({ username: "admin" });
    expect((await fb.inbox(tokens.admin!, "feedback.updated"))[0]!.title).toBe(`反馈 ${number} 已指派给你`);
    expect((await fb.api("POST", `/feedback/${id}/assign`, tokens.lina, { assignee: null })).status).toBe(403);

    const reply = await fb.api("POST", `/feedback/${id}/comments`, tokens.admin, { content: "请问是哪个浏览器？" });
    expect(reply.status).toBe(201);
    expect((await fb.inbox(tokens.lina!, "feedback.updated"))[0]).toMatchObject({ title: `你的反馈 ${number} 有新回复`, body: "管理员：请问是哪个浏览器？" });
    const answer = await fb.api("POST", `/feedback/${id}/comments`, tokens.lina, { content: "Chrome 131" });
    expect(answer.body.data).toMatchObject({ last_reply: "请问是哪个浏览器？" });
    expect(answer.body.data.events.at(-1)).toMatchObject({ kind: "comment", comment: "Chrome 131", actor: { username: "lina" } });
    expect((await fb.api("POST", `/feedback/${id}/comments`, tokens.chenjing, { content: "路过" })).status).toBe(403);
    expect((await fb.api("POST", `/feedback/${id}/comments`, tokens.lina, { content: "" })).body.errors[0].field).toBe("content");

    const rejected = await fb.move(tokens.admin!, id, { action: "reject", comment: "浏览器版本过旧，不予支持" });
    expect(rejected.body.data).toMatchObject({ status: "rejected", last_reply: "浏览器版本过旧，不予支持" });
    const audit = await fb.api("GET", `/audit/logs?module=feedback&resource_id=${id}&page_size=50`, tokens.admin);
    expect(new Set(audit.body.data.items.map((a: { action_name: string }) => a.action_name))).toEqual(
      new Set(["提交反馈", "变更反馈状态", "指派反馈处理人", "回复反馈"]),
    );
  });
});
