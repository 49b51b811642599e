import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { PARTIES, ticketsApi } from "./tickets.testkit.ts";

describe.each(ENGINES)("tickets: the seed 004 flow through the API (%s)", (engine) => {
  let s: TestSystem;
  let tk: ReturnType<typeof ticketsApi>;
  const tokens: Record<string, string> = {};
  let id: string;
  let number: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "tickets"] });
    tk = ticketsApi(s);
    for (const u of [...Object.values(PARTIES), "admin", "lina"]) tokens[u] = await s.login(u);
  });
  afterAll(() => s?.close());

  it("refuses bad input naming the field, and stores nothing", async () => {
    const empty = await tk.open(tokens.songjia!, { title: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 40001 });
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(["title"]);
    const priority = await tk.open(tokens.songjia!, { priority: "asap" });
    expect(priority.status).toBe(400);
    expect(priority.body.errors[0].field).toBe("priority");
    const kind = await tk.open(tokens.songjia!, { kind: "bug" });
    expect(kind.body.errors[0].field).toBe("kind");
    // 工程师 holds no tickets:create
    expect((await tk.open(tokens.hejun!)).status).toBe(403);
    expect(await tk.count()).toBe(0);
    expect(await tk.count("ticket_events")).toBe(0);
  });

  it("opens a ticket pending review with SLA due times, and tells the reviewer", async () => {
    const r = await tk.open(tokens.songjia!);
    expect(r.status).toBe(201);
    id = r.body.data.id;
    number = `T-${String(r.body.data.no).padStart(5, "0")}`;
    const created = Date.parse(r.body.data.created_at);
    expect(r.body.data).toMatchObject({ status: "pending_review", priority: "high", kind: "issue", reporter: { username: "songjia" }, sla_breached: false });
    expect(Date.parse(r.body.data.response_due_at) - created).toBe(2 * 3600_000);
    expect(Date.parse(r.body.data.resolution_due_at) - created).toBe(24 * 3600_000);
    expect((await tk.inbox(tokens.luoting!, "ticket.updated"))[0]!).toMatchObject({ title: `新工单 ${number} 待审核：生产库磁盘使用率超过 90%`, data: { url: `/tickets/${id}` } });
    // each party sees only its own next action
    expect((await tk.api("GET", `/tickets/${id}`, tokens.luoting)).body.data).toMatchObject({ allowed_actions: ["review_approve", "review_reject"], roles: { reviewer: true } });
    expect((await tk.api("GET", `/tickets/${id}`, tokens.songjia)).body.data.allowed_actions).toEqual([]);
    // the engineer is not on it yet and has no scope: 404
    expect((await tk.api("GET", `/tickets/${id}`, tokens.hejun)).status).toBe(404);
  });

  it("answers a move in the wrong status with 409 naming the status, and the wrong party with 403; nothing changes", async () => {
    const early = await tk.move(tokens.songjia!, id, { action: "confirm" });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ message: "工单当前状态为「待审核」，不能执行「确认解决」", data: { status: "pending_review" }, errors: [{ field: "action" }] });
    // the reporter sees the ticket but is not its reviewer
    const notMine = await tk.move(tokens.songjia!, id, { action: "review_approve" });
    expect(notMine.status).toBe(403);
    expect(notMine.body.message).toBe("你不能对该工单执行「审核通过」");
    // the contractor's PM does not see it before 管理方 has approved it
    expect((await tk.move(tokens.mazhiqiang!, id, { action: "assign", assignee: "hejun" })).status).toBe(404);
    const noReason = await tk.move(tokens.luoting!, id, { action: "review_reject" });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: "comment", message: "请填写说明" });
    const unknown = await tk.move(tokens.luoting!, id, { action: "approve" });
    expect(unknown.body.errors[0].field).toBe("action");
    expect((await tk.api("GET", `/tickets/${id}`, tokens.luoting)).body.data).toMatchObject({ status: "pending_review", events: [{ kind: "created" }] });
  });

  it("runs review → assign → start → submit → send back → submit → confirm → close, each step timed, notified and audited", async () => {
    s.clock.advance(60_000);
    expect((await tk.move(tokens.luoting!, id, { action: "review_approve", comment: "同意处理" })).body.data).toMatchObject({ status: "reviewed", responded_at: expect.any(String) });
    expect((await tk.inbox(tokens.mazhiqiang!, "ticket.updated"))[0]!.title).toBe(`工单 ${number} 已审核：生产库磁盘使用率超过 90%`);

    const pick = await tk.api("GET", "/tickets/assignees", tokens.mazhiqiang);
    expect(pick.body.data.items.map((u: { username: string }) => u.username)).toContain("hejun");
    const badAssignee = await tk.move(tokens.mazhiqiang!, id, { action: "assign", assignee: "chenjing" });
    expect(badAssignee.body.errors[0]).toMatchObject({ field: "assignee" });
    const assigned = await tk.move(tokens.mazhiqiang!, id, { action: "assign", assignee: "hejun" });
    expect(assigned.body.data).toMatchObject({ status: "assigned", assignee: { username: "hejun" } });
    expect((await tk.inbox(tokens.hejun!, "ticket.assigned"))[0]!.title).toBe(`工单 ${number} 已指派给你：生产库磁盘使用率超过 90%`);
    expect((await tk.api("GET", `/tickets/${id}`, tokens.hejun)).body.data.allowed_actions).toEqual(["start"]);

    s.clock.advance(60_000);
    expect((await tk.move(tokens.hejun!, id, { action: "start" })).body.data.status).toBe("in_progress");
    expect((await tk.inbox(tokens.songjia!, "ticket.updated"))[0]!.title).toBe(`工单 ${number} 处理中：生产库磁盘使用率超过 90%`);
    expect((await tk.move(tokens.hejun!, id, { action: "submit", comment: "已清理日志并扩容" })).body.data).toMatchObject({ status: "done", resolved_at: expect.any(String) });
    expect((await tk.api("GET", `/tickets/${id}`, tokens.songjia)).body.data.allowed_actions).toEqual(["confirm", "send_back"]);
    const back = await tk.move(tokens.songjia!, id, { action: "send_back", comment: "告警仍在" });
    expect(back.body.data).toMatchObject({ status: "in_progress", resolved_at: null });
    expect((await tk.inbox(tokens.hejun!, "ticket.updated"))[0]!).toMatchObject({ title: `工单 ${number} 处理中：生产库磁盘使用率超过 90%`, body: "宋佳「退回重做」：告警仍在" });
    await tk.move(tokens.hejun!, id, { action: "submit" });
    expect((await tk.move(tokens.songjia!, id, { action: "confirm" })).body.data.status).toBe("confirmed");
    const closed = await tk.move(tokens.luoting!, id, { action: "close" });
    expect(closed.body.data).toMatchObject({ status: "closed", allowed_actions: [] });
    expect(closed.body.data.events.map((e: { kind: string; to_status: string | null }) => `${e.kind}:${e.to_status ?? ""}`)).toEqual([
      "created:pending_review", "transition:reviewed", "transition:assigned", "transition:in_progress", "transition:done",
      "transition:in_progress", "transition:done", "transition:confirmed", "transition:closed",
    ]);
    expect(closed.body.data.events[2]).toMatchObject({ action: "assign", assignee: { username: "hejun" }, actor: { username: "mazhiqiang" }, via: "web" });

    const audit = await tk.api("GET", `/audit/logs?module=tickets&action=transition&resource_id=${id}&sort=ts`, tokens.admin);
    // several steps share a timestamp on the fixed clock: compare as a set of moves
    expect(audit.body.data.items.map((a: { before: { status: string }; after: { status: string } }) => `${a.before.status}>${a.after.status}`).sort()).toEqual([
      "assigned>in_progress", "confirmed>closed", "done>confirmed", "done>in_progress", "in_progress>done", "in_progress>done", "pending_review>reviewed", "reviewed>assigned",
    ]);
    expect(audit.body.data.items.find((a: { after: { status: string } }) => a.after.status === "reviewed")).toMatchObject({
      action_name: "变更工单状态", actor_name: "luoting", after: { action: "review_approve", comment: "同意处理" },
    });
    // closed is the end: nothing moves it
    expect((await tk.move(tokens.songjia!, id, { action: "confirm" })).status).toBe(409);
  });

  it("lists by status with counts, views and the reporter's data scope", async () => {
    const other = (await tk.open(tokens.songjia!, { title: "报表导出超时", kind: "requirement", priority: "low" })).body.data;
    // 李娜 (运营一部) is outside 罗婷's department: her ticket stays out of 罗婷's board
    const elsewhere = (await tk.open(tokens.lina!, { title: "活动页打不开" })).body.data;
    const board = await tk.api("GET", "/tickets?page_size=50", tokens.luoting);
    expect(board.body.data.counts).toMatchObject({ closed: 1, pending_review: 1 });
    expect(board.body.data.items.map((t: { id: string }) => t.id)).not.toContain(elsewhere.id);
    expect((await tk.api("GET", `/tickets/${elsewhere.id}`, tokens.luoting)).status).toBe(404);
    expect((await tk.api("GET", "/tickets?status=pending_review", tokens.luoting)).body.data.items.map((t: { id: string }) => t.id)).toEqual([other.id]);
    expect((await tk.api("GET", "/tickets?view=to_review", tokens.luoting)).body.data.total).toBe(1);
    expect((await tk.api("GET", "/tickets?kind=requirement&priority=low", tokens.luoting)).body.data.total).toBe(1);
    expect((await tk.api("GET", `/tickets?q=${encodeURIComponent(number)}`, tokens.luoting)).body.data.items[0].id).toBe(id);
    // the PM sees released tickets of every department, not those still pending review
    expect((await tk.api("GET", "/tickets", tokens.mazhiqiang)).body.data.items.map((t: { id: string }) => t.id)).toEqual([id]);
    // the engineer sees what was assigned to them
    expect((await tk.api("GET", "/tickets?view=assigned", tokens.hejun)).body.data.items.map((t: { id: string }) => t.id)).toEqual([id]);
    expect((await tk.api("GET", "/tickets?status=nope", tokens.luoting)).body.errors[0].field).toBe("status");
  });
});
