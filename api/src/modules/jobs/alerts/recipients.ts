import type { Job } from "@ops/shared/contracts/jobs.ts";
import type { Db } from "../../../platform/db/db.ts";

export type AlertRecipient = { id: string; locale: string };

/** Active users an alert of this job reaches: its owner (creator), the named users, members of the named roles. */
export async function alertRecipients(db: Db, job: Pick<Job, "alerts" | "created_by">): Promise<AlertRecipient[]> {
  const { users, roles, owner } = job.alerts.recipients;
  const ids = new Set(users);
  if (owner && job.created_by) ids.add(job.created_by);
  if (roles.length) {
    const members = await db.all<{ user_id: string }>(
      `SELECT DISTINCT user_id FROM user_roles WHERE role_id IN (${roles.map(() => "?").join(", ")})`,
      roles,
    );
    for (const m of members) ids.add(m.user_id);
  }
  if (!ids.size) return [];
  const list = [...ids];
  return db.all<AlertRecipient>(
    `SELECT id, locale FROM users WHERE id IN (${list.map(() => "?").join(", ")}) AND status = 'active' AND deleted_at IS NULL ORDER BY id`,
    list,
  );
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
