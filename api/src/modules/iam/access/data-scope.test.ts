import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type UserActor } from "@ops/shared";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { createScopeFilter, isDeptInScope } from "./data-scope.ts";
import { directory, type Directory } from "../directory.testkit.ts";
import { DEMO_USERS } from "../../../demo/seed-demo.ts";

describe.each(ENGINES)("data scopes (%s)", (engine) => {
  let s: TestSystem;
  let d: Directory;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await directory(s);
    // a colleague of lina's, so DEPT means "my department" and not just "me"
    await d.createActiveUser({ username: "ops1_peer", dept: "运营一部", roles: [] });
  });
  afterAll(() => s?.close());

  const visible = async (token: string) => {
    const r = await d.api("GET", "/users?page_size=200", token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data.items.map((u: { username: string }) => u.username).sort();
  };
  const listRole = async (code: string, scope: string, deptIds?: string[]) => {
    const r = await d.api("POST", "/roles", d.admin, { code, name: code, data_scope: scope, dept_ids: deptIds, permissions: ["iam:user:list"] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data.id as string;
  };

  it("DEPT: lina (运营专员) sees only the users of 运营一部", async () => {
    // the demo's 运营一部: lina, her manager zhoujie and wuqian
    expect(await visible(await s.login("lina"))).toEqual(["lina", "ops1_peer", "wuqian", "zhoujie"]);
  });

  it("DEPT_AND_CHILD: zhangwei (运营主管) sees 运营中心, 运营一部 and 运营二部", async () => {
    expect(await visible(await s.login("zhangwei"))).toEqual(["huangmin", "lina", "ops1_peer", "wangfang", "wuqian", "zhangwei", "zhengyu", "zhoujie"]);
  });

  it("ALL: chenjing (审计人员) sees everyone", async () => {
    expect(await visible(await s.login("chenjing"))).toEqual(["admin", "ops1_peer", ...DEMO_USERS.map((u) => u.username)].sort());
  });

  it("SELF: a self-only role sees just its holder", async () => {
    await listRole("self_lister", "SELF");
    const u = await d.createActiveUser({ username: "self_user", dept: "运营一部", roles: ["self_lister"] });
    expect(await visible(u.token)).toEqual(["self_user"]);
  });

  it("CUSTOM: the role's departments (and the holder's own row)", async () => {
    await listRole("custom_lister", "CUSTOM", [d.dept("技术部"), d.dept("审计部")]);
    const u = await d.createActiveUser({ username: "custom_user", dept: "运营二部", roles: ["custom_lister"] });
    // the listed departments only: 技术部's own members, not its sub-teams
    expect(await visible(u.token)).toEqual(["chenjing", "custom_user", "liuyang", "xuhao"]);
  });

  it("several roles: the union of their scopes", async () => {
    const u = await d.createActiveUser({ username: "multi_user", dept: "运营二部", roles: ["custom_lister", "ops_specialist"] });
    expect(await visible(u.token)).toEqual(["chenjing", "custom_user", "huangmin", "liuyang", "multi_user", "wangfang", "xuhao", "zhengyu"]);
  });

  it("other modules get the same scope: zhangwei's audit log shows only actors of his subtree", async () => {
    const zhangwei = await s.login("zhangwei");
    await d.api("PUT", `/users/${await d.userId("lina")}`, zhangwei, { display_name: "李娜" });
    const logs = await d.api("GET", "/audit/logs?page_size=200", zhangwei);
    const actors = new Set(logs.body.data.items.map((l: { actor_name: string }) => l.actor_name));
    expect(actors.has("zhangwei")).toBe(true);
    expect(actors.has("admin")).toBe(false);
  });

  it("narrows rather than widens on anything unexpected", async () => {
    const scope = createScopeFilter(s.system.db);
    expect(await scope(systemActor("test"), { dept: "u.dept_id", owner: "u.id" })).toBeNull();
    const odd = await listRole("odd_scope", "DEPT");
    await s.system.db.run("UPDATE roles SET data_scope = 'EVERYTHING' WHERE id = ?", [odd]);
    const actor: UserActor = {
      kind: "user", userId: "u1", username: "u1", displayName: "u1", deptId: d.dept("运营一部"), roleIds: [odd],
      permissions: [], sessionId: null, locale: "zh-CN",
    };
    expect(await scope(actor, { dept: "u.dept_id", owner: "u.id" })).toEqual({ sql: "(u.id = ?)", params: ["u1"] });
    expect(await scope(actor, { dept: "t.dept_id" })).toEqual({ sql: "1 = 0", params: [] });
    expect(await scope({ ...actor, roleIds: [] }, { owner: "t.owner" })).toEqual({ sql: "(t.owner = ?)", params: ["u1"] });
    expect(await isDeptInScope(s.system.db, actor, d.dept("运营一部"))).toBe(false);
    const manager = { ...actor, deptId: d.dept("运营中心"), roleIds: [d.role("ops_manager")] };
    expect(await isDeptInScope(s.system.db, manager, d.dept("运营二部"))).toBe(true);
    expect(await isDeptInScope(s.system.db, manager, d.dept("技术部"))).toBe(false);
  });
});
