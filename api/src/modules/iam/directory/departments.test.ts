import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { directory, expectError, type Directory } from "../directory.testkit.ts";

type Node = { id: string; name: string; children: Node[]; [k: string]: unknown };
const shape = (nodes: Node[]): unknown[] => nodes.map((n) => (n.children.length ? { [n.name]: shape(n.children) } : n.name));

describe.each(ENGINES)("departments (%s)", (engine) => {
  let s: TestSystem;
  let d: Directory;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await directory(s);
  });
  afterAll(() => s?.close());

  it("returns the tree with leaders, user counts and sort order, or a flat list", async () => {
    const r = await d.api("GET", "/departments", d.admin);
    expect(r.status).toBe(200);
    expect(shape(r.body.data)).toEqual([
      { 总部: [{ 运营中心: ["运营一部", "运营二部"] }, { 技术部: ["平台研发组", "运维保障组"] }, "审计部", "总经办", "客服中心", "财务部"] },
    ]);
    const ops = r.body.data[0].children[0];
    expect(ops).toMatchObject({ name: "运营中心", leader_name: "张伟", user_count: 1, status: "active", sort: 0 });
    expect(ops.leader_id).toBe(await d.userId("zhangwei"));
    const flat = await d.api("GET", "/departments?flat=true", d.admin);
    expect(flat.body.data).toHaveLength(11);
    expect(flat.body.data[0]).not.toHaveProperty("children");
    expect((await d.api("GET", "/departments?flat=true&q=%E8%BF%90%E8%90%A5", d.admin)).body.data).toHaveLength(3);
  });

  it("shows each actor only the departments of their data scope", async () => {
    const zhangwei = await s.login("zhangwei");
    expect(shape((await d.api("GET", "/departments", zhangwei)).body.data)).toEqual([{ 运营中心: ["运营一部", "运营二部"] }]);
    const lina = await s.login("lina");
    expect(shape((await d.api("GET", "/departments", lina)).body.data)).toEqual(["运营一部"]);
    expectError(await d.api("GET", `/departments/${d.dept("技术部")}`, lina), 404, "iam.dept_not_found");
    const chenjing = await s.login("chenjing");
    expect((await d.api("GET", "/departments?flat=true", chenjing)).body.data).toHaveLength(11);
  });

  it("creates, edits and validates departments", async () => {
    const r = await d.api("POST", "/departments", d.admin, { name: "运营三部", parent_id: d.dept("运营中心"), sort: 3 });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ name: "运营三部", parent_id: d.dept("运营中心"), sort: 3, user_count: 0, leader_id: null });
    const id = r.body.data.id;
    expectError(await d.api("POST", "/departments", d.admin, { name: "运营三部", parent_id: d.dept("运营中心") }), 409, "iam.dept_name_taken", ["name"]);
    expectError(await d.api("POST", "/departments", d.admin, { name: "x", parent_id: "missing" }), 400, "iam.dept_not_found", ["parent_id"]);
    expectError(await d.api("POST", "/departments", d.admin, { name: "", parent_id: d.dept("运营中心") }), 400, "common.validation", ["name"]);
    expectError(
      await d.api("POST", "/departments", d.admin, { name: "x", parent_id: d.dept("运营中心"), leader_id: "missing" }),
      400, "iam.leader_not_found", ["leader_id"],
    );
    const leader = await d.userId("lina");
    const edited = await d.api("PUT", `/departments/${id}`, d.admin, { name: "运营三部（新）", leader_id: leader, status: "disabled" });
    expect(edited.body.data).toMatchObject({ name: "运营三部（新）", leader_name: "李娜", status: "disabled" });
    expect((await d.api("PUT", `/departments/${id}`, d.admin, { leader_id: null })).body.data.leader_id).toBeNull();
    expectError(await d.api("PUT", `/departments/${d.dept("运营中心")}`, d.admin, { status: "disabled" }), 409, "iam.dept_has_active_children");
  });

  it("takes only an active user as leader (负责人), and audits the change", async () => {
    const ops2 = d.dept("运营二部");
    const off = await d.api("POST", "/users", d.admin, { username: "leaderoff", display_name: "停用负责人", dept_id: ops2, status: "disabled" });
    expect(off.status).toBe(201);
    expectError(await d.api("PUT", `/departments/${ops2}`, d.admin, { leader_id: off.body.data.id }), 400, "iam.leader_inactive", ["leader_id"]);
    expectError(await d.api("POST", "/departments", d.admin, { name: "停用负责人组", parent_id: ops2, leader_id: off.body.data.id }), 400, "iam.leader_inactive", ["leader_id"]);
    const lina = await d.userId("lina");
    const set = await d.api("PUT", `/departments/${ops2}`, d.admin, { leader_id: lina });
    expect(set.body.data).toMatchObject({ leader_id: lina, leader_name: "李娜" });
    const row = await s.system.db.get<{ before_data: string; after_data: string }>(
      "SELECT before_data, after_data FROM audit_logs WHERE action = 'dept.update' AND resource_id = ? AND status = 200 AND after_data LIKE ?", [ops2, `%${lina}%`],
    );
    expect(JSON.parse(row!.after_data)).toMatchObject({ leader_id: lina, leader_name: "李娜" });
    expect(JSON.parse(row!.before_data).leader_id).not.toBe(lina);
  });

  it("moves a subtree in one go and refuses cycles", async () => {
    const ops = d.dept("运营中心");
    const ops1 = d.dept("运营一部");
    const child = (await d.api("POST", "/departments", d.admin, { name: "一部一组", parent_id: ops1 })).body.data.id;
    expectError(await d.api("PUT", `/departments/${ops}`, d.admin, { parent_id: child }), 400, "iam.dept_cycle", ["parent_id"]);
    expectError(await d.api("PUT", `/departments/${ops}`, d.admin, { parent_id: ops }), 400, "iam.dept_cycle");
    const root = (await d.api("GET", "/departments", d.admin)).body.data[0].id;
    expectError(await d.api("PUT", `/departments/${root}`, d.admin, { parent_id: ops }), 400, "iam.dept_root_fixed");

    const tech = d.dept("技术部");
    expect((await d.api("PUT", `/departments/${ops1}`, d.admin, { parent_id: tech })).status).toBe(200);
    const tree = shape((await d.api("GET", "/departments", d.admin)).body.data);
    expect(tree).toEqual([{
      总部: [
        { 运营中心: ["运营二部", "运营三部（新）"] }, { 技术部: [{ 运营一部: ["一部一组"] }, "平台研发组", "运维保障组"] }, "审计部", "总经办", "客服中心", "财务部",
      ],
    }]);
    // Paths moved too: the subtree filter and data scopes follow the new place.
    const techUsers = await d.api("GET", `/users?dept_id=${tech}&include_children=true`, d.admin);
    expect(techUsers.body.data.items.map((u: { username: string }) => u.username).sort()).toEqual([
      "gaofeng", "hejun", "lina", "linxiaoyu", "liuyang", "mazhiqiang", "wuqian", "xuhao", "zhoujie",
    ]);
    const zhangwei = await s.login("zhangwei");
    expect((await d.api("GET", `/users?q=lina`, zhangwei)).body.data.total).toBe(0);
    expect((await d.api("PUT", `/departments/${ops1}`, d.admin, { parent_id: ops })).status).toBe(200);
    expect((await d.api("GET", `/users?q=lina`, zhangwei)).body.data.total).toBe(1);
  });

  it("deletes only empty departments, never the root", async () => {
    const ops1 = d.dept("运营一部");
    expectError(await d.api("DELETE", `/departments/${ops1}`, d.admin), 409, "iam.dept_not_empty");
    const root = (await d.api("GET", "/departments", d.admin)).body.data[0].id;
    expectError(await d.api("DELETE", `/departments/${root}`, d.admin), 400, "iam.dept_root_protected");
    const empty = (await d.api("POST", "/departments", d.admin, { name: "临时", parent_id: d.dept("审计部") })).body.data.id;
    const withUser = (await d.api("POST", "/departments", d.admin, { name: "有人", parent_id: d.dept("审计部") })).body.data.id;
    const u = await d.api("POST", "/users", d.admin, { username: "temp_member", display_name: "t", dept_id: withUser, role_ids: [] });
    expectError(await d.api("DELETE", `/departments/${withUser}`, d.admin), 409, "iam.dept_not_empty");
    await d.api("DELETE", `/users/${u.body.data.id}`, d.admin);
    expect((await d.api("DELETE", `/departments/${withUser}`, d.admin)).status).toBe(200);
    const r = await d.api("DELETE", `/departments/${empty}`, d.admin);
    expect(r.body.data).toEqual({ id: empty, deleted: true });
    expectError(await d.api("GET", `/departments/${empty}`, d.admin), 404, "iam.dept_not_found");
  });

  it("keeps writes inside the actor's scope and permissions", async () => {
    const lina = await s.login("lina");
    expectError(await d.api("POST", "/departments", lina, { name: "x", parent_id: d.dept("运营一部") }), 403, "auth.forbidden");
    // A manager given department rights still cannot reach outside their subtree.
    const mgr = await d.createActiveUser({ username: "dept_mgr", dept: "运营中心", roles: ["ops_manager"] });
    const role = await d.api("POST", "/roles", d.admin, {
      code: "dept_admin", name: "部门管理", data_scope: "DEPT_AND_CHILD", permissions: ["iam:dept:create", "iam:dept:update", "iam:dept:delete"],
    });
    await d.api("PUT", `/users/${mgr.id}`, d.admin, { role_ids: [d.role("ops_manager"), role.body.data.id] });
    expectError(await d.api("POST", "/departments", mgr.token, { name: "x", parent_id: d.dept("技术部") }), 403, "iam.dept_out_of_scope", ["parent_id"]);
    expectError(await d.api("PUT", `/departments/${d.dept("技术部")}`, mgr.token, { name: "y" }), 404, "iam.dept_not_found");
    expectError(await d.api("PUT", `/departments/${d.dept("运营二部")}`, mgr.token, { parent_id: d.dept("技术部") }), 403, "iam.dept_out_of_scope");
    const ok = await d.api("POST", "/departments", mgr.token, { name: "运营四部", parent_id: d.dept("运营中心") });
    expect(ok.status).toBe(201);
  });
});
