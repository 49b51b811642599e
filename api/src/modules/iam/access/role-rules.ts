import { AppError, SUPER_PERMISSION, isKnownPermission, type Actor, type DataScope, type FieldError } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { assertDeptInScope, codesBeyond } from "./directory-guards.ts";
import { withMenus } from "./seed-roles.ts";
import type { UpdateRoleInput } from "./roles.schema.ts";

export const SUPER_ADMIN_CODE = "super_admin";

/** Known catalog codes only (`*` belongs to super_admin alone), plus the menus above them. */
export function validateCodes(codes: string[]): string[] {
  const unknown = [...new Set(codes.filter((c) => !isKnownPermission(c)))];
  if (unknown.length > 0) {
    throw new AppError("iam.permission_unknown", {
      status: 400,
      errors: [{ field: "permissions", message: "iam.permission_unknown" }],
      params: { codes: unknown.join(", ") },
    });
  }
  return withMenus([...new Set(codes)]).sort();
}

/** 403 unless the actor holds every code the change would hand out. */
export function assertGrantable(actor: Actor, codes: string[]): void {
  const missing = codesBeyond(actor, codes);
  if (missing.length === 0) return;
  throw new AppError("iam.permission_grant_forbidden", {
    status: 403,
    errors: [{ field: "permissions", message: "iam.permission_grant_forbidden" }],
    params: { permissions: missing.join(", ") },
  });
}

/** super_admin keeps `*`, scope ALL and no parent; its name, description, sort and MFA flag stay editable. */
export function assertSuperAdminFixed(input: UpdateRoleInput): void {
  const errors: FieldError[] = [];
  if (input.permissions && !input.permissions.includes(SUPER_PERMISSION)) errors.push({ field: "permissions", message: "iam.super_admin_fixed" });
  if (input.data_scope && input.data_scope !== "ALL") errors.push({ field: "data_scope", message: "iam.super_admin_fixed" });
  if (input.parent_id) errors.push({ field: "parent_id", message: "iam.super_admin_fixed" });
  if (errors.length > 0) throw new AppError("iam.super_admin_fixed", { status: 400, errors });
}

/**
 * The departments a CUSTOM role covers (none for other scopes): they must exist, and the actor
 * may only add departments inside their own data scope.
 */
export async function roleDepts(db: Db, actor: Actor, scope: DataScope, deptIds: string[], previous: string[]): Promise<string[]> {
  if (scope !== "CUSTOM") return [];
  const ids = [...new Set(deptIds)];
  if (ids.length === 0) throw fieldError("dept_ids", "iam.role_dept_ids_required");
  const found = await db.all<{ id: string }>(`SELECT id FROM departments WHERE id IN (${ids.map(() => "?").join(", ")})`, ids);
  if (found.length !== ids.length) throw fieldError("dept_ids", "iam.dept_not_found");
  for (const id of ids) if (!previous.includes(id)) await assertDeptInScope(db, actor, id, "dept_ids");
  return ids.sort();
}

function fieldError(field: string, message: string): AppError {
  return new AppError(message, { status: 400, errors: [{ field, message }] });
}
