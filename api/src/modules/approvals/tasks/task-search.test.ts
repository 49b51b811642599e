import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";

describe.each(ENGINES)("approvals inbox search: a store query over the whole box (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "wangfang", "zhoujie"]);
  });
  afterAll(() => s?.close());

  type Item = { instance_title: string; definition_key: string; initiator_name: string };
  const box = async (query: string) => {
    const r = await a.api("GET", `/approval-tasks?box=todo&page_size=2${query}`, a.tok.zhoujie);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data as { items: Item[]; total: number; counts: { todo: number } };
  };

  it("q finds a task older than the page the inbox loaded (title, initiator, definition name); definition filters by key; counts stay the box's", async () => {
    const buy = await a.publish({ ...simpleDef("search-buy", { type: "users", users: [a.ids.zhoujie] }), name: "办公采购" });
    const leave = await a.publish({ ...simpleDef("search-leave", { type: "users", users: [a.ids.zhoujie] }), name: "请假申请" });
    await a.start("wangfang", buy, {}, { title: "旧的显示器采购单" });
    for (let i = 0; i < 4; i++) await a.start("lina", leave, {}, { title: `年假 ${i}` });
    const first = await box("");
    expect(first.items.map((t) => t.instance_title)).not.toContain("旧的显示器采购单");
    expect(first.total).toBe(5);

    const byTitle = await box(`&q=${encodeURIComponent("显示器")}`);
    expect(byTitle).toMatchObject({ total: 1, items: [{ instance_title: "旧的显示器采购单", initiator_name: "王芳" }], counts: { todo: 5 } });
    expect((await box(`&q=${encodeURIComponent("王芳")}`)).items.map((t) => t.instance_title)).toEqual(["旧的显示器采购单"]);
    expect((await box(`&q=${encodeURIComponent("办公采购")}`)).total).toBe(1);
    expect((await box(`&q=${encodeURIComponent("年假")}`)).total).toBe(4);
    expect((await box("&definition=search-buy")).items.map((t) => t.definition_key)).toEqual(["search-buy"]);
    expect((await box(`&definition=search-leave&q=${encodeURIComponent("显示器")}`)).total).toBe(0);
    // LIKE's wildcards are words here, not patterns
    expect((await box(`&q=${encodeURIComponent("%")}`)).total).toBe(0);
    // another user's box is not searched
    const other = await a.api("GET", `/approval-tasks?box=todo&q=${encodeURIComponent("显示器")}`, a.tok.lina);
    expect(other.body.data.total).toBe(0);
  }, 60_000);
});
