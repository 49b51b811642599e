import type { Db } from "../../../platform/db/db.ts";
import { DIRECTORY_COLUMN, type SyncProvider } from "./sync.types.ts";

export type LocalDept = { id: string; name: string; parent_id: string | null; path: string; sort: number; status: string; leader_id: string | null; external_id: string };
export type LocalUser = {
  id: string; username: string; display_name: string; email: string | null; phone: string | null; dept_id: string | null; status: string; external_id: string | null;
};

/** What the OPS directory holds that a sync compares with: the root, the departments and users linked to the platform. */
export async function loadLocal(db: Db, provider: SyncProvider) {
  const column = DIRECTORY_COLUMN[provider];
  const root = await db.get<{ id: string; path: string }>("SELECT id, path FROM departments WHERE parent_id IS NULL ORDER BY created_at, id LIMIT 1");
  if (!root) throw new Error("no root department");
  const depts = await db.all<LocalDept>(
    "SELECT id, name, parent_id, path, sort, status, leader_id, external_id FROM departments WHERE external_source = ?", [provider],
  );
  const users = await db.all<LocalUser>(
    `SELECT id, username, display_name, email, phone, dept_id, status, ${column} AS external_id FROM users WHERE ${column} IS NOT NULL AND deleted_at IS NULL`,
  );
  return { root, depts: new Map(depts.map((d) => [d.external_id, d])), users: new Map(users.map((u) => [u.external_id!, u])) };
}

export type Local = Awaited<ReturnType<typeof loadLocal>>;

/** Unlinked live users with this e-mail (case-insensitive) or one of these phone forms. */
export async function candidates(db: Db, provider: SyncProvider, by: "email" | "phone", values: string[]): Promise<LocalUser[]> {
  if (!values.length) return [];
  const column = DIRECTORY_COLUMN[provider];
  const where = by === "email" ? `LOWER(email) IN (${values.map(() => "LOWER(?)").join(", ")})` : `phone IN (${values.map(() => "?").join(", ")})`;
  return db.all<LocalUser>(
    `SELECT id, username, display_name, email, phone, dept_id, status, ${column} AS external_id FROM users WHERE ${where} AND deleted_at IS NULL`, values,
  );
}
