import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { expectError, workbenchKit, type Kit } from "./workbench.testkit.ts";

type Item = { title: string; subtitle: string | null; href: string | null; tone: string | null };
type Widget = { id: string; title: string; count: number; items: Item[]; more: { label: string; href: string } | null; empty: { text: string } | null };
type Listed = { id: string; no: number; content: string; status: string };

/**
 * 待处理反馈 through HTTP on the demo company's feedback: handlers (feedback:manage) see the open
 * feedback of their data scope plus what is assigned to them, theirs first; each item opens that
 * feedback; others get no widget.
 */
describe.each(ENGINES)("workbench feedback widget (%s)", (engine) => {
  let s: TestSystem;
  let d: Kit;
  let zhangwei: string;
  let lina: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await workbenchKit(s);
    zhangwei = await s.login("zhangwei");
    lina = await s.login("lina");
  });
  afterAll(() => s?.close());

  const widget = async (token: string, lang = "zh-CN") => {
    const r = await s.req("GET", `/api/v1/workbench/widgets/feedback.open?lang=${lang}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data as Widget;
  };
  const openList = async (token: string) => {
    const r = await d.api("GET", "/feedback?status=new,triaged,in_progress&page_size=100", token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data as { items: Listed[]; total: number };
  };

  it("shows a manager the open feedback of their scope, the ones assigned to them first, each opening that feedback", async () => {
    const w = await widget(zhangwei);
    expect(w).toMatchObject({ title: "待处理反馈", more: { label: "打开反馈处理", href: "/feedback" } });
    const open = await openList(zhangwei);
    expect(w.count).toBe(open.total);
    expect(w.items.map((i) => i.href).sort()).toEqual(open.items.map((f) => `/feedback?id=${f.id}`).sort());
    // lina's bug is in progress and assigned to zhangwei; wangfang's suggestion waits for anyone
    expect(w.items[0]).toMatchObject({ title: "用户列表翻到第 2 页后，部门筛选条件被清空了，只能重新选择。", tone: "warning" });
    expect(w.items[0]!.subtitle).toMatch(/^FB-\d{5} · 问题缺陷 · 处理中 · 指派给我$/);
    expect(w.items[1]!.subtitle).toMatch(/^FB-\d{5} · 功能建议 · 待处理 · 王芳$/);
    // 技术部's feedback (liuyang's) is beyond 运营中心
    expect(w.items.map((i) => i.title).join()).not.toContain("二维码");

    const en = await widget(zhangwei, "en");
    expect(en.title).toBe("Open feedback");
    expect(en.items[0]!.subtitle).toMatch(/ · Bug · In progress · Assigned to me$/);
  });

  it("adds what is assigned to the manager beyond their scope, and drops what is done", async () => {
    const all = await openList(d.admin);
    const qr = all.items.find((f) => f.content.includes("二维码"))!;
    expect((await d.api("POST", `/feedback/${qr.id}/assign`, d.admin, { assignee: await d.userId("zhangwei") })).status).toBe(200);
    const before = await widget(zhangwei);
    expect(before.items.map((i) => i.href)).toContain(`/feedback?id=${qr.id}`);
    expect(before.items.filter((i) => i.subtitle?.endsWith("指派给我")).length).toBe(2);
    expect(before.items.slice(0, 2).every((i) => i.subtitle?.endsWith("指派给我"))).toBe(true);

    const suggestion = before.items.find((i) => i.title.startsWith("希望通知中心"))!;
    const id = suggestion.href!.split("=")[1]!;
    const resolved = await d.api("POST", `/feedback/${id}/transitions`, zhangwei, { action: "resolve", comment: "下个版本支持按类型批量已读" });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const after = await widget(zhangwei);
    expect(after.count).toBe(before.count - 1);
    expect(after.items.map((i) => i.href)).not.toContain(`/feedback?id=${id}`);
    // the administrator's scope is the whole company
    expect((await widget(d.admin)).count).toBe((await openList(d.admin)).total);
  });

  it("is not there for a specialist without feedback:manage, and refused by id", async () => {
    const page = await s.req("GET", "/api/v1/workbench", { token: lina });
    expect(page.body.data.widgets.map((w: { id: string }) => w.id)).not.toContain("feedback.open");
    expectError(await s.req("GET", "/api/v1/workbench/widgets/feedback.open", { token: lina }), 403, "auth.forbidden");
  });
});
