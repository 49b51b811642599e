import type { UserActor } from "@ops/shared";
import type { Job } from "@ops/shared/contracts/jobs.ts";
import type { ScopeFilter } from "../../../platform/data-scope.ts";
import type { Db } from "../../../platform/db/db.ts";

export type AlertRecipient = { id: string; locale: string };

/** What alert recipients are read from: a job's or a flow's alert settings, creator and owner department. */
export type AlertTarget = { alerts: Pick<Job["alerts"], "recipients">; created_by: string | null; owner_department_id?: string | null };

/**
 * Active users an alert reaches: the owner (creator), the named users, members of the named roles;
 * with `scope`, only those whose data scope covers the target (its owner department, or they
 * created it): naming a user or role never shows them a job or flow they could not open.
 */
export async function alertRecipients(db: Db, target: AlertTarget, scope?: ScopeFilter): Promise<AlertRecipient[]> {
  const { users, roles, owner } = target.alerts.recipients;
  const ids = new Set(users);
  if (owner && target.created_by) ids.add(target.created_by);
  if (roles.length) {
    const members = await db.all<{ user_id: string }>(
      `SELECT DISTINCT user_id FROM user_roles WHERE role_id IN (${roles.map(() => "?").join(", ")})`,
      roles,
    );
    for (const m of members) ids.add(m.user_id);
  }
  if (!ids.size) return [];
  const list = [...ids];
  const people = await db.all<AlertRecipient & { dept_id: string | null }>(
    `SELECT id, locale, dept_id FROM users WHERE id IN (${list.map(() => "?").join(", ")}) AND status = 'active' AND deleted_at IS NULL ORDER BY id`,
    list,
  );
  if (!scope || !people.length) return people.map(({ id, locale }) => ({ id, locale }));
  const roleRows = await db.all<{ user_id: string; role_id: string }>(
    `SELECT user_id, role_id FROM user_roles WHERE user_id IN (${people.map(() => "?").join(", ")})`,
    people.map((p) => p.id),
  );
  const out: AlertRecipient[] = [];
  for (const p of people) {
    // the recipient as IAM's data scope sees a user (permissions do not matter to a scope)
    const actor: UserActor = {
      kind: "user", userId: p.id, username: p.id, displayName: p.id, deptId: p.dept_id, permissions: [], sessionId: null, locale: "zh-CN",
      roleIds: roleRows.filter((r) => r.user_id === p.id).map((r) => r.role_id),
    };
    const fragment = await scope(actor, { dept: "t.dept", owner: "t.owner" });
    const seen = !fragment || (await db.get(
      `SELECT 1 AS ok FROM (SELECT CAST(? AS TEXT) AS dept, CAST(? AS TEXT) AS owner) t WHERE ${fragment.sql}`,
      [target.owner_department_id ?? null, target.created_by ?? null, ...fragment.params],
    ));
    if (seen) out.push({ id: p.id, locale: p.locale });
  }
  return out;
}
/** Named users and roles that do not exist (400, each named by its place in the body). */
export async function unknownRecipients(db: Db, alerts: { recipients?: { users?: string[]; roles?: string[] } } | undefined) {
  const errors: Array<{ field: string; message: string; params?: Record<string, unknown> }> = [];
  const check = async (ids: string[], table: "users" | "roles", field: string, message: string) => {
    if (!ids.length) return;
    const found = new Set((await db.all<{ id: string }>(
      `SELECT id FROM ${table} WHERE id IN (${ids.map(() => "?").join(", ")})${table === "users" ? " AND deleted_at IS NULL" : ""}`, ids,
    )).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) errors.push({ field: `alerts.recipients.${field}.${i}`, message, params: { id } });
    });
  };
  await check(alerts?.recipients?.users ?? [], "users", "users", "jobs.alert.unknown_user");
  await check(alerts?.recipients?.roles ?? [], "roles", "roles", "jobs.alert.unknown_role");
  return errors;
}
