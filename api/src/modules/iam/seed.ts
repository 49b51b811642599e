import { PERMISSIONS } from "@ops/shared";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";
import { newId } from "../../platform/crypto.ts";
import { generatePassword, hashPassword } from "./auth/index.ts";
import { SEED_ROLES, withMenus } from "./access/index.ts";

export const ROOT_DEPT_NAME = "总部";

/** Keeps the permission table equal to the catalog in shared (codes are added, renamed, removed). */
export async function syncPermissions(db: Db): Promise<void> {
  await db.tx(async () => {
    const known = new Set((await db.all<{ code: string }>("SELECT code FROM permissions")).map((r) => r.code));
    for (const [i, p] of PERMISSIONS.entries()) {
      if (known.has(p.code)) {
        await db.run("UPDATE permissions SET kind = ?, parent_code = ?, name_zh = ?, name_en = ?, sort = ? WHERE code = ?", [
          p.kind, p.parent, p.name["zh-CN"], p.name.en, i, p.code,
        ]);
      } else {
        await insertRow(db, "permissions", { code: p.code, kind: p.kind, parent_code: p.parent, name_zh: p.name["zh-CN"], name_en: p.name.en, sort: i });
      }
      known.delete(p.code);
    }
    for (const stale of known) await db.run("DELETE FROM permissions WHERE code = ?", [stale]);
  });
}

/** Built-in roles and the root department, created once; later edits by admins are kept. */
export async function seedRolesAndRoot(db: Db, now: Date): Promise<void> {
  await db.tx(async () => {
    const ts = now.toISOString();
    const ids = new Map<string, string>();
    for (const r of await db.all<{ id: string; code: string }>("SELECT id, code FROM roles")) ids.set(r.code, r.id);
    for (const [sort, role] of SEED_ROLES.entries()) {
      if (ids.has(role.code)) continue;
      const id = newId();
      const parentId = role.parent ? ids.get(role.parent)! : null;
      const parentPath = parentId ? (await db.get<{ path: string }>("SELECT path FROM roles WHERE id = ?", [parentId]))!.path : "/";
      await insertRow(db, "roles", {
        id, code: role.code, name: role.name, parent_id: parentId, path: `${parentPath}${id}/`, data_scope: role.dataScope,
        mfa_required: 0, builtin: 1, sort, description: role.description, created_at: ts, updated_at: ts,
      });
      for (const code of withMenus(role.permissions)) await insertRow(db, "role_permissions", { role_id: id, permission_code: code });
      ids.set(role.code, id);
    }
    const root = await db.get("SELECT id FROM departments WHERE parent_id IS NULL");
    if (!root) {
      const id = newId();
      await insertRow(db, "departments", { id, parent_id: null, path: `/${id}/`, name: ROOT_DEPT_NAME, code: "root", sort: 0, status: "active", created_at: ts, updated_at: ts });
    }
  });
}

export type AdminSeedResult = { created: boolean; generatedPassword?: string };

/**
 * The first admin. With OPS_ADMIN_PASSWORD it is used as is (no forced change); otherwise
 * a generated password is returned to be printed once, and must be changed at first login.
 */
export async function seedAdmin(db: Db, now: Date, adminPassword?: string): Promise<AdminSeedResult> {
  return db.tx(async () => {
    const existing = await db.get("SELECT id FROM users WHERE username = 'admin' AND deleted_at IS NULL");
    if (existing) return { created: false };
    const password = adminPassword ?? generatePassword();
    const id = newId();
    const ts = now.toISOString();
    const root = await db.get<{ id: string }>("SELECT id FROM departments WHERE parent_id IS NULL ORDER BY created_at LIMIT 1");
    const hash = await hashPassword(password);
    await insertRow(db, "users", {
      id, username: "admin", display_name: "管理员", dept_id: root?.id ?? null, status: "active", locale: "zh-CN",
      password_hash: hash, password_changed_at: ts, must_change_password: adminPassword ? 0 : 1,
      created_at: ts, updated_at: ts,
    });
    await insertRow(db, "password_history", { id: newId(), user_id: id, password_hash: hash, created_at: ts });
    const role = await db.get<{ id: string }>("SELECT id FROM roles WHERE code = 'super_admin'");
    if (role) await insertRow(db, "user_roles", { user_id: id, role_id: role.id });
    return adminPassword ? { created: true } : { created: true, generatedPassword: password };
  });
}
