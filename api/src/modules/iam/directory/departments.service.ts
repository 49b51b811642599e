import { AppError, conflict, type Actor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { noteAudit } from "../../../platform/context.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { assertDeptInScope, buildTree, isInSubtree, movePaths } from "../access/index.ts";
import { createDeptQueries, type DeptRow } from "./departments.query.ts";
import type { CreateDeptInput, Dept, DeptListQuery, UpdateDeptInput } from "./departments.schema.ts";

/** Department tree: scoped reads, and writes that keep the materialised paths consistent. */
export function createDeptService(deps: IamDeps) {
  const { db, clock } = deps;
  const queries = createDeptQueries(db);

  async function list(actor: Actor, q: DeptListQuery) {
    const rows = await queries.list(actor, q);
    return q.flat === "true" ? rows : buildTree(rows);
  }

  async function get(actor: Actor, id: string): Promise<Dept> {
    const { path: _path, ...dept } = await queries.visible(actor, id);
    return dept;
  }

  async function create(actor: Actor, input: CreateDeptInput): Promise<Dept> {
    const parent = await queries.load(input.parent_id);
    if (!parent) throw fieldError("parent_id", "iam.dept_not_found");
    await assertDeptInScope(db, actor, parent.id, "parent_id");
    if (input.leader_id) await assertLeaderActive(input.leader_id);
    await assertNameFree(input.parent_id, input.name, null);
    const id = newId();
    const now = iso(clock.now());
    await insertRow(db, "departments", {
      id, parent_id: parent.id, path: `${parent.path}${id}/`, name: input.name, leader_id: input.leader_id ?? null,
      sort: input.sort, status: input.status, created_at: now, updated_at: now,
    });
    const created = await get(actor, id);
    noteAudit({ resourceType: "department", resourceId: id, after: created });
    return created;
  }

  async function update(actor: Actor, id: string, input: UpdateDeptInput): Promise<Dept> {
    const before = await queries.visible(actor, id);
    await assertDeptInScope(db, actor, id, "id");
    const parent = await newParent(actor, before, input.parent_id);
    if (input.leader_id) await assertLeaderActive(input.leader_id);
    if (input.name !== undefined || parent) await assertNameFree(parent?.id ?? before.parent_id, input.name ?? before.name, id);
    if (input.status === "disabled" && before.status !== "disabled") await assertNoActiveChildren(id);
    await db.tx(async () => {
      await updateRow(db, "departments", { id }, { ...input, updated_at: iso(clock.now()) });
      if (parent) await movePaths(db, "departments", before.path, `${parent.path}${id}/`);
    });
    const after = await get(actor, id);
    const { path: _path, ...shown } = before;
    noteAudit({ resourceType: "department", resourceId: id, before: shown, after });
    return after;
  }

  /** The new parent when the department moves (validated), else null. */
  async function newParent(actor: Actor, dept: DeptRow, parentId: string | undefined): Promise<DeptRow | null> {
    if (parentId === undefined || parentId === dept.parent_id) return null;
    if (dept.parent_id === null) throw fieldError("parent_id", "iam.dept_root_fixed");
    const parent = await queries.load(parentId);
    if (!parent) throw fieldError("parent_id", "iam.dept_not_found");
    if (isInSubtree(dept.path, parent.path)) throw new AppError("iam.dept_cycle", { status: 400, errors: [{ field: "parent_id", message: "iam.dept_cycle" }] });
    await assertDeptInScope(db, actor, parent.id, "parent_id");
    return parent;
  }

  async function remove(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
    const before = await queries.visible(actor, id);
    await assertDeptInScope(db, actor, id, "id");
    if (before.parent_id === null) throw new AppError("iam.dept_root_protected", { status: 400 });
    const child = await db.get("SELECT id FROM departments WHERE parent_id = ?", [id]);
    if (child || before.user_count > 0) throw conflict("iam.dept_not_empty", { children: child ? 1 : 0, users: before.user_count });
    await db.tx(async () => {
      // Deleted users keep their rows for history; they stop pointing at a department that is gone.
      await db.run("UPDATE users SET dept_id = NULL WHERE dept_id = ? AND deleted_at IS NOT NULL", [id]);
      await db.run("DELETE FROM role_depts WHERE dept_id = ?", [id]);
      await db.run("DELETE FROM departments WHERE id = ?", [id]);
    });
    const { path: _path, ...shown } = before;
    noteAudit({ resourceType: "department", resourceId: id, before: shown, after: null });
    return { id, deleted: true };
  }

  /** A department's leader (负责人) is a user who exists and is active (not disabled). */
  async function assertLeaderActive(userId: string): Promise<void> {
    const leader = await db.get<{ status: string }>("SELECT status FROM users WHERE id = ? AND deleted_at IS NULL", [userId]);
    if (!leader) throw fieldError("leader_id", "iam.leader_not_found");
    if (leader.status !== "active") throw fieldError("leader_id", "iam.leader_inactive");
  }

  async function assertNameFree(parentId: string | null, name: string, selfId: string | null): Promise<void> {
    const same = await db.get("SELECT id FROM departments WHERE parent_id = ? AND name = ? AND id <> ?", [parentId, name, selfId ?? ""]);
    if (same) throw conflict("iam.dept_name_taken", { name }, [{ field: "name", message: "iam.dept_name_taken" }]);
  }

  async function assertNoActiveChildren(id: string): Promise<void> {
    const active = await db.get("SELECT id FROM departments WHERE parent_id = ? AND status = 'active'", [id]);
    if (active) throw conflict("iam.dept_has_active_children", {}, [{ field: "status", message: "iam.dept_has_active_children" }]);
  }

  return { list, get, create, update, remove };
}

function fieldError(field: string, message: string): AppError {
  return new AppError(message, { status: 400, errors: [{ field, message }] });
}
