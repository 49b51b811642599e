import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";
import { MAX_ESCALATIONS } from "./fire.ts";

const MIN = 60_000;
const PEOPLE = ["admin", "lina", "zhoujie", "zhengyu", "zhangwei", "luoting", "mazhiqiang"];

type Line = { action: string; data: { action?: string; to?: string[] | null; depth?: number } };

describe.each(ENGINES)("approvals: timeout escalation to everyone escalate_to names, again and further up (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  const sweep = () => s.system.approvals.timeouts.sweep();
  /** time passes: tokens expire, so the next callers sign in again */
  const later = async (ms: number, users: string[] = []) => {
    s.clock.advance(ms);
    await a.signIn(users);
  };
  const escalations = async (id: string) =>
    ((await a.get("lina", id)).timeline as Line[]).filter((e) => e.action === "timeout" && e.data.action === "escalate");
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(PEOPLE);
    // a deeper tree than the demo's: 运营中心 under 客服中心 under 平台研发组, so lina's heads are
    // 周杰 (1) → 张伟 (2) → 罗婷 (3) → 马志强 (4)
    const dept = async (code: string) => (await s.system.db.get<{ id: string }>("SELECT id FROM departments WHERE code = ?", [code]))!.id;
    await s.system.db.run("UPDATE departments SET parent_id = ? WHERE id = ?", [await dept("demo_service"), await dept("demo_ops")]);
    await s.system.db.run("UPDATE departments SET parent_id = ? WHERE id = ?", [await dept("demo_tech_platform"), await dept("demo_service")]);
  });
  afterAll(() => s?.close());

  it("every person escalate_to names gets the say; they share it (or-sign): the first decision closes the others, and a countersign node counts it once", async () => {
    const key = await a.publish(simpleDef("esc-all", { type: "users", users: [a.ids.zhoujie, a.ids.zhengyu] }, {
      mode: "and", timeout: { after_minutes: 60, action: "escalate", escalate_to: { type: "users", users: [a.ids.zhangwei, a.ids.luoting] } },
    }));
    const inst = await a.start("lina", key);
    expect((await a.act("zhengyu", (await a.taskOf("zhengyu", inst.id))!, "approve")).status).toBe(200);
    const old = (await a.taskOf("zhoujie", inst.id))!;
    await later(60 * MIN, ["lina", "zhoujie", "zhangwei", "luoting"]);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    expect(await a.taskOf("zhoujie", inst.id)).toBeUndefined();
    const zw = (await a.taskOf("zhangwei", inst.id))!;
    const lt = (await a.taskOf("luoting", inst.id))!;
    expect(zw && lt).toBeTruthy();
    const [line] = await escalations(inst.id);
    expect(line!.data).toMatchObject({ to: [a.ids.zhangwei, a.ids.luoting], depth: 1 });
    expect((await a.act("zhoujie", old, "approve")).status).toBe(409);
    // 张伟 decides for both: 罗婷's copy closes, and the countersign node (郑宇 + this say) is complete
    expect((await a.act("zhangwei", zw, "approve", { comment: "代为同意" })).status).toBe(200);
    const closed = await a.act("luoting", lt, "approve");
    expect(closed.status).toBe(409);
    expect(closed.body.message).toContain("张伟");
    expect((await a.get("lina", inst.id)).status).toBe("approved");
  }, 120_000);

  it("a reject by one of them decides the say too; the other's copy closes", async () => {
    await a.signIn(PEOPLE);
    const key = await a.publish(simpleDef("esc-no", { type: "users", users: [a.ids.zhoujie] }, {
      timeout: { after_minutes: 30, action: "escalate", escalate_to: { type: "users", users: [a.ids.zhangwei, a.ids.luoting] } },
    }));
    const inst = await a.start("lina", key);
    await later(30 * MIN, ["lina", "zhangwei", "luoting"]);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    expect((await a.act("luoting", (await a.taskOf("luoting", inst.id))!, "reject", { comment: "预算不足" })).status).toBe(200);
    expect((await a.get("lina", inst.id)).status).toBe("rejected");
    expect(await a.taskOf("zhangwei", inst.id)).toBeUndefined();
  }, 120_000);

  it(`the escalated say's clock starts again and escalates further up the departments, at most ${MAX_ESCALATIONS} times; then it waits with no timer`, async () => {
    await a.signIn(PEOPLE);
    const key = await a.publish(simpleDef("esc-up", { type: "users", users: [a.ids.zhoujie] }, {
      timeout: { after_minutes: 30, action: "escalate", escalate_to: { type: "dept_head", level: 2 } },
    }));
    const inst = await a.start("lina", key);
    const holder = async () => (await s.system.db.get<{ username: string; due_at: string | null }>(
      "SELECT u.username, t.due_at FROM approval_tasks t JOIN users u ON u.id = t.assignee_id WHERE t.instance_id = ? AND t.status = 'pending'", [inst.id],
    ))!;
    await later(29 * MIN);
    expect(await sweep()).toMatchObject({ escalate: 0 });
    await later(MIN);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    expect(await holder()).toMatchObject({ username: "zhangwei", due_at: new Date(s.clock.now().getTime() + 30 * MIN).toISOString() });
    await later(30 * MIN);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    expect((await holder()).username).toBe("luoting");
    await later(30 * MIN);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    expect(await holder()).toEqual({ username: "mazhiqiang", due_at: null });
    await later(600 * MIN, ["lina", "admin", "mazhiqiang"]);
    expect(await sweep()).toMatchObject({ escalate: 0 });
    expect((await escalations(inst.id)).map((e) => e.data.depth)).toEqual([1, 2, 3]);
    const audit = await a.api("GET", "/audit/logs?module=approvals&action=tasks.timeout&page_size=50", a.tok.admin);
    expect(audit.body.data.items.filter((l: { after: { to?: string[] } }) => l.after.to?.includes(a.ids.mazhiqiang!))).toHaveLength(1);
    expect((await a.act("mazhiqiang", (await a.taskOf("mazhiqiang", inst.id))!, "approve")).status).toBe(200);
    expect((await a.get("lina", inst.id)).status).toBe("approved");
  }, 120_000);

  it("nobody new to escalate to (escalate_to names only who holds it): the say stays, its timer stops, the timeline says so", async () => {
    await a.signIn(PEOPLE);
    const key = await a.publish(simpleDef("esc-same", { type: "users", users: [a.ids.zhoujie] }, {
      timeout: { after_minutes: 30, action: "escalate", escalate_to: { type: "users", users: [a.ids.zhangwei] } },
    }));
    const inst = await a.start("lina", key);
    await later(30 * MIN);
    expect(await sweep()).toMatchObject({ escalate: 1 });
    await later(30 * MIN);
    // 张伟 holds it and was its only target: nothing to hand on, no loop
    expect(await sweep()).toMatchObject({ escalate: 1 });
    await later(30 * MIN, ["lina", "zhangwei"]);
    expect(await sweep()).toMatchObject({ escalate: 0 });
    expect((await escalations(inst.id)).map((e) => e.data.to)).toEqual([[a.ids.zhangwei], null]);
    expect(await a.taskOf("zhangwei", inst.id)).toBeDefined();
  }, 120_000);
});
