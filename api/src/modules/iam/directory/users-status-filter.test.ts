import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";

type ListedUser = { id: string; username: string; status: string; locked: boolean; last_login_at: string | null };

/**
 * GET /users?status=locked|pending: the two states the workbench's to-dos link to. Same rows as the
 * to-do counts, within the reader's data scope; a status the list does not know is a 400 on `status`.
 */
describe.each(ENGINES)("users list by state (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  let zhangwei: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    admin = await s.login("admin");
    zhangwei = await s.login("zhangwei");
  });
  afterAll(() => s?.close());

  const list = async (token: string, query: string) => {
    const r = await s.req("GET", `/api/v1/users?page_size=200&${query}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data as { items: ListedUser[]; total: number };
  };
  const todoCount = async (token: string, id: string) => {
    const r = await s.req("GET", `/api/v1/workbench/widgets/${id}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data.count as number;
  };

  it("lists the accounts locked out now, within the reader's data scope", async () => {
    for (let i = 0; i < 5; i++) await s.req("POST", "/api/v1/auth/login", { body: { username: "wangfang", password: "wrong-password" } });
    const locked = await list(admin, "status=locked");
    expect(locked.items.map((u) => u.username).sort()).toEqual(["linxiaoyu", "wangfang"]);
    expect(locked.items.every((u) => u.locked)).toBe(true);
    expect(locked.total).toBe(await todoCount(admin, "iam.locked_users"));
    // 运营主管 sees 运营中心 and below: wangfang (运营二部), not linxiaoyu (技术部)
    const scoped = await list(zhangwei, "status=locked");
    expect(scoped.items.map((u) => u.username)).toEqual(["wangfang"]);
    expect(scoped.total).toBe(await todoCount(zhangwei, "iam.locked_users"));
    // combined with the other filters
    expect((await list(admin, "status=locked&q=linxiao")).items.map((u) => u.username)).toEqual(["linxiaoyu"]);
  });

  it("lists active accounts never signed in or still on their initial password, not disabled ones", async () => {
    const created = await s.req("POST", "/api/v1/users", {
      token: admin,
      body: { username: "sf.newbie", display_name: "新人", dept_id: await deptId("运营一部"), role_ids: [] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pending = await list(admin, "status=pending");
    expect(pending.items.map((u) => u.username)).toContain("sf.newbie");
    expect(pending.items.every((u) => u.status === "active")).toBe(true);
    expect(pending.total).toBe(await todoCount(admin, "iam.pending_users"));
    expect((await list(zhangwei, "status=pending")).items.map((u) => u.username)).toContain("sf.newbie");

    expect((await s.req("PUT", `/api/v1/users/${created.body.data.id}`, { token: admin, body: { status: "disabled" } })).status).toBe(200);
    expect((await list(admin, "status=pending")).items.map((u) => u.username)).not.toContain("sf.newbie");
    expect((await list(admin, "status=disabled")).items.map((u) => u.username)).toContain("sf.newbie");
  });

  it("refuses a state it does not know, naming the field", async () => {
    const r = await s.req("GET", "/api/v1/users?status=asleep&lang=en", { token: admin });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(40001);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(["status"]);
  });

  async function deptId(name: string): Promise<string> {
    const depts = (await s.req("GET", "/api/v1/departments?flat=true", { token: admin })).body.data as Array<{ id: string; name: string }>;
    return depts.find((d) => d.name === name)!.id;
  }
});
