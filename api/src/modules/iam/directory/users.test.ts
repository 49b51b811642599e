import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { TEST_PASSWORD, directory, expectError, type Directory } from "../directory.testkit.ts";

describe.each(ENGINES)("users (%s)", (engine) => {
  let s: TestSystem;
  let d: Directory;
  let zhangwei: string;
  let lina: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await directory(s);
    zhangwei = await s.login("zhangwei");
    lina = await s.login("lina");
  });
  afterAll(() => s?.close());

  const names = (r: { body: any }) => r.body.data.items.map((u: { username: string }) => u.username).sort();

  it("lists with filters, pagination and an allow-listed sort", async () => {
    const all = await d.api("GET", "/users", d.admin);
    expect(all.status).toBe(200);
    // admin and the 18 people of the demo company
    expect(all.body.data).toMatchObject({ total: 19, page: 1, page_size: 20, pages: 1 });
    const one = all.body.data.items.find((u: { username: string }) => u.username === "lina");
    expect(one).toMatchObject({
      display_name: "李娜", dept_name: "运营一部", status: "active", locale: "zh-CN", mfa_enabled: false, locked: false,
      locked_until: null, roles: [{ code: "ops_specialist", name: "运营专员" }],
    });
    expect(Object.keys(one)).not.toContain("password_hash");

    const ops = d.dept("运营中心");
    expect(names(await d.api("GET", `/users?dept_id=${ops}`, d.admin))).toEqual(["zhangwei"]);
    expect(names(await d.api("GET", `/users?dept_id=${ops}&include_children=true`, d.admin))).toEqual([
      "huangmin", "lina", "wangfang", "wuqian", "zhangwei", "zhengyu", "zhoujie",
    ]);
    expect(names(await d.api("GET", `/users?role_id=${d.role("ops_specialist")}`, d.admin))).toEqual(["huangmin", "lina", "songjia", "wangfang", "wuqian"]);
    // every demo user has an address on example.com; huangmin is disabled
    expect(names(await d.api("GET", "/users?q=example.com&status=active", d.admin))).toHaveLength(17);
    expect(names(await d.api("GET", "/users?q=%E5%BC%A0", d.admin))).toEqual(["zhangwei"]);
    expect(names(await d.api("GET", "/users?status=disabled", d.admin))).toEqual(["huangmin"]);

    const paged = await d.api("GET", "/users?sort=-username&page=2&page_size=2", d.admin);
    expect(paged.body.data).toMatchObject({ total: 19, page: 2, page_size: 2, pages: 10 });
    expect(paged.body.data.items.map((u: { username: string }) => u.username)).toEqual(["zhangwei", "xuhao"]);
    expectError(await d.api("GET", "/users?sort=password_hash", d.admin), 400, "common.invalid_sort");
  });

  it("masks phone, email and id number unless the reader holds iam:user:unmask", async () => {
    const full = await d.api("GET", "/users?q=lina", d.admin);
    expect(full.body.data.items[0]).toMatchObject({ phone: "13800000002", email: "lina@example.com" });
    const masked = await d.api("GET", "/users?q=lina", zhangwei);
    expect(masked.body.data.items[0]).toMatchObject({ phone: "138****0002", email: "l***@example.com" });
    const linaId = await d.userId("lina");
    expect((await d.api("GET", `/users/${linaId}`, zhangwei)).body.data.phone).toBe("138****0002");
  });

  it("does not let a reader without iam:user:unmask probe masked fields by searching them", async () => {
    expect((await d.api("GET", "/users?q=13800000002", d.admin)).body.data.total).toBe(1);
    expect((await d.api("GET", "/users?q=13800000002", zhangwei)).body.data.total).toBe(0);
    expect((await d.api("GET", "/users?q=lina%40example", zhangwei)).body.data.total).toBe(0);
  });

  it("creates a user whose generated password is shown once and must be changed at first sign-in", async () => {
    const r = await d.api("POST", "/users", d.admin, {
      username: "zhaolei", display_name: "赵磊", dept_id: d.dept("运营一部"), role_ids: [d.role("ops_specialist")],
      phone: "13900000009", email: "zhaolei@example.com", id_number: "110101199003071234",
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ username: "zhaolei", dept_name: "运营一部", status: "active", id_number: "110101199003071234" });
    expect(r.body.data.initial_password).toMatch(/^.{16}$/);
    const login = await s.req("POST", "/api/v1/auth/login", { body: { username: "zhaolei", password: r.body.data.initial_password } });
    expect(login.status).toBe(200);
    expect(login.body.data.password_change_required).toBe(true);
    const shown = await d.api("GET", `/users/${r.body.data.id}`, d.admin);
    expect(shown.body.data).not.toHaveProperty("initial_password");
    expect(shown.body.data.roles.map((x: { code: string }) => x.code)).toEqual(["ops_specialist"]);
  });

  it("refuses taken or malformed usernames, missing references and weak passwords, changing nothing", async () => {
    const base = { display_name: "X", dept_id: d.dept("运营一部"), role_ids: [] };
    expectError(await d.api("POST", "/users", d.admin, { ...base, username: "lina" }), 409, "iam.username_taken", ["username"]);
    expectError(await d.api("POST", "/users", d.admin, { ...base, username: "LiNa" }), 409, "iam.username_taken", ["username"]);
    const bad = await d.api("POST", "/users", d.admin, { ...base, username: "a b!", dept_id: "" });
    expectError(bad, 400, "common.validation", ["dept_id", "username"]);
    expect(bad.body.errors.find((e: { field: string }) => e.field === "username").message).toBe("用户名须为 3–32 位字母、数字或 . _ -");
    expectError(await d.api("POST", "/users", d.admin, { ...base, username: "ok_name", dept_id: "nope" }), 400, "iam.dept_not_found", ["dept_id"]);
    expectError(
      await d.api("POST", "/users", d.admin, { ...base, username: "ok_name", dept_id: "nope", role_ids: ["nope"] }),
      400, "common.validation", ["dept_id", "role_ids"],
    );
    const weak = await d.api("POST", "/users", d.admin, { ...base, username: "ok_name", password: "123" });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe("password");
    expect((await d.api("GET", "/users?q=ok_name", d.admin)).body.data.total).toBe(0);
  });

  it("lets an actor create users only in departments of their scope and with roles they could hold", async () => {
    const body = (dept: string, roles: string[], username: string) => ({
      username, display_name: username, dept_id: d.dept(dept), role_ids: roles.map((c) => d.role(c)),
    });
    expectError(await d.api("POST", "/users", lina, body("运营一部", [], "by_lina")), 403, "auth.forbidden");
    expectError(await d.api("POST", "/users", zhangwei, body("技术部", [], "by_zw1")), 403, "iam.dept_out_of_scope", ["dept_id"]);
    expectError(await d.api("POST", "/users", zhangwei, body("运营一部", ["developer"], "by_zw2")), 403, "iam.role_grant_forbidden", ["role_ids"]);
    expectError(await d.api("POST", "/users", zhangwei, body("运营一部", ["super_admin"], "by_zw3")), 403, "iam.role_grant_forbidden");
    const made = await d.api("POST", "/users", zhangwei, body("运营二部", ["ops_specialist"], "by_zw4"));
    expect(made.status).toBe(201);
    expect(made.body.data.phone).toBeNull();
    expect((await d.api("GET", "/users?q=by_zw", d.admin)).body.data.total).toBe(1);
  });

  it("updates within scope and grants, clears fields, and protects self and the built-in admin", async () => {
    const linaId = await d.userId("lina");
    const r = await d.api("PUT", `/users/${linaId}`, d.admin, { display_name: "李娜娜", phone: "", locale: "en" });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ display_name: "李娜娜", phone: null, locale: "en" });
    expectError(await d.api("PUT", `/users/${await d.userId("liuyang")}`, zhangwei, { display_name: "x" }), 404, "iam.user_not_found");
    expectError(await d.api("PUT", `/users/${linaId}`, zhangwei, { dept_id: d.dept("技术部") }), 403, "iam.dept_out_of_scope");
    expectError(await d.api("PUT", `/users/${linaId}`, zhangwei, { role_ids: [d.role("developer")] }), 403, "iam.role_grant_forbidden");
    const moved = await d.api("PUT", `/users/${linaId}`, zhangwei, { dept_id: d.dept("运营二部"), role_ids: [d.role("ops_manager")] });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ dept_name: "运营二部", roles: [{ code: "ops_manager" }] });
    await d.api("PUT", `/users/${linaId}`, d.admin, { dept_id: d.dept("运营一部"), role_ids: [d.role("ops_specialist")], locale: "zh-CN" });

    expectError(await d.api("PUT", `/users/${await d.userId("zhangwei")}`, zhangwei, { status: "disabled" }), 400, "iam.cannot_disable_self", ["status"]);
    const adminId = await d.userId("admin");
    expectError(await d.api("PUT", `/users/${adminId}`, zhangwei, { display_name: "x" }), 404, "iam.user_not_found");
    const root2 = await d.createActiveUser({ username: "root2", dept: "运营中心", roles: ["super_admin"] });
    expectError(await d.api("PUT", `/users/${adminId}`, root2.token, { status: "disabled" }), 403, "iam.admin_protected");
    expectError(await d.api("PUT", `/users/${adminId}`, root2.token, { role_ids: [] }), 403, "iam.admin_protected");
    expectError(await d.api("DELETE", `/users/${adminId}`, root2.token), 403, "iam.admin_protected");
    expectError(await d.api("DELETE", `/users/${adminId}`, d.admin), 400, "iam.cannot_delete_self");
    expectError(await d.api("PUT", `/users/${root2.id}`, zhangwei, { display_name: "x" }), 403, "iam.user_manage_forbidden");
  });

  it("disabling a user ends their sessions", async () => {
    const u = await d.createActiveUser({ username: "dis_me", dept: "运营一部", roles: ["ops_specialist"] });
    expect((await d.api("GET", "/auth/me", u.token)).status).toBe(200);
    expect((await d.api("PUT", `/users/${u.id}`, d.admin, { status: "disabled" })).body.data.status).toBe("disabled");
    expect((await d.api("GET", "/auth/me", u.token)).status).toBe(401);
    expect((await s.req("POST", "/api/v1/auth/login", { body: { username: "dis_me", password: TEST_PASSWORD } })).status).not.toBe(200);
  });

  it("soft-deletes: sessions end, the user disappears, the username is free again, leaderships are cleared", async () => {
    const u = await d.createActiveUser({ username: "leaving", dept: "运营二部", roles: ["ops_specialist"] });
    const dept = d.dept("运营二部");
    expect((await d.api("PUT", `/departments/${dept}`, d.admin, { leader_id: u.id })).body.data.leader_name).toBe("leaving");
    const r = await d.api("DELETE", `/users/${u.id}`, d.admin);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ id: u.id, deleted: true });
    expect((await d.api("GET", "/auth/me", u.token)).status).toBe(401);
    expectError(await d.api("GET", `/users/${u.id}`, d.admin), 404, "iam.user_not_found");
    expectError(await d.api("DELETE", `/users/${u.id}`, d.admin), 404, "iam.user_not_found");
    expect((await d.api("GET", `/departments/${dept}`, d.admin)).body.data.leader_id).toBeNull();
    const again = await d.api("POST", "/users", d.admin, { username: "leaving", display_name: "again", dept_id: dept, role_ids: [] });
    expect(again.status).toBe(201);
    expectError(await d.api("DELETE", `/users/${await d.userId("lina")}`, zhangwei), 403, "auth.forbidden");
  });

  it("resets a password: shown once, must be changed, every session ends", async () => {
    const u = await d.createActiveUser({ username: "forgetful", dept: "运营一部", roles: ["ops_specialist"] });
    const r = await d.api("POST", `/users/${u.id}/reset-password`, zhangwei);
    expect(r.status).toBe(200);
    expect(r.body.data.password).toMatch(/^.{16}$/);
    expect((await d.api("GET", "/auth/me", u.token)).status).toBe(401);
    expect((await s.req("POST", "/api/v1/auth/login", { body: { username: "forgetful", password: TEST_PASSWORD } })).status).toBe(401);
    const login = await s.req("POST", "/api/v1/auth/login", { body: { username: "forgetful", password: r.body.data.password } });
    expect(login.body.data.password_change_required).toBe(true);
    const chosen = await d.api("POST", `/users/${u.id}/reset-password`, d.admin, { password: "Another#Pass2026" });
    expect(chosen.body.data.password).toBe("Another#Pass2026");
    const weak = await d.api("POST", `/users/${u.id}/reset-password`, d.admin, { password: "abc" });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe("password");
    expectError(await d.api("POST", `/users/${await d.userId("liuyang")}/reset-password`, zhangwei), 404, "iam.user_not_found");
  });

  it("unlocks an account locked by failed sign-ins", async () => {
    const u = await d.createActiveUser({ username: "locked_out", dept: "运营一部", roles: ["ops_specialist"] });
    let last = 0;
    for (let i = 0; i < 6 && last !== 423; i++) {
      last = (await s.req("POST", "/api/v1/auth/login", { body: { username: "locked_out", password: "wrong-password" } })).status;
    }
    expect(last).toBe(423);
    expect((await d.api("GET", `/users/${u.id}`, zhangwei)).body.data.locked).toBe(true);
    const r = await d.api("POST", `/users/${u.id}/unlock`, zhangwei);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ locked: false, locked_until: null });
    expect((await s.req("POST", "/api/v1/auth/login", { body: { username: "locked_out", password: TEST_PASSWORD } })).status).toBe(200);
    expectError(await d.api("POST", `/users/${u.id}/unlock`, lina), 403, "auth.forbidden");
  });

  it("leaves an audit trail of who did what, without secrets, readable by the auditor", async () => {
    const created = await d.api("POST", "/users", zhangwei, {
      username: "audited", display_name: "审计对象", dept_id: d.dept("运营一部"), role_ids: [], phone: "13911112222",
    });
    const id = created.body.data.id as string;
    await d.api("PUT", `/users/${id}`, zhangwei, { display_name: "审计对象2" });
    await d.api("POST", `/users/${id}/reset-password`, zhangwei);
    await d.api("DELETE", `/users/${id}`, d.admin);
    await d.api("POST", "/users", lina, { username: "sneaky", display_name: "x", dept_id: d.dept("运营一部"), role_ids: [] });

    const chenjing = await s.login("chenjing");
    const trail = await d.api("GET", `/audit/logs?resource_type=user&resource_id=${id}&sort=ts`, chenjing);
    expect(trail.status).toBe(200);
    const rows = trail.body.data.items as Array<Record<string, any>>;
    expect(rows.map((x) => [x.actor_name, x.action, x.status]).sort()).toEqual([
      ["admin", "user.delete", 200],
      ["zhangwei", "user.create", 201],
      ["zhangwei", "user.reset-password", 200],
      ["zhangwei", "user.update", 200],
    ]);
    const update = rows.find((x) => x.action === "user.update")!;
    expect(update.before).toMatchObject({ display_name: "审计对象", phone: "139****2222" });
    expect(update.after).toMatchObject({ display_name: "审计对象2" });
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/password_hash|argon2|initial_password/);
    const denied = await d.api("GET", "/audit/logs?actor=lina&action=user.create", d.admin);
    expect(denied.body.data.items[0]).toMatchObject({ actor_name: "lina", status: 403, error_code: "auth.forbidden" });
  });

  it("lists and shows users to a reader without write permissions", async () => {
    const liuyang = await s.login("liuyang", DEMO_PASSWORD);
    // DEPT scope: 技术部's own members (its sub-teams are other departments)
    expect(names(await d.api("GET", "/users", liuyang))).toEqual(["liuyang", "xuhao"]);
  });
});
