import { AppError, conflict, type Actor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { noteAudit } from "../../../platform/context.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { isInSubtree, movePaths } from "./dept-tree.ts";
import { permissionsOfRoleIds } from "./permissions-of.ts";
import { createRoleQueries, type RoleRow } from "./roles.query.ts";
import { SUPER_ADMIN_CODE, assertGrantable, assertSuperAdminFixed, roleDepts, validateCodes } from "./role-rules.ts";
import type { CreateRoleInput, Role, UpdateRoleInput } from "./roles.schema.ts";

/**
 * Roles: a tree whose children inherit their parent's codes. Changes apply on the next request
 * of every affected user, because authentication loads permissions per request.
 */
export function createRoleService(deps: IamDeps) {
  const { db, clock } = deps;
  const queries = createRoleQueries(db);

  async function create(actor: Actor, input: CreateRoleInput): Promise<Role> {
    if (await db.get("SELECT id FROM roles WHERE code = ?", [input.code])) {
      throw conflict("iam.role_code_taken", { code: input.code }, [{ field: "code", message: "iam.role_code_taken" }]);
    }
    const parent = input.parent_id ? await requireParent(input.parent_id) : null;
    const codes = validateCodes(input.permissions);
    const deptIds = await roleDepts(db, actor, input.data_scope, input.dept_ids ?? [], []);
    assertGrantable(actor, [...codes, ...(parent ? await permissionsOfRoleIds(db, [parent.id]) : [])]);
    const id = newId();
    const now = iso(clock.now());
    await db.tx(async () => {
      await insertRow(db, "roles", {
        id, code: input.code, name: input.name, parent_id: parent?.id ?? null, path: `${parent?.path ?? "/"}${id}/`,
        data_scope: input.data_scope, mfa_required: input.mfa_required, builtin: 0, sort: input.sort,
        description: input.description ?? null, created_at: now, updated_at: now,
      });
      await replaceLinks(id, codes, deptIds);
    });
    const created = await queries.get(id);
    noteAudit({ resourceType: "role", resourceId: id, after: created });
    return created;
  }

  async function update(actor: Actor, id: string, input: UpdateRoleInput): Promise<Role> {
    const before = await queries.get(id);
    const row = (await queries.loadRow(id))!;
    if (row.code === SUPER_ADMIN_CODE) assertSuperAdminFixed(input);
    const moving = input.parent_id !== undefined && input.parent_id !== row.parent_id;
    const parent = moving && input.parent_id ? await requireParent(input.parent_id, row) : null;
    const codes = input.permissions && row.code !== SUPER_ADMIN_CODE ? validateCodes(input.permissions) : undefined;
    const scopeChanged = input.data_scope !== undefined || input.dept_ids !== undefined;
    const deptIds = scopeChanged
      ? await roleDepts(db, actor, input.data_scope ?? row.data_scope, input.dept_ids ?? before.dept_ids, before.dept_ids)
      : undefined;
    const inherited = moving ? (parent ? await permissionsOfRoleIds(db, [parent.id]) : []) : before.inherited_permissions;
    const had = new Set([...before.permissions, ...before.inherited_permissions]);
    assertGrantable(actor, [...(codes ?? before.permissions), ...inherited].filter((c) => !had.has(c)));
    await db.tx(async () => {
      const { permissions: _p, dept_ids: _d, ...fields } = input;
      await updateRow(db, "roles", { id }, { ...fields, updated_at: iso(clock.now()) });
      if (codes) await replaceLinks(id, codes, undefined);
      if (deptIds) await replaceLinks(id, undefined, deptIds);
      if (moving) await movePaths(db, "roles", row.path, `${parent?.path ?? "/"}${id}/`);
    });
    const after = await queries.get(id);
    noteAudit({ resourceType: "role", resourceId: id, before, after });
    return after;
  }

  async function remove(_actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
    const before = await queries.get(id);
    if (before.builtin) throw new AppError("iam.role_builtin", { status: 400 });
    if (before.user_count > 0) throw conflict("iam.role_in_use", { count: before.user_count });
    if (await db.get("SELECT id FROM roles WHERE parent_id = ?", [id])) throw conflict("iam.role_has_children");
    await db.tx(async () => {
      // Deleted users may still hold the role: their links go with it.
      await db.run("DELETE FROM user_roles WHERE role_id = ?", [id]);
      await db.run("DELETE FROM role_permissions WHERE role_id = ?", [id]);
      await db.run("DELETE FROM role_depts WHERE role_id = ?", [id]);
      await db.run("DELETE FROM roles WHERE id = ?", [id]);
    });
    noteAudit({ resourceType: "role", resourceId: id, before, after: null });
    return { id, deleted: true };
  }

  /** The parent role, which must exist and (when moving `self`) not lie in self's own subtree. */
  async function requireParent(parentId: string, self?: RoleRow): Promise<RoleRow> {
    const parent = await queries.loadRow(parentId);
    if (!parent) throw new AppError("iam.role_not_found", { status: 400, errors: [{ field: "parent_id", message: "iam.role_not_found" }] });
    if (self && isInSubtree(self.path, parent.path)) {
      throw new AppError("iam.role_cycle", { status: 400, errors: [{ field: "parent_id", message: "iam.role_cycle" }] });
    }
    return parent;
  }

  async function replaceLinks(id: string, codes: string[] | undefined, deptIds: string[] | undefined): Promise<void> {
    if (codes) {
      await db.run("DELETE FROM role_permissions WHERE role_id = ?", [id]);
      for (const code of codes) await insertRow(db, "role_permissions", { role_id: id, permission_code: code });
    }
    if (deptIds) {
      await db.run("DELETE FROM role_depts WHERE role_id = ?", [id]);
      for (const deptId of deptIds) await insertRow(db, "role_depts", { role_id: id, dept_id: deptId });
    }
  }

  return { list: queries.list, get: queries.get, create, update, remove };
}
