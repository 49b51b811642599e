import { notFound, type Actor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { Where, type SqlFragment } from "../../../platform/db/query.ts";
import { createScopeFilter } from "../access/index.ts";
import type { Dept, DeptListQuery } from "./departments.schema.ts";

export type DeptRow = Dept & { path: string };

const SELECT = `SELECT d.id, d.parent_id, d.path, d.name, d.leader_id, l.display_name AS leader_name, d.sort, d.status,
  (SELECT CAST(COUNT(*) AS INTEGER) FROM users x WHERE x.dept_id = d.id AND x.deleted_at IS NULL) AS user_count,
  d.created_at, d.updated_at
  FROM departments d LEFT JOIN users l ON l.id = d.leader_id AND l.deleted_at IS NULL`;

/** Department reads, limited to the actor's data scope (plus their own department). */
export function createDeptQueries(db: Db) {
  const scope = createScopeFilter(db);

  /** The actor always sees their own department, whatever their scope, so a SELF user has a place in the tree. */
  async function visibility(actor: Actor): Promise<SqlFragment | null> {
    const fragment = await scope(actor, { dept: "d.id" });
    if (!fragment || actor.kind !== "user" || !actor.deptId) return fragment;
    return { sql: `(${fragment.sql} OR d.id = ?)`, params: [...fragment.params, actor.deptId] };
  }

  async function list(actor: Actor, q: DeptListQuery): Promise<Dept[]> {
    const where = new Where().eq("d.status", q.status).search(["d.name"], q.q).fragment(await visibility(actor));
    const rows = await db.all<DeptRow>(`${SELECT} ${where.sql} ORDER BY d.sort, d.name, d.id`, where.params);
    return rows.map(toDept);
  }

  /** One department the actor can see (else not found), with its path for tree checks. */
  async function visible(actor: Actor, id: string): Promise<DeptRow> {
    const where = new Where().add("d.id = ?", id).fragment(await visibility(actor));
    const row = await db.get<DeptRow>(`${SELECT} ${where.sql}`, where.params);
    if (!row) throw notFound("iam.dept_not_found");
    return { ...toDept(row), path: row.path };
  }

  async function load(id: string): Promise<DeptRow | undefined> {
    const row = await db.get<DeptRow>(`${SELECT} WHERE d.id = ?`, [id]);
    return row ? { ...toDept(row), path: row.path } : undefined;
  }

  return { list, visible, load };
}

export function toDept(r: DeptRow): Dept {
  return {
    id: r.id, parent_id: r.parent_id, name: r.name, leader_id: r.leader_id, leader_name: r.leader_name ?? null,
    sort: Number(r.sort), status: r.status === "disabled" ? "disabled" : "active", user_count: Number(r.user_count),
    created_at: r.created_at, updated_at: r.updated_at,
  };
}
