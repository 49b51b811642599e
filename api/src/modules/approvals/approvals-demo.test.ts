import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { approvalsApi } from "./approvals.testkit.ts";

describe.each(ENGINES)("approvals demo data and workbench widget (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "approvals"] });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "wangfang", "zhoujie", "zhangwei"]);
  });
  afterAll(() => s?.close());

  it("seeds 请假 and 采购 published, with instances pending, approved and withdrawn", async () => {
    // besides the built-in config-release (the config center's change sets), ensured at every start
    const defs = (await a.api("GET", "/approval-definitions?sort=key", a.tok.admin)).body.data.items.filter((d: { key: string }) => d.key !== "config-release");
    expect(defs.map((d: { key: string; status: string; published_version: number }) => [d.key, d.status, d.published_version])).toEqual([["leave", "published", 1], ["purchase", "published", 1]]);
    const all = (await a.api("GET", "/approvals?page_size=50", a.tok.admin)).body.data.items;
    expect(all.map((i: { status: string }) => i.status).sort()).toEqual(["approved", "pending", "pending", "withdrawn"]);
    // 王芳's 5-day leave: 郑宇 (运营二部) approved, now with 张伟 (运营中心) two levels up
    const long = all.find((i: { title: string }) => i.title === "王芳的事假申请");
    const got = await a.get("wangfang", long.id);
    expect(got.current).toHaveLength(1);
    expect(got.current[0].tasks[0].assignee_name).toBe("张伟");
    expect(got.timeline.find((e: { action: string }) => e.action === "approve")).toMatchObject({ actor_name: "郑宇", comment: "同意，注意交接" });
    // the demo definitions pass publishing's checks again
    for (const key of ["leave", "purchase"]) expect((await a.api("POST", `/approval-definitions/${key}/publish`, a.tok.admin)).status).toBe(200);
  });

  it("the approvals.todo widget counts my open tasks and links to each approval", async () => {
    const widget = async (user: string) => (await s.req("GET", "/api/v1/workbench/widgets/approvals.todo", { token: a.tok[user] })).body.data;
    const mine = await widget("zhoujie");
    expect(mine).toMatchObject({ title: "待我审批", count: 1, items: [{ title: "李娜的年假申请", tone: "warning" }] });
    expect(mine.items[0].href).toMatch(/^\/approvals\//);
    expect(mine.more.href).toBe("/approvals?box=todo");
    const empty = await widget("lina");
    expect(empty.count).toBe(0);
    expect(empty.empty.action.href).toBe("/approvals");
    const task = (await a.taskOf("zhoujie", mine.items[0].href.split("/").pop()))!;
    await a.act("zhoujie", task, "approve");
    expect((await widget("zhoujie")).count).toBe(0);
  });
});
