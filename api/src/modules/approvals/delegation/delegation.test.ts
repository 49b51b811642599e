import { t } from "@ops/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";

const DAY = 86_400_000;

describe.each(ENGINES)("approvals: delegation while away through HTTP (%s)", (engine) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  const at = (ms: number) => new Date(s.clock.now().getTime() + ms).toISOString();
  const delegate = (user: string, body: Record<string, unknown>) => a.api("POST", "/approval-delegations", a.tok[user], body);
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "zhoujie", "zhengyu", "zhangwei"]);
  });
  afterAll(() => s?.close());

  it("refuses bad input naming the field, and stores nothing", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ delegate_id: a.ids.zhoujie, starts_at: at(0), ends_at: at(DAY) }, "delegate_id", "不能委托给自己"],
      [{ delegate_id: "nobody", starts_at: at(0), ends_at: at(DAY) }, "delegate_id", "代理人不存在或已停用"],
      [{ delegate_id: a.ids.zhengyu, starts_at: at(DAY), ends_at: at(0) }, "ends_at", "结束时间须晚于开始时间"],
      [{ delegate_id: a.ids.zhengyu, starts_at: at(0), ends_at: at(DAY), definitions: ["no-such"] }, "definitions", "审批定义不存在：no-such"],
    ];
    for (const [body, field, message] of cases) {
      const r = await delegate("zhoujie", body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ field, message })]);
    }
    // someone else's delegations need approvals:design
    expect((await delegate("lina", { user_id: a.ids.zhoujie, delegate_id: a.ids.zhengyu, starts_at: at(0), ends_at: at(DAY) })).status).toBe(403);
    expect((await a.api("GET", "/approval-delegations?view=all", a.tok.lina)).status).toBe(403);
    expect(await a.count("approval_delegations")).toBe(0);
  });

  it("while away, new tasks go to the delegate (relation delegate, 由 X 代理 Y) and count as the approver's in a countersign", async () => {
    const key = await a.publish(simpleDef("away-and", { type: "users", users: [a.ids.zhoujie, a.ids.zhangwei] }, { mode: "and" }));
    const made = await delegate("zhoujie", { delegate_id: a.ids.zhengyu, starts_at: at(-60_000), ends_at: at(2 * DAY), definitions: [key], reason: "年假" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data).toMatchObject({ user_id: a.ids.zhoujie, delegate_id: a.ids.zhengyu, definitions: [key], reason: "年假", state: "active" });

    const inst = await a.start("lina", key);
    expect(await a.taskOf("zhoujie", inst.id)).toBeUndefined();
    const taskId = (await a.taskOf("zhengyu", inst.id))!;
    const todo = (await a.api("GET", "/approval-tasks?box=todo", a.tok.zhengyu)).body.data.items.find((x: { id: string }) => x.id === taskId);
    expect(todo).toMatchObject({ relation: "delegate", delegated_from: a.ids.zhoujie, assignee_id: a.ids.zhengyu });
    const line = (await a.get("lina", inst.id)).timeline.find((e: { action: string }) => e.action === "delegated");
    expect(t("zh-CN", "approvals.timeline.delegated", line.data)).toBe(`由 ${todo.assignee_name} 代理 ${todo.delegated_from_name}`);

    expect((await a.act("zhengyu", taskId, "approve")).status).toBe(200);
    expect((await a.get("lina", inst.id)).status).toBe("pending");
    await a.act("zhangwei", (await a.taskOf("zhangwei", inst.id))!, "approve");
    expect((await a.get("lina", inst.id)).status).toBe("approved");

    // another definition is not covered: the task stays with zhoujie
    const other = await a.start("lina", await a.publish(simpleDef("away-other", { type: "users", users: [a.ids.zhoujie] })));
    expect(await a.taskOf("zhoujie", other.id)).toBeDefined();

    const audit = await a.api("GET", `/audit/logs?module=approvals&resource_id=${made.body.data.id}`, a.tok.admin);
    expect(audit.body.data.items[0]).toMatchObject({ action: "delegations.create", actor_name: "zhoujie", after: { delegate_id: a.ids.zhengyu } });
  });

  it("refuses an overlapping range and a loop with 409; admins list and remove anyone's; removed, tasks stay with the approver", async () => {
    const overlap = await delegate("zhoujie", { delegate_id: a.ids.zhangwei, starts_at: at(DAY), ends_at: at(3 * DAY) });
    expect(overlap.status).toBe(409);
    expect(overlap.body.errors[0]).toMatchObject({ field: "starts_at" });
    const loop = await delegate("zhengyu", { delegate_id: a.ids.zhoujie, starts_at: at(0), ends_at: at(DAY) });
    expect(loop.status).toBe(409);
    expect(loop.body.errors[0]).toMatchObject({ field: "delegate_id", message: expect.stringContaining("不能互相代理") });

    const mine = (await a.api("GET", "/approval-delegations", a.tok.zhengyu)).body.data.items;
    expect(mine.map((d: { user_id: string }) => d.user_id)).toEqual([a.ids.zhoujie]);
    const all = await a.api("GET", "/approval-delegations?view=all&state=active", a.tok.admin);
    expect(all.body.data.total).toBe(1);
    expect((await a.api("DELETE", `/approval-delegations/${mine[0].id}`, a.tok.lina)).status).toBe(403);
    expect((await a.api("DELETE", `/approval-delegations/${mine[0].id}`, a.tok.admin)).status).toBe(200);
    expect((await a.api("DELETE", `/approval-delegations/${mine[0].id}`, a.tok.admin)).status).toBe(404);
    const inst = await a.start("lina", "away-and");
    expect(await a.taskOf("zhoujie", inst.id)).toBeDefined();
  });
});
