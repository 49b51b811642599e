import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { CONTEXT, TINY_PNG, feedbackApi, pngOfSize } from "./feedback.testkit.ts";

describe.each(ENGINES)("feedback: filing, validation, lists and scopes (%s)", (engine) => {
  let s: TestSystem;
  let fb: ReturnType<typeof feedbackApi>;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    // The demo company without its history (and without demo feedback): counts below are this test's own.
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    fb = feedbackApi(s);
    for (const u of ["admin", "zhangwei", "lina", "wangfang", "liuyang", "chenjing"]) tokens[u] = await s.login(u);
  });
  afterAll(() => s?.close());

  it("records a 运营专员's feedback with page and context, and takes submitter, department and time from the session", async () => {
    const now = s.clock.now().toISOString();
    const lina = await fb.userId("lina");
    const r = await fb.submit(tokens.lina!, { screenshot: TINY_PNG });
    expect(r.status).toBe(201);
    const f = r.body.data;
    expect(f).toMatchObject({
      category: "bug", status: "new", page: "/iam/users", context: CONTEXT, has_screenshot: true, via: "web",
      submitter: { id: lina.id, username: "lina", display_name: "李娜" }, dept_id: lina.dept_id, dept_name: "运营一部",
      created_at: now, assignee: null,
    });
    expect(f.no).toBeGreaterThan(0);

    const shot = await s.system.app.request(`/api/v1/feedback/${f.id}/screenshot`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(shot.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await shot.arrayBuffer()).toString("base64")).toBe(TINY_PNG.split(",")[1]);

    // Who filed it is never taken from the body.
    const forged = await fb.submit(tokens.lina!, { submitter_id: (await fb.userId("admin")).id });
    expect(forged).toMatchObject({ status: 400, body: { errors: [{ field: "submitter_id", message: t("zh-CN", "validation.unknown_field") }] } });

    const audit = await fb.api("GET", `/audit/logs?module=feedback&resource_id=${f.id}`, tokens.admin);
    expect(audit.body.data.items[0]).toMatchObject({ action: "create", action_name: "提交反馈", actor_name: "lina", status: 201 });
    expect(audit.body.data.items[0].after).toMatchObject({ no: f.no, page: "/iam/users", has_screenshot: true });
  });

  it("tells handlers whose data scope covers it, in their language, and nobody else", async () => {
    const r = await fb.submit(tokens.lina!, { category: "suggestion", content: "希望用户列表可以按最近登录时间排序" });
    const number = `FB-${String(r.body.data.no).padStart(5, "0")}`;
    const adminInbox = await fb.inbox(tokens.admin!, "feedback.created");
    expect(adminInbox[0]).toMatchObject({ title: `新反馈 ${number}：功能建议`, data: { feedback_id: r.body.data.id, url: `/feedback?id=${r.body.data.id}` } });
    expect(adminInbox[0]!.body).toContain("李娜 在 /iam/users 提交");
    expect((await fb.inbox(tokens.zhangwei!, "feedback.created"))[0]!.title).toBe(`新反馈 ${number}：功能建议`);
    // 运营专员 and 开发人员 do not handle feedback; the submitter is not told of her own.
    expect(await fb.inbox(tokens.liuyang!, "feedback.created")).toEqual([]);
    expect(await fb.inbox(tokens.lina!, "feedback.created")).toEqual([]);

    // liuyang (技术部) files one: outside 张伟's department, so only admin hears of it.
    const tech = await fb.submit(tokens.liuyang!, { category: "question", content: "作业超时时间的单位是秒还是分钟？", page: "/jobs" });
    expect((await fb.inbox(tokens.admin!, "feedback.created"))[0]!.data.feedback_id).toBe(tech.body.data.id);
    expect((await fb.inbox(tokens.zhangwei!, "feedback.created")).map((n) => n.data.feedback_id)).not.toContain(tech.body.data.id);
  });

  it("refuses bad input with the field at fault, in the user's language, and stores nothing", async () => {
    const before = await fb.count();
    const empty = await fb.submit(tokens.lina!, { content: "   " });
    expect(empty).toMatchObject({ status: 400, body: { code: 40001, errors: [{ field: "content", message: "不能为空" }] } });
    const unknown = await fb.api("POST", "/feedback?lang=en", tokens.lina, { category: "praise", content: "great product", page: "/" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe("category");
    expect(unknown.body.errors[0].message).toContain("bug, suggestion, question, other");
    const big = await fb.submit(tokens.lina!, { screenshot: pngOfSize(600 * 1024) });
    expect(big).toMatchObject({ status: 400, body: { errors: [{ field: "screenshot", message: "截图不能超过 512 KB" }] } });
    const fake = await fb.submit(tokens.lina!, { screenshot: `data:image/png;base64,${Buffer.from("<svg onload=alert(1)>").toString("base64")}` });
    expect(fake).toMatchObject({ status: 400, body: { reason: "feedback.screenshot_content", errors: [{ field: "screenshot" }] } });
    const svg = await fb.submit(tokens.lina!, { screenshot: "data:image/svg+xml;base64,PHN2Zz4=" });
    expect(svg.body.errors[0]).toMatchObject({ field: "screenshot", message: t("zh-CN", "feedback.screenshot_format") });
    const page = await fb.submit(tokens.lina!, { page: "https://evil.example/" });
    expect(page.body.errors[0]).toMatchObject({ field: "page", message: t("zh-CN", "feedback.page_invalid") });
    expect(await fb.count()).toBe(before);
    const anonymous = await fb.api("POST", "/feedback", undefined, { category: "bug", content: "no session here" });
    expect(anonymous.status).toBe(401);
  });

  it("lists for handlers within their data scope, with filters, sorting and paging; the submitter sees only her own", async () => {
    const wf = await fb.submit(tokens.wangfang!, { category: "bug", content: "部门树在手机上显示不全", page: "/iam/departments" });
    const all = await fb.api("GET", "/feedback?page_size=100", tokens.admin);
    expect(all.status).toBe(200);
    const names = (items: Array<{ submitter: { username: string } }>) => new Set(items.map((i) => i.submitter.username));
    expect(names(all.body.data.items)).toEqual(new Set(["lina", "liuyang", "wangfang"]));

    // 运营主管 张伟 (运营中心, DEPT_AND_CHILD): 运营一部 and 运营二部, not 技术部.
    const zw = await fb.api("GET", "/feedback?page_size=100", tokens.zhangwei);
    expect(names(zw.body.data.items)).toEqual(new Set(["lina", "wangfang"]));
    // 审计人员 (ALL, feedback:list only) sees everything.
    expect((await fb.api("GET", "/feedback", tokens.chenjing)).body.data.total).toBe(all.body.data.total);
    // 运营专员 has no list; her own are under /mine, another's is "not found".
    expect((await fb.api("GET", "/feedback", tokens.lina)).status).toBe(403);
    const mine = await fb.api("GET", "/feedback/mine", tokens.lina);
    expect(names(mine.body.data.items)).toEqual(new Set(["lina"]));
    expect((await fb.api("GET", `/feedback/${wf.body.data.id}`, tokens.lina)).status).toBe(404);
    expect((await fb.api("GET", `/feedback/${wf.body.data.id}/screenshot`, tokens.lina)).status).toBe(404);
    const techId = all.body.data.items.find((i: { submitter: { username: string } }) => i.submitter.username === "liuyang").id;
    expect((await fb.api("GET", `/feedback/${techId}`, tokens.zhangwei)).status).toBe(404);

    const q = async (query: string) => (await fb.api("GET", `/feedback?page_size=100&${query}`, tokens.admin)).body.data;
    expect((await q("category=question")).items.map((i: { page: string }) => i.page)).toEqual(["/jobs"]);
    expect(names((await q("submitter=wangfang")).items)).toEqual(new Set(["wangfang"]));
    expect((await q("q=手机上")).items.map((i: { id: string }) => i.id)).toEqual([wf.body.data.id]);
    expect((await q(`q=FB-${String(wf.body.data.no).padStart(5, "0")}`)).items.map((i: { id: string }) => i.id)).toEqual([wf.body.data.id]);
    expect((await q("status=new,triaged")).total).toBe(all.body.data.total);
    expect((await q("status=resolved")).total).toBe(0);
    expect((await q("assignee=none")).total).toBe(all.body.data.total);
    const at = (deltaMs: number) => new Date(s.clock.now().getTime() + deltaMs).toISOString();
    expect((await q(`from=${at(-3600_000)}&to=${at(3600_000)}`)).total).toBe(all.body.data.total);
    expect((await q(`from=${at(3600_000)}`)).total).toBe(0);
    expect((await q(`to=${at(-3600_000)}`)).total).toBe(0);
    const byNo = await q("sort=no");
    expect(byNo.items.map((i: { no: number }) => i.no)).toEqual([...byNo.items.map((i: { no: number }) => i.no)].sort((a, b) => a - b));
    const paged = await fb.api("GET", "/feedback?page=2&page_size=1&sort=-no", tokens.admin);
    expect(paged.body.data).toMatchObject({ page: 2, page_size: 1, total: all.body.data.total, pages: all.body.data.total });
    expect((await fb.api("GET", "/feedback?sort=content", tokens.admin)).status).toBe(400);
    expect((await fb.api("GET", "/feedback?status=done", tokens.admin)).body.errors[0].field).toBe("status");
  });

  it("takes feedback from the bot on behalf of a bound chat account", async () => {
    const asChat = { authorization: `Bot ${s.system.botKey}`, "x-ops-chat-platform": "feishu", "x-ops-chat-user": "ou_lina_fb" };
    const asked = await fb.api("POST", "/im/bind-requests", undefined, {}, asChat);
    expect((await fb.api("POST", "/im/bindings", tokens.lina, { code: asked.body.data.code })).status).toBe(200);
    const r = await fb.api("POST", "/feedback", undefined, { category: "question", content: "怎么在飞书里查看作业日志？" }, asChat);
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ via: "feishu", page: null, submitter: { username: "lina" } });
    // Nothing the user did not send is added to the context (not even the request's user agent).
    expect(r.body.data.context).toEqual({});
    const unbound = await fb.api("POST", "/feedback", undefined, { category: "question", content: "谁能看到这条反馈？" }, { ...asChat, "x-ops-chat-user": "ou_nobody" });
    expect(unbound).toMatchObject({ status: 401, body: { reason: "im.unbound" } });
  });
});
