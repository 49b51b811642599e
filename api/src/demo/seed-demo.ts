import type { Db } from "../platform/db/db.ts";
import { insertRow } from "../platform/db/query.ts";
import { newId } from "../platform/crypto.ts";
import { hashPassword } from "../modules/iam/index.ts";

export const DEMO_PASSWORD = "Ops@demo2026";

/** `key` is also the department's built-in code (`demo_<key>`), so its default name follows the request's language. */
type DemoDept = { key: string; name: string; parent: string | null };
type DemoUser = { username: string; name: string; dept: string; role: string; email: string; phone: string };

const DEPTS: DemoDept[] = [
  { key: "ops", name: "运营中心", parent: null },
  { key: "ops1", name: "运营一部", parent: "ops" },
  { key: "ops2", name: "运营二部", parent: "ops" },
  { key: "tech", name: "技术部", parent: null },
  { key: "audit", name: "审计部", parent: null },
];

export const DEMO_USERS: DemoUser[] = [
  { username: "zhangwei", name: "张伟", dept: "ops", role: "ops_manager", email: "zhangwei@example.com", phone: "13800000001" },
  { username: "lina", name: "李娜", dept: "ops1", role: "ops_specialist", email: "lina@example.com", phone: "13800000002" },
  { username: "wangfang", name: "王芳", dept: "ops2", role: "ops_specialist", email: "wangfang@example.com", phone: "13800000003" },
  { username: "liuyang", name: "刘洋", dept: "tech", role: "developer", email: "liuyang@example.com", phone: "13800000004" },
  { username: "chenjing", name: "陈静", dept: "audit", role: "auditor", email: "chenjing@example.com", phone: "13800000005" },
];

/** Demo departments and one user per seeded role (OPS_DEMO=1); idempotent. */
export async function seedDemo(db: Db, now: Date): Promise<void> {
  if (await db.get("SELECT id FROM users WHERE username = ?", [DEMO_USERS[0]!.username])) {
    // demo data seeded before departments had codes: mark the demo departments still named as seeded
    for (const d of DEPTS) await db.run("UPDATE departments SET code = ? WHERE code IS NULL AND name = ? AND parent_id IS NOT NULL", [`demo_${d.key}`, d.name]);
    return;
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.tx(async () => {
    const ts = now.toISOString();
    const root = (await db.get<{ id: string; path: string }>("SELECT id, path FROM departments WHERE parent_id IS NULL ORDER BY created_at LIMIT 1"))!;
    const ids = new Map<string, { id: string; path: string }>();
    for (const [sort, d] of DEPTS.entries()) {
      const parent = d.parent ? ids.get(d.parent)! : root;
      const id = newId();
      const path = `${parent.path}${id}/`;
      await insertRow(db, "departments", { id, parent_id: parent.id, path, name: d.name, code: `demo_${d.key}`, sort, status: "active", created_at: ts, updated_at: ts });
      ids.set(d.key, { id, path });
    }
    for (const u of DEMO_USERS) {
      const id = newId();
      await insertRow(db, "users", {
        id, username: u.username, display_name: u.name, email: u.email, phone: u.phone, dept_id: ids.get(u.dept)!.id,
        status: "active", locale: "zh-CN", password_hash: hash, password_changed_at: ts, must_change_password: 0,
        created_at: ts, updated_at: ts,
      });
      await insertRow(db, "password_history", { id: newId(), user_id: id, password_hash: hash, created_at: ts });
      const role = (await db.get<{ id: string }>("SELECT id FROM roles WHERE code = ?", [u.role]))!;
      await insertRow(db, "user_roles", { user_id: id, role_id: role.id });
    }
    const leader = await db.get<{ id: string }>("SELECT id FROM users WHERE username = 'zhangwei'");
    await db.run("UPDATE departments SET leader_id = ? WHERE id = ?", [leader!.id, ids.get("ops")!.id]);
  });
}
