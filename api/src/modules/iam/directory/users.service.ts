import { AppError, forbidden, type Actor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { noteAudit } from "../../../platform/context.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { assertCanGrantRoles, assertDeptInScope, changedIds } from "../access/index.ts";
import { maskAlways, maskSensitive } from "./masking.ts";
import { checkPasswordPolicy, setUserPassword } from "../auth/index.ts";
import { createUserQueries } from "./users.query.ts";
import { BUILTIN_ADMIN, SUPER_ADMIN_ROLE, acceptedPassword, createUserAccess, isUniqueViolation, usernameTaken } from "./users.access.ts";
import { createUserActions } from "./users.actions.ts";
import type { CreateUserInput, UpdateUserInput, User } from "./users.schema.ts";

export type CreatedUser = User & { initial_password?: string };

/** User directory writes: every change is scoped, grant-checked and leaves a before/after audit note. */
export function createUserService(deps: IamDeps) {
  const { db, clock } = deps;
  const queries = createUserQueries(deps);
  const access = createUserAccess(deps, queries);

  async function create(actor: Actor, input: CreateUserInput): Promise<CreatedUser> {
    const roleIds = [...new Set(input.role_ids)];
    await access.assertRefsExist({ deptId: input.dept_id, roleIds });
    if (input.password) await checkPasswordPolicy(deps, input.password, { username: input.username });
    await assertDeptInScope(db, actor, input.dept_id);
    await assertCanGrantRoles(db, actor, roleIds);
    await access.assertUsernameFree(input.username);
    const generated = input.password ? undefined : await acceptedPassword(deps, input.username);
    const id = newId();
    const now = iso(clock.now());
    try {
      await db.tx(async () => {
        await insertRow(db, "users", {
          id, username: input.username, display_name: input.display_name, email: input.email ?? null, phone: input.phone ?? null,
          id_number: input.id_number ?? null, dept_id: input.dept_id, status: input.status, locale: input.locale,
          must_change_password: 1, created_by: actor.kind === "user" ? actor.userId : null, created_at: now, updated_at: now,
        });
        for (const roleId of roleIds) await insertRow(db, "user_roles", { user_id: id, role_id: roleId });
        // Whoever sets the first password knows it: the owner must replace it at first sign-in.
        await setUserPassword(deps, id, input.password ?? generated!, { mustChange: true });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw usernameTaken(input.username);
      throw e;
    }
    const user = (await queries.load(id))!;
    noteAudit({ resourceType: "user", resourceId: id, after: maskAlways(user) });
    return generated ? { ...maskSensitive(actor, user), initial_password: generated } : maskSensitive(actor, user);
  }

  async function update(actor: Actor, id: string, input: UpdateUserInput): Promise<User> {
    const before = await access.manageable(actor, id);
    const roleIds = input.role_ids ? [...new Set(input.role_ids)] : undefined;
    await access.assertRefsExist({ deptId: input.dept_id, roleIds });
    if (input.status === "disabled") assertMayDisable(actor, before);
    if (input.dept_id && input.dept_id !== before.dept_id) await assertDeptInScope(db, actor, input.dept_id);
    if (roleIds) await checkRoleChange(actor, before, roleIds);
    await db.tx(async () => {
      const { role_ids: _ignored, ...fields } = input;
      await updateRow(db, "users", { id }, { ...fields, updated_at: iso(clock.now()) });
      if (roleIds) {
        await db.run("DELETE FROM user_roles WHERE user_id = ?", [id]);
        for (const roleId of roleIds) await insertRow(db, "user_roles", { user_id: id, role_id: roleId });
      }
      if (input.status === "disabled" && before.status !== "disabled") await access.endSessions(id, "user_disabled");
    });
    const after = (await queries.load(id))!;
    noteAudit({ resourceType: "user", resourceId: id, before: maskAlways(before), after: maskAlways(after) });
    return maskSensitive(actor, after);
  }

  async function checkRoleChange(actor: Actor, before: User, roleIds: string[]): Promise<void> {
    await assertCanGrantRoles(db, actor, changedIds(before.roles.map((r) => r.id), roleIds));
    if (before.username !== BUILTIN_ADMIN) return;
    const superRole = before.roles.find((r) => r.code === SUPER_ADMIN_ROLE);
    if (superRole && !roleIds.includes(superRole.id)) throw forbidden("iam.admin_protected");
  }

  return { ...queries, create, update, ...createUserActions(deps, queries, access) };
}

export type UserService = ReturnType<typeof createUserService>;

/** Nobody disables their own account, and the built-in admin stays usable. */
export function assertMayDisable(actor: Actor, target: User): void {
  if (actor.kind === "user" && actor.userId === target.id) {
    throw new AppError("iam.cannot_disable_self", { status: 400, errors: [{ field: "status", message: "iam.cannot_disable_self" }] });
  }
  if (target.username === BUILTIN_ADMIN) throw forbidden("iam.admin_protected");
}
