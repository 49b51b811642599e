import { unauthenticated, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { updateRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { passwordExpiresAt, passwordPolicyOf } from "./password-policy.ts";
import { loadSecurity } from "../settings/index.ts";

export type Me = {
  id: string; username: string; display_name: string; dept_id: string | null; dept_name: string | null;
  email: string | null; phone: string | null; locale: string; role_ids: string[];
  roles: Array<{ id: string; code: string; name: string }>; permissions: string[]; session_id: string | null;
  restricted: "password_change" | "mfa_setup" | null; mfa_enabled: boolean; mfa_methods: Array<"totp" | "sms">; password_expires_at: string | null;
};

export type ProfilePatch = { display_name?: string; email?: string | null; phone?: string | null; locale?: "zh-CN" | "en" };

type ProfileRow = {
  display_name: string; email: string | null; phone: string | null; locale: string; dept_name: string | null;
  mfa_enabled: number; mfa_secret: string | null; mfa_sms: number; password_changed_at: string | null; password_hash: string | null;
};

const EDITABLE = ["display_name", "email", "phone", "locale"] as const;

/** GET /auth/me: the signed-in user as the PWA needs it; own contact data is never masked. */
export async function getMe(deps: IamDeps, actor: UserActor): Promise<Me> {
  const row = await deps.db.get<ProfileRow>(
    `SELECT u.display_name, u.email, u.phone, u.locale, d.name AS dept_name, u.mfa_enabled, u.mfa_secret, u.mfa_sms, u.password_changed_at, u.password_hash
     FROM users u LEFT JOIN departments d ON d.id = u.dept_id WHERE u.id = ?`,
    [actor.userId],
  );
  if (!row) throw unauthenticated("auth.session_ended");
  const roles = await deps.db.all<{ id: string; code: string; name: string }>(
    "SELECT r.id, r.code, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.sort, r.code",
    [actor.userId],
  );
  const policy = passwordPolicyOf(await loadSecurity(deps.db));
  // Users without a local password (SSO only) have nothing to expire.
  const expires = row.password_hash ? passwordExpiresAt(row.password_changed_at, policy) : null;
  return {
    id: actor.userId, username: actor.username, display_name: row.display_name, dept_id: actor.deptId, dept_name: row.dept_name,
    email: row.email, phone: row.phone, locale: row.locale, role_ids: roles.map((r) => r.id), roles, permissions: actor.permissions,
    session_id: actor.sessionId, restricted: actor.restricted ?? null, mfa_enabled: Number(row.mfa_enabled) === 1,
    mfa_methods: [...(row.mfa_secret ? ["totp" as const] : []), ...(Number(row.mfa_sms) === 1 ? ["sms" as const] : [])],
    password_expires_at: expires ? iso(expires) : null,
  };
}

/** PUT /auth/me: the user's own name, contact data and language; audited with before/after. */
export async function updateMe(deps: IamDeps, actor: UserActor, patch: ProfilePatch): Promise<Me> {
  const before = await deps.db.get<Record<(typeof EDITABLE)[number], string | null>>(
    "SELECT display_name, email, phone, locale FROM users WHERE id = ?",
    [actor.userId],
  );
  const changes = Object.fromEntries(EDITABLE.filter((k) => patch[k] !== undefined && patch[k] !== before?.[k]).map((k) => [k, patch[k]]));
  if (Object.keys(changes).length > 0) {
    await updateRow(deps.db, "users", { id: actor.userId }, { ...changes, updated_at: iso(deps.clock.now()) });
    noteAudit({
      resourceType: "user", resourceId: actor.userId,
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, before?.[k as (typeof EDITABLE)[number]] ?? null])),
      after: changes,
    });
  }
  const locale = (changes.locale as "zh-CN" | "en" | undefined) ?? actor.locale;
  return getMe(deps, { ...actor, displayName: (changes.display_name as string | undefined) ?? actor.displayName, locale });
}
