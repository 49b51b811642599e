import { DEFAULT_LOCALE, t } from "@ops/shared";
import type { SecurityDetector } from "@ops/shared/contracts/monitor.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { AlertRaiser } from "../ports.ts";

/**
 * An audit row as the event detectors read it. Only successful changes of users carry their before/after (the rest
 * of the log is skipped by the cursor without being read in full).
 */
export type AuditRow = {
  seq: number | string; ts: string; actor_name: string | null; resource_type: string | null; resource_id: string | null;
  before_data: string | null; after_data: string | null;
};
export const AUDIT_COLUMNS = `ts, actor_name, resource_type, resource_id,
  CASE WHEN resource_type IN ('user', 'role') AND status < 400 THEN before_data END AS before_data,
  CASE WHEN resource_type IN ('user', 'role') AND status < 400 THEN after_data END AS after_data`;

type UserShape = {
  username?: string; mfa_enabled?: boolean; roles?: Array<{ id: string; code?: string; name?: string }>;
  /** a role's rows: its code and its own and inherited permission codes */
  code?: string; permissions?: string[]; inherited_permissions?: string[];
} | null;

const holdsAll = (role: UserShape) => !!role && [...(role.permissions ?? []), ...(role.inherited_permissions ?? [])].includes("*");

const parse = (text: string | null): UserShape => {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" ? (v as UserShape) : null;
  } catch {
    return null;
  }
};

/**
 * mfa.disabled: a user's MFA went from on to off (the owner's POST /auth/mfa/disable, or any change of a user that
 * records it so: an admin reset). role.admin_granted: a user was given a role that holds every permission (`*` on
 * the role or one of its ancestors), on create, update or import, or a role its holders keep came to hold every
 * permission (edited, or moved under such a role).
 */
export function createAuditDetectors(db: Db, raiser: AlertRaiser, onError: (e: unknown) => void) {
  async function usernameOf(id: string | null, shape: UserShape): Promise<string> {
    if (shape?.username) return shape.username;
    if (!id) return "?";
    return (await db.get<{ username: string }>("SELECT username FROM users WHERE id = ?", [id]))?.username ?? id;
  }

  /** The roles among `ids` that hold every permission, with their codes. */
  async function adminRoles(ids: string[]): Promise<Array<{ id: string; code: string }>> {
    if (ids.length === 0) return [];
    const roles = await db.all<{ id: string; code: string; path: string }>(`SELECT id, code, path FROM roles WHERE id IN (${ids.map(() => "?").join(", ")})`, ids);
    const out: Array<{ id: string; code: string }> = [];
    for (const r of roles) {
      const chain = r.path.split("/").filter(Boolean);
      if (chain.length === 0) chain.push(r.id);
      const all = await db.get(`SELECT 1 AS x FROM role_permissions WHERE permission_code = '*' AND role_id IN (${chain.map(() => "?").join(", ")})`, chain);
      if (all) out.push({ id: r.id, code: r.code });
    }
    return out;
  }

  async function raiseEach(detector: SecurityDetector, labels: Record<string, string>, summaryKey: string, params: Record<string, unknown>, at: string) {
    for (const rule of await raiser.rulesOf(detector)) {
      await raiser.raise(rule.id, { detector, labels, value: 1, summary: t(DEFAULT_LOCALE, summaryKey, params), at: new Date(at) });
    }
  }

  /** A role that came to hold every permission (edited, or moved under such a role): each of its holders is granted it. */
  async function roleBecameAdmin(row: AuditRow, before: UserShape, after: UserShape): Promise<void> {
    if (!row.resource_id || holdsAll(before) || !holdsAll(after)) return;
    const holders = await db.all<{ username: string }>(
      `SELECT DISTINCT u.username FROM user_roles ur JOIN users u ON u.id = ur.user_id JOIN roles r ON r.id = ur.role_id
       WHERE u.deleted_at IS NULL AND (r.id = ? OR r.path LIKE ?) ORDER BY u.username`,
      [row.resource_id, `%/${row.resource_id}/%`],
    );
    const role = after?.code ?? row.resource_id;
    for (const { username: user } of holders) {
      await raiseEach("role.admin_granted", { user, role }, "monitor.security.admin_granted", { user, role, actor: row.actor_name ?? "?" }, row.ts);
    }
  }

  async function one(row: AuditRow): Promise<void> {
    const before = parse(row.before_data);
    const after = parse(row.after_data);
    if (!after) return;
    if (row.resource_type === "role") return roleBecameAdmin(row, before, after);
    const actor = row.actor_name ?? "?";
    if (before?.mfa_enabled === true && after.mfa_enabled === false) {
      const user = await usernameOf(row.resource_id, after);
      await raiseEach("mfa.disabled", { user }, "monitor.security.mfa_disabled", { user, actor }, row.ts);
    }
    const had = new Set((before?.roles ?? []).map((r) => r.id));
    const granted = (after.roles ?? []).map((r) => r.id).filter((id) => !had.has(id));
    for (const role of await adminRoles(granted)) {
      const user = await usernameOf(row.resource_id, after);
      await raiseEach("role.admin_granted", { user, role: role.code }, "monitor.security.admin_granted", { user, role: role.code, actor }, row.ts);
    }
  }

  return async function detect(rows: AuditRow[]): Promise<void> {
    for (const row of rows) {
      if (!row.after_data) continue;
      try {
        await one(row);
      } catch (e) {
        onError(e);
      }
    }
  };
}
