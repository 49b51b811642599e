import { notFound, type Actor, type Page, hasPermission } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createScopeFilter } from "../access/index.ts";
import { iamCacheFor, rolesFor, versionsFor, type RoleTable } from "../settings/index.ts";
import { UNMASK_PERMISSION, maskSensitive } from "./masking.ts";
import type { User, UserListQuery } from "./users.schema.ts";

type UserRow = Omit<User, "roles" | "mfa_enabled" | "locked" | "status"> & { status: string; mfa_enabled: number; role_ids: string | null };
type RoleRef = User["roles"][number];

const COLUMNS = `u.id, u.username, u.display_name, u.email, u.phone, u.id_number, u.dept_id, d.name AS dept_name,
  u.status, u.locale, u.mfa_enabled, u.locked_until, u.last_login_at, u.created_at, u.updated_at`;

/** The user's role ids ride along with the row (names come from the role cache): no query per page for roles. */
const selectFor = (dialect: Db["dialect"]) =>
  `${COLUMNS}, (SELECT ${dialect === "postgres" ? "string_agg(ur.role_id, ',')" : "group_concat(ur.role_id, ',')"} FROM user_roles ur WHERE ur.user_id = u.id) AS role_ids`;
const FROM = "users u LEFT JOIN departments d ON d.id = u.dept_id";

const SORTABLE: Record<string, string> = {
  username: "u.username",
  display_name: "u.display_name",
  dept_name: "d.name",
  status: "u.status",
  last_login_at: "u.last_login_at",
  created_at: "u.created_at",
  updated_at: "u.updated_at",
};

/** Reads of the user directory: data-scoped, and masked unless the actor may unmask. */
export function createUserQueries(deps: IamDeps) {
  const { db, clock } = deps;
  const scope = createScopeFilter(db);
  const SELECT = selectFor(db.dialect);

  const toUsers = async (actor: Actor | null, rows: UserRow[]): Promise<User[]> => {
    const table = await rolesFor(db, actor);
    const now = iso(clock.now());
    return rows.map(({ role_ids, ...r }) => {
      const user: User = {
        ...r,
        status: r.status === "disabled" ? "disabled" : "active",
        mfa_enabled: Number(r.mfa_enabled) === 1,
        locked: r.locked_until !== null && r.locked_until > now,
        roles: roleRefs(table, role_ids),
      };
      return actor ? maskSensitive(actor, user) : user;
    });
  };

  /**
   * The list's WHERE: filters, search and the actor's data scope. With the page, order and masking it
   * says everything about the actor and the query that the answer depends on (the list cache's key).
   */
  async function listWhere(actor: Actor, q: UserListQuery): Promise<Where> {
    const where = new Where().add("u.deleted_at IS NULL");
    addStatusFilter(where, q.status, iso(clock.now()));
    // Without the unmask permission, masked columns are not searchable: a search would reveal them.
    const searchable = hasPermission(actor, UNMASK_PERMISSION) ? ["u.username", "u.display_name", "u.email", "u.phone"] : ["u.username", "u.display_name"];
    where.search(searchable, q.q);
    if (q.dept_id) await addDeptFilter(db, actor, where, q.dept_id, q.include_children === "true");
    if (q.role_id) where.add("EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role_id = ?)", q.role_id);
    where.fragment(await scope(actor, { dept: "u.dept_id", owner: "u.id" }));
    return where;
  }

  async function list(actor: Actor, q: UserListQuery, where?: Where): Promise<Page<User>> {
    where ??= await listWhere(actor, q);
    const page = await paginate<UserRow>(db, {
      select: SELECT, from: FROM, where, query: q, sortable: SORTABLE, defaultSort: "u.created_at DESC, u.id DESC",
    });
    return { ...page, items: await toUsers(actor, page.items) };
  }

  /** One user as the actor may see it; out of scope reads as not found. */
  async function get(actor: Actor, id: string): Promise<User> {
    const where = new Where().add("u.id = ?", id).add("u.deleted_at IS NULL");
    where.fragment(await scope(actor, { dept: "u.dept_id", owner: "u.id" }));
    const row = await db.get<UserRow>(`SELECT ${SELECT} FROM ${FROM} ${where.sql}`, where.params);
    if (!row) throw notFound("iam.user_not_found");
    return (await toUsers(actor, [row]))[0]!;
  }

  /** Unmasked and unscoped, for services after their own checks (and for audit notes). */
  async function load(id: string): Promise<User | undefined> {
    const row = await db.get<UserRow>(`SELECT ${SELECT} FROM ${FROM} WHERE u.id = ? AND u.deleted_at IS NULL`, [id]);
    return row ? (await toUsers(null, [row]))[0] : undefined;
  }

  return { list, listWhere, get, load };
}

export type UserQueries = ReturnType<typeof createUserQueries>;

/** The same conditions as IAM's attention lists (api/src/modules/iam/attention), so a to-do's count matches the filtered list. */
function addStatusFilter(where: Where, status: UserListQuery["status"], now: string): void {
  if (status === "active" || status === "disabled") where.add("u.status = ?", status);
  else if (status === "locked") where.add("u.locked_until > ?", now);
  else if (status === "pending") where.add("u.status = 'active'").add("(u.last_login_at IS NULL OR u.must_change_password = 1)");
}

/** A department, or its subtree by the path from the IAM cache (as of the actor's request: no query). */
async function addDeptFilter(db: Db, actor: Actor, where: Where, deptId: string, withChildren: boolean): Promise<void> {
  if (!withChildren) {
    where.add("u.dept_id = ?", deptId);
    return;
  }
  const path = (await iamCacheFor(db).deptPaths((await versionsFor(db, actor)).depts)).get(deptId);
  if (path === undefined) where.add("1 = 0");
  else where.add("d.path LIKE ?", `${path}%`);
}

/** Role refs in display order (sort, then code); ids of roles that no longer exist are dropped. */
function roleRefs(table: RoleTable, ids: string | null): RoleRef[] {
  if (!ids) return [];
  const roles = ids.split(",").flatMap((id) => {
    const role = table.get(id);
    return role ? [role] : [];
  });
  roles.sort((a, b) => a.sort - b.sort || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return roles.map((r) => ({ id: r.id, code: r.code, name: r.name }));
}
