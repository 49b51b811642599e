import { AppError } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { noteAudit } from "../../../platform/context.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import type { VerifiedUser } from "../auth/index.ts";
import type { ExternalIdentity } from "./sso.types.ts";
import { permissionsOf, rolesOf } from "../access/index.ts";
import { SUPER_PERMISSION } from "@ops/shared";

/** A refusal the caller reports to the user (`code`) and to the login log (`logReason`). */
export class SignInRefused extends AppError {
  constructor(code: string, status: number, readonly logReason: string) {
    super(code, { status });
  }
}

export type UserRow = { id: string; username: string; status: string; deleted_at: string | null };

const USER_COLUMNS = "u.id, u.username, u.status, u.deleted_at";
const USERNAME = /^[\w.@-]{1,100}$/;

/**
 * Maps a proven external identity to an OPS user: the linked identity first, else an active
 * user with the same username or verified email (then linked), else auto-creation when enabled.
 * SSO never forces a local password change: the local password was not what the user proved.
 */
export async function resolveUser(deps: IamDeps, provider: string, identity: ExternalIdentity, autoCreate: boolean): Promise<VerifiedUser> {
  const { db } = deps;
  return db.tx(async () => {
    const linked = await db.get<UserRow>(
      `SELECT ${USER_COLUMNS} FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?`,
      [provider, identity.subject],
    );
    if (linked) return usable(linked);
    const match = await findMatch(deps, identity);
    if (match) {
      const user = usable(match);
      // A name or address asserted by the IdP never claims a super administrator's account.
      if (await isSuperAdmin(deps, user.id)) throw new SignInRefused("iam.sso_no_account", 403, "admin_not_auto_linked");
      await link(deps, user.id, provider, identity);
      return user;
    }
    if (autoCreate) return createUser(deps, provider, identity);
    throw new SignInRefused("iam.sso_no_account", 403, "no_account");
  });
}

export async function isSuperAdmin(deps: IamDeps, userId: string): Promise<boolean> {
  const permissions = await permissionsOf(deps.db, await rolesOf(deps.db, userId));
  return permissions.includes(SUPER_PERMISSION);
}

export function usable(u: UserRow): VerifiedUser {
  if (u.deleted_at) throw new SignInRefused("iam.sso_no_account", 403, "user_deleted");
  if (u.status !== "active") throw new SignInRefused("iam.account_disabled", 403, "user_disabled");
  return { id: u.id, username: u.username, must_change_password: 0 };
}

async function findMatch(deps: IamDeps, identity: ExternalIdentity): Promise<UserRow | undefined> {
  const { db } = deps;
  if (identity.username) {
    const byName = await db.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ? AND u.deleted_at IS NULL`, [identity.username]);
    if (byName) return byName;
  }
  // An unverified address could be anyone's: only a verified one may claim an account.
  if (identity.email && identity.emailVerified) {
    const byEmail = await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE LOWER(u.email) = LOWER(?) AND u.deleted_at IS NULL`, [identity.email]);
    if (byEmail.length === 1) return byEmail[0];
  }
  return undefined;
}

export async function link(deps: IamDeps, userId: string, provider: string, identity: ExternalIdentity): Promise<void> {
  const { db, clock } = deps;
  // A user already linked to another account at this provider is not taken over by a lookalike.
  const other = await db.get("SELECT subject FROM user_identities WHERE user_id = ? AND provider = ?", [userId, provider]);
  if (other) throw new SignInRefused("iam.sso_no_account", 403, "linked_to_other_subject");
  await insertRow(db, "user_identities", {
    id: newId(), user_id: userId, provider, subject: identity.subject, profile: JSON.stringify(identity.profile), created_at: iso(clock.now()),
  });
  noteAudit({ action: "sso.link", resourceType: "user", resourceId: userId, after: { provider, subject: identity.subject } });
}

export async function createUser(deps: IamDeps, provider: string, identity: ExternalIdentity): Promise<VerifiedUser> {
  const { db, clock } = deps;
  const username = identity.username ?? identity.email;
  if (!username || !USERNAME.test(username)) throw new SignInRefused("iam.sso_no_account", 403, "no_usable_username");
  const taken = await db.get("SELECT id FROM users WHERE username = ? AND deleted_at IS NULL", [username]);
  if (taken) throw new SignInRefused("iam.sso_no_account", 403, "username_taken");
  const root = await db.get<{ id: string }>("SELECT id FROM departments WHERE parent_id IS NULL ORDER BY created_at LIMIT 1");
  const id = newId();
  const ts = iso(clock.now());
  const user = { id, username, display_name: identity.displayName ?? username, email: identity.email, dept_id: root?.id ?? null, status: "active" };
  await insertRow(db, "users", { ...user, locale: "zh-CN", password_hash: null, must_change_password: 0, created_at: ts, updated_at: ts });
  noteAudit({ action: "sso.create_user", resourceType: "user", resourceId: id, after: { ...user, provider } });
  await link(deps, id, provider, identity);
  return { id, username, must_change_password: 0 };
}
