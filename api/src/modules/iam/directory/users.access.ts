import { AppError, type Actor, type FieldError } from "@ops/shared";
import type { IamDeps } from "../iam.deps.ts";
import { checkPasswordPolicy, generatePassword } from "../auth/index.ts";
import { revokeUserSessions } from "../sessions/index.ts";
import { assertMayManageUser } from "../access/index.ts";
import type { UserQueries } from "./users.query.ts";
import type { User } from "./users.schema.ts";

/** The built-in first administrator: never deleted, disabled or stripped of super admin. */
export const BUILTIN_ADMIN = "admin";
export const SUPER_ADMIN_ROLE = "super_admin";

/** Checks shared by the user write paths (create, update, delete, reset, unlock). */
export function createUserAccess(deps: IamDeps, queries: UserQueries) {
  const { db } = deps;

  /** The stored user, provided the actor can see it (out of scope reads as not found). */
  async function visible(actor: Actor, id: string): Promise<User> {
    await queries.get(actor, id);
    return (await queries.load(id))!;
  }

  /**
   * The target of a user action: visible to the actor (else 404) and holding nothing the actor
   * lacks (else 403, assertMayManageUser). Every action on an existing user starts here.
   */
  async function manageable(actor: Actor, id: string): Promise<User> {
    const user = await visible(actor, id);
    await assertMayManageUser(db, actor, id);
    return user;
  }

  /** 400 naming every missing department or role at once. */
  async function assertRefsExist(refs: { deptId?: string; roleIds?: string[] }): Promise<void> {
    const errors: FieldError[] = [];
    if (refs.deptId && !(await db.get("SELECT id FROM departments WHERE id = ?", [refs.deptId]))) {
      errors.push({ field: "dept_id", message: "iam.dept_not_found" });
    }
    const roleIds = [...new Set(refs.roleIds ?? [])];
    if (roleIds.length > 0) {
      const found = await db.all<{ id: string }>(`SELECT id FROM roles WHERE id IN (${roleIds.map(() => "?").join(", ")})`, roleIds);
      if (found.length !== roleIds.length) errors.push({ field: "role_ids", message: "iam.role_not_found" });
    }
    if (errors.length > 0) throw new AppError(errors.length === 1 ? errors[0]!.message : "common.validation", { status: 400, errors });
  }

  async function assertUsernameFree(username: string): Promise<void> {
    const taken = await db.get("SELECT id FROM users WHERE LOWER(username) = LOWER(?) AND deleted_at IS NULL", [username]);
    if (taken) throw usernameTaken(username);
  }

  /** Ends every open session of the user (and their refresh tokens). */
  async function endSessions(userId: string, reason: string): Promise<void> {
    await revokeUserSessions(deps, userId, reason);
  }

  return { visible, manageable, assertRefsExist, assertUsernameFree, endSessions };
}

export function usernameTaken(username: string): AppError {
  return new AppError("iam.username_taken", { status: 409, errors: [{ field: "username", message: "iam.username_taken" }], params: { username } });
}

/** A unique-index violation that slipped past the pre-check (two creations racing). */
export function isUniqueViolation(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${(e as { code?: string }).code ?? ""}` : String(e);
  return /unique|duplicate|23505/i.test(text);
}

/** A generated password the current policy accepts (a random one may, rarely, contain the username). */
export async function acceptedPassword(deps: IamDeps, username: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const candidate = generatePassword(16);
    try {
      await checkPasswordPolicy(deps, candidate, { username });
      return candidate;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}
