import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "@ops/shared";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { directory, expectError, type Directory } from "../directory.testkit.ts";

type Call = { body?: unknown };
type Ctx = { targetId: string; targetSession: string; d: Directory };

/**
 * Every mutating user or session route, as the OpenAPI document lists it, with the calls that
 * exercise it. A new action on a user that is missing here fails the first test: add it here,
 * and route it through assertMayManageUser.
 */
const CALLS: Record<string, (c: Ctx) => { param: string; calls: Call[] }> = {
  "put /api/v1/users/{id}": (c) => ({
    param: c.targetId,
    calls: [
      { body: { display_name: "改名" } }, { body: { status: "disabled" } },
      { body: { role_ids: [c.d.role("ops_specialist")] } }, { body: { dept_id: c.d.dept("技术部") } },
    ],
  }),
  "delete /api/v1/users/{id}": (c) => ({ param: c.targetId, calls: [{}] }),
  "post /api/v1/users/{id}/reset-password": (c) => ({ param: c.targetId, calls: [{ body: {} }, { body: { password: "Another#Pass2026" } }] }),
  "post /api/v1/users/{id}/unlock": (c) => ({ param: c.targetId, calls: [{}] }),
  "delete /api/v1/auth/online-sessions/{id}": (c) => ({ param: c.targetSession, calls: [{}] }),
  "delete /api/v1/auth/online-users/{user_id}": (c) => ({ param: c.targetId, calls: [{}] }),
};

/** Operations that act on one existing user or session: a path parameter and a user/session permission. */
function userActions(doc: { paths: Record<string, Record<string, { "x-permission"?: string }>> }): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const permission = op["x-permission"] ?? "";
      const onUser = /^iam:(user|session):/.test(permission) || path.startsWith("/api/v1/users/{");
      if (method !== "get" && path.includes("{") && onUser) out.push(`${method} ${path}`);
    }
  }
  return out.sort();
}

describe.each(ENGINES)("one guard for every action on a user (%s)", (engine) => {
  let s: TestSystem;
  let d: Directory;
  let manager: string;
  let ctx: Ctx;
  const snapshot = async (id: string) => ({
    user: await s.system.db.get(
      "SELECT username, display_name, dept_id, status, deleted_at, password_hash, must_change_password, failed_count, locked_until, updated_at FROM users WHERE id = ?",
      [id],
    ),
    roles: await s.system.db.all("SELECT role_id FROM user_roles WHERE user_id = ? ORDER BY role_id", [id]),
    sessions: await s.system.db.all("SELECT id, revoked_at FROM sessions WHERE user_id = ? ORDER BY id", [id]),
  });

  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await directory(s);
    // A 运营主管-like manager: every user and session permission, everyone in scope, but not super admin.
    const codes = PERMISSIONS.map((p) => p.code).filter((c) => /^iam:(user|session):/.test(c));
    const role = await d.api("POST", "/roles", d.admin, { code: "user_manager", name: "用户管理员", data_scope: "ALL", permissions: [...codes, "iam:role:list"] });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    manager = (await d.createActiveUser({ username: "usermgr", dept: "技术部", roles: ["user_manager"] })).token;
    // A second super administrator (the built-in admin has protections of its own that would hide a missing guard).
    const target = await d.createActiveUser({ username: "root2", dept: "总部", roles: ["super_admin"] });
    await s.system.db.run("UPDATE users SET failed_count = 3, locked_until = ? WHERE id = ?", [new Date(s.clock.now().getTime() + 600_000).toISOString(), target.id]);
    const sessions = await d.api("GET", `/auth/online-sessions?user_id=${target.id}`, d.admin);
    ctx = { targetId: target.id, targetSession: sessions.body.data.items[0].id, d };
  });
  afterAll(() => s?.close());

  it("knows how to call every user action the API documents", async () => {
    const doc = (await s.req("GET", "/api/openapi.json")).body;
    expect(userActions(doc)).toEqual(Object.keys(CALLS).sort());
  });

  it("refuses each of them on a super administrator with 403 and changes nothing", async () => {
    const before = await snapshot(ctx.targetId);
    for (const [key, fixture] of Object.entries(CALLS)) {
      const [method, path] = key.split(" ") as [string, string];
      const { param, calls } = fixture(ctx);
      const url = path.replace(/\{[^}]+\}/, param).replace("/api/v1", "");
      for (const call of calls) {
        const r = await d.api(method.toUpperCase(), url, manager, call.body);
        expectError(r, 403, "iam.user_manage_forbidden");
      }
    }
    expect(await snapshot(ctx.targetId)).toEqual(before);
  });

  it("still lets the same manager act on an ordinary user", async () => {
    const plain = await d.createActiveUser({ username: "plain1", dept: "技术部", roles: [] });
    await s.system.db.run("UPDATE users SET failed_count = 3 WHERE id = ?", [plain.id]);
    expect((await d.api("POST", `/users/${plain.id}/unlock`, manager)).status).toBe(200);
    expect((await d.api("DELETE", `/auth/online-users/${plain.id}`, manager)).body.data).toEqual({ ended: 1 });
    expect((await d.api("PUT", `/users/${plain.id}`, manager, { display_name: "普通" })).status).toBe(200);
  });
});
