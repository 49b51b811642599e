import { notFound, type DataScope } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { Where } from "../../../platform/db/query.ts";
import type { Role } from "./roles.schema.ts";

export type RoleRow = {
  id: string; code: string; name: string; parent_id: string | null; path: string; data_scope: DataScope;
  mfa_required: number; builtin: number; sort: number; description: string | null; created_at: string; updated_at: string;
};

const COLUMNS = "id, code, name, parent_id, path, data_scope, mfa_required, builtin, sort, description, created_at, updated_at";

/** Role reads with own and inherited codes, CUSTOM departments and the number of (live) users. */
export function createRoleQueries(db: Db) {
  async function list(q: { q?: string }): Promise<Role[]> {
    const where = new Where().search(["code", "name"], q.q);
    return hydrate(db, await db.all<RoleRow>(`SELECT ${COLUMNS} FROM roles ${where.sql} ORDER BY sort, code`, where.params));
  }

  async function loadRow(id: string): Promise<RoleRow | undefined> {
    return db.get<RoleRow>(`SELECT ${COLUMNS} FROM roles WHERE id = ?`, [id]);
  }

  async function get(id: string): Promise<Role> {
    const row = await loadRow(id);
    if (!row) throw notFound("iam.role_not_found");
    return (await hydrate(db, [row]))[0]!;
  }

  return { list, get, loadRow };
}

export type RoleQueries = ReturnType<typeof createRoleQueries>;

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

async function hydrate(db: Db, rows: RoleRow[]): Promise<Role[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lineage = [...new Set(rows.flatMap((r) => ancestorsOf(r.path)).concat(ids))];
  const perms = await groupBy(db, `SELECT role_id AS k, permission_code AS v FROM role_permissions WHERE role_id IN (${marks(lineage.length)})`, lineage);
  const depts = await groupBy(db, `SELECT role_id AS k, dept_id AS v FROM role_depts WHERE role_id IN (${marks(ids.length)})`, ids);
  const counts = await db.all<{ role_id: string; c: number | string }>(
    `SELECT ur.role_id, CAST(COUNT(*) AS INTEGER) AS c FROM user_roles ur JOIN users u ON u.id = ur.user_id
     WHERE u.deleted_at IS NULL AND ur.role_id IN (${marks(ids.length)}) GROUP BY ur.role_id`,
    ids,
  );
  const countOf = new Map(counts.map((r) => [r.role_id, Number(r.c)]));
  return rows.map((r) => {
    const own = (perms.get(r.id) ?? []).sort();
    const inherited = new Set(ancestorsOf(r.path).flatMap((a) => perms.get(a) ?? []));
    for (const code of own) inherited.delete(code);
    return {
      id: r.id, code: r.code, name: r.name, parent_id: r.parent_id, data_scope: r.data_scope,
      dept_ids: (depts.get(r.id) ?? []).sort(), mfa_required: Number(r.mfa_required) === 1, builtin: Number(r.builtin) === 1,
      sort: Number(r.sort), description: r.description, permissions: own, inherited_permissions: [...inherited].sort(),
      user_count: countOf.get(r.id) ?? 0, created_at: r.created_at, updated_at: r.updated_at,
    };
  });
}

/** Ancestor role ids from a materialised path, the role itself excluded. */
export function ancestorsOf(path: string): string[] {
  return path.split("/").filter(Boolean).slice(0, -1);
}

async function groupBy(db: Db, sql: string, params: unknown[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { k, v } of await db.all<{ k: string; v: string }>(sql, params)) {
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  }
  return out;
}
