import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "@ops/shared";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { directory, expectError, type Directory } from "../directory.testkit.ts";

describe.each(ENGINES)("roles and permissions (%s)", (engine) => {
  let s: TestSystem;
  let d: Directory;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await directory(s);
  });
  afterAll(() => s?.close());

  const role = async (id: string) => (await d.api("GET", `/roles/${id}`, d.admin)).body.data;

  it("lists roles with own and inherited permissions, scopes and user counts", async () => {
    const r = await d.api("GET", "/roles", d.admin);
    expect(r.status).toBe(200);
    // the built-in roles first; capabilities' demo roles (the four ticket parties) follow
    expect(r.body.data.filter((x: { builtin: boolean }) => x.builtin).map((x: { code: string }) => x.code)).toEqual(["super_admin", "ops_specialist", "ops_manager", "developer", "auditor"]);
    const manager = r.body.data.find((x: { code: string }) => x.code === "ops_manager");
    expect(manager).toMatchObject({
      name: "运营主管", parent_id: d.role("ops_specialist"), data_scope: "DEPT_AND_CHILD", builtin: true, mfa_required: false,
      user_count: 4, dept_ids: [],
    });
    expect(manager.permissions).toContain("iam:user:create");
    expect(manager.permissions).not.toContain("jobs:run");
    expect(manager.inherited_permissions).toContain("jobs:run");
    expect(manager.inherited_permissions).not.toContain("iam:user:create");
    // the demo company: zhangwei, zhoujie, zhengyu and luoting manage; five specialists
    expect(r.body.data.find((x: { code: string }) => x.code === "ops_specialist").user_count).toBe(5);
    expect((await d.api("GET", "/roles?q=audit", d.admin)).body.data.map((x: { code: string }) => x.code)).toEqual(["auditor"]);
    expectError(await d.api("GET", "/roles/missing", d.admin), 404, "iam.role_not_found");
  });

  it("creates a role from catalog codes, adding the menus above them", async () => {
    const r = await d.api("POST", "/roles", d.admin, {
      code: "report_viewer", name: "报表查看", data_scope: "CUSTOM", dept_ids: [d.dept("运营一部"), d.dept("技术部")],
      permissions: ["reports:view", "iam:user:list"], mfa_required: true, description: "只看报表", sort: 9,
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ code: "report_viewer", builtin: false, mfa_required: true, sort: 9, user_count: 0, inherited_permissions: [] });
    expect(r.body.data.permissions).toEqual(["iam:user:list", "menu:iam", "menu:iam:users", "menu:reports", "reports:view"]);
    expect(r.body.data.dept_ids).toEqual([d.dept("运营一部"), d.dept("技术部")].sort());

    const base = { name: "x", data_scope: "SELF" };
    expectError(await d.api("POST", "/roles", d.admin, { ...base, code: "report_viewer" }), 409, "iam.role_code_taken", ["code"]);
    expectError(await d.api("POST", "/roles", d.admin, { ...base, code: "Bad Code" }), 400, "common.validation", ["code"]);
    const unknown = await d.api("POST", "/roles", d.admin, { ...base, code: "r1", permissions: ["reports:view", "no:such:code"] });
    expectError(unknown, 400, "iam.permission_unknown", ["permissions"]);
    expect(unknown.body.errors[0].message).toContain("no:such:code");
    expectError(await d.api("POST", "/roles", d.admin, { ...base, code: "r2", permissions: ["*"] }), 400, "iam.permission_unknown");
    expectError(await d.api("POST", "/roles", d.admin, { ...base, code: "r3", data_scope: "CUSTOM" }), 400, "iam.role_dept_ids_required", ["dept_ids"]);
    expectError(await d.api("POST", "/roles", d.admin, { ...base, code: "r4", data_scope: "CUSTOM", dept_ids: ["nope"] }), 400, "iam.dept_not_found");
    expectError(await d.api("POST", "/roles", d.admin, { ...base, code: "r5", parent_id: "nope" }), 400, "iam.role_not_found", ["parent_id"]);
    expect((await d.api("GET", "/roles?q=r", d.admin)).body.data.map((x: { code: string }) => x.code)).not.toContain("r1");
  });

  it("inherits down the tree, refuses cycles and keeps paths right when a role moves", async () => {
    const parent = (await d.api("POST", "/roles", d.admin, { code: "p_role", name: "P", data_scope: "SELF", permissions: ["jobs:view"] })).body.data;
    const child = (await d.api("POST", "/roles", d.admin, { code: "c_role", name: "C", data_scope: "SELF", parent_id: parent.id, permissions: ["flows:view"] })).body.data;
    const grandchild = (await d.api("POST", "/roles", d.admin, { code: "g_role", name: "G", data_scope: "SELF", parent_id: child.id })).body.data;
    expect(grandchild.inherited_permissions).toEqual(["flows:view", "jobs:view", "menu:flows", "menu:jobs"]);
    expectError(await d.api("PUT", `/roles/${parent.id}`, d.admin, { parent_id: grandchild.id }), 400, "iam.role_cycle", ["parent_id"]);
    expectError(await d.api("PUT", `/roles/${parent.id}`, d.admin, { parent_id: parent.id }), 400, "iam.role_cycle");
    // Moving the middle role to the top takes its subtree along: the grandchild no longer inherits jobs:view.
    expect((await d.api("PUT", `/roles/${child.id}`, d.admin, { parent_id: null })).status).toBe(200);
    expect((await role(grandchild.id)).inherited_permissions).toEqual(["flows:view", "menu:flows"]);
    expect((await d.api("PUT", `/roles/${child.id}`, d.admin, { parent_id: parent.id })).status).toBe(200);
    expect((await role(grandchild.id)).inherited_permissions).toContain("jobs:view");
    expectError(await d.api("DELETE", `/roles/${parent.id}`, d.admin), 409, "iam.role_has_children");
  });

  it("applies role changes on the affected users' next request", async () => {
    const lina = await s.login("lina");
    const specialist = d.role("ops_specialist");
    const before = await role(specialist);
    expect((await d.api("GET", "/users", lina)).status).toBe(200);
    const without = before.permissions.filter((c: string) => c !== "iam:user:list");
    const r = await d.api("PUT", `/roles/${specialist}`, d.admin, { permissions: without });
    expect(r.body.data.permissions).not.toContain("iam:user:list");
    expectError(await d.api("GET", "/users", lina), 403, "auth.forbidden");
    // zhangwei (运营主管) inherits from 运营专员 and loses it too
    const zhangwei = await s.login("zhangwei");
    expect((await d.api("GET", "/auth/me", zhangwei)).body.data.permissions).not.toContain("iam:user:list");
    await d.api("PUT", `/roles/${specialist}`, d.admin, { permissions: before.permissions });
    expect((await d.api("GET", "/users", lina)).status).toBe(200);
  });

  it("changes the data scope of a role for its users at once", async () => {
    const lina = await s.login("lina");
    const specialist = d.role("ops_specialist");
    // 运营一部: lina, zhoujie, wuqian
    expect((await d.api("GET", "/users", lina)).body.data.total).toBe(3);
    await d.api("PUT", `/roles/${specialist}`, d.admin, { data_scope: "CUSTOM", dept_ids: [d.dept("技术部")] });
    const names = (await d.api("GET", "/users", lina)).body.data.items.map((u: { username: string }) => u.username).sort();
    expect(names).toEqual(["lina", "liuyang", "xuhao"]);
    const back = await d.api("PUT", `/roles/${specialist}`, d.admin, { data_scope: "DEPT" });
    expect(back.body.data).toMatchObject({ data_scope: "DEPT", dept_ids: [] });
  });

  it("protects built-in roles, roles in use and the super admin's everything", async () => {
    expectError(await d.api("DELETE", `/roles/${d.role("auditor")}`, d.admin), 400, "iam.role_builtin");
    const used = (await d.api("POST", "/roles", d.admin, { code: "in_use", name: "在用", data_scope: "SELF" })).body.data;
    const u = await d.api("POST", "/users", d.admin, { username: "holder", display_name: "h", dept_id: d.dept("技术部"), role_ids: [used.id] });
    expectError(await d.api("DELETE", `/roles/${used.id}`, d.admin), 409, "iam.role_in_use");
    await d.api("DELETE", `/users/${u.body.data.id}`, d.admin);
    expect((await d.api("DELETE", `/roles/${used.id}`, d.admin)).body.data).toEqual({ id: used.id, deleted: true });
    expectError(await d.api("GET", `/roles/${used.id}`, d.admin), 404, "iam.role_not_found");

    const superId = d.role("super_admin");
    const edited = await d.api("PUT", `/roles/${superId}`, d.admin, { name: "超级管理员", description: "全部", mfa_required: false });
    expect(edited.body.data).toMatchObject({ permissions: ["*"], data_scope: "ALL", description: "全部" });
    expectError(await d.api("PUT", `/roles/${superId}`, d.admin, { permissions: ["jobs:view"], data_scope: "SELF" }), 400, "iam.super_admin_fixed", ["data_scope", "permissions"]);
    expect((await role(superId)).permissions).toEqual(["*"]);
    const renamed = await d.api("PUT", `/roles/${d.role("auditor")}`, d.admin, { name: "审计员", mfa_required: true });
    expect(renamed.body.data).toMatchObject({ name: "审计员", mfa_required: true, builtin: true });
    await d.api("PUT", `/roles/${d.role("auditor")}`, d.admin, { name: "审计人员", mfa_required: false });
  });

  it("lets nobody grant what they do not hold", async () => {
    const editor = await d.api("POST", "/roles", d.admin, {
      code: "role_editor", name: "角色编辑", data_scope: "SELF", permissions: ["iam:role:create", "iam:role:update", "iam:role:list", "jobs:view"],
    });
    const u = await d.createActiveUser({ username: "role_ed", dept: "技术部", roles: ["role_editor"] });
    const denied = await d.api("POST", "/roles", u.token, { code: "mine", name: "m", data_scope: "SELF", permissions: ["jobs:view", "jobs:manage"] });
    expectError(denied, 403, "iam.permission_grant_forbidden", ["permissions"]);
    expect(denied.body.message).toContain("jobs:manage");
    expectError(await d.api("POST", "/roles", u.token, { code: "mine", name: "m", data_scope: "SELF", parent_id: d.role("super_admin") }), 403, "iam.permission_grant_forbidden");
    expect((await d.api("POST", "/roles", u.token, { code: "mine", name: "m", data_scope: "SELF", permissions: ["jobs:view"] })).status).toBe(201);
    expectError(await d.api("PUT", `/roles/${editor.body.data.id}`, u.token, { permissions: ["iam:role:create", "audit:log:list"] }), 403, "iam.permission_grant_forbidden");
    expectError(await d.api("DELETE", `/roles/${editor.body.data.id}`, u.token), 403, "auth.forbidden");
  });

  it("serves the permission catalog as a tree or a flat list in the caller's language", async () => {
    const tree = await d.api("GET", "/permissions", d.admin);
    expect(tree.status).toBe(200);
    const iam = tree.body.data.find((n: { code: string }) => n.code === "menu:iam");
    expect(iam).toMatchObject({ kind: "menu", name: "身份与权限" });
    const users = iam.children.find((n: { code: string }) => n.code === "menu:iam:users");
    expect(users.children.map((n: { code: string }) => n.code)).toContain("iam:user:unmask");
    const en = await s.req("GET", "/api/v1/permissions?flat=true&lang=en", { token: d.admin });
    expect(en.body.data).toHaveLength(PERMISSIONS.length);
    expect(en.body.data.find((p: { code: string }) => p.code === "iam:user:create")).toEqual({
      code: "iam:user:create", kind: "button", parent: "menu:iam:users", name: "Create user",
    });
    // Without ?lang the signed-in user's own language decides.
    const chenjing = await s.login("chenjing");
    await d.api("PUT", `/users/${await d.userId("chenjing")}`, d.admin, { locale: "en" });
    const mine = await d.api("GET", "/permissions", chenjing);
    expect(mine.body.data[0].name).toBe("Identity & access");
    expectError(await d.api("GET", "/permissions", await s.login("lina")), 403, "auth.forbidden");
  });
});
