import type { SubscriptionRecipient } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";

const ACTIVE = "u.status = 'active' AND u.deleted_at IS NULL";

/**
 * The active users a subscription reaches: users by id or username, roles by id or code (their members), departments
 * by id (their members and those of departments below them). Each person once.
 */
export async function expandRecipients(db: Db, recipients: SubscriptionRecipient[]): Promise<string[]> {
  const ids = new Set<string>();
  const add = (rows: Array<{ id: string }>) => rows.forEach((r) => ids.add(r.id));
  for (const r of recipients) {
    if (r.type === "user") add(await db.all(`SELECT u.id FROM users u WHERE (u.id = ? OR u.username = ?) AND ${ACTIVE}`, [r.id, r.id]));
    else if (r.type === "role") {
      add(await db.all(`SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles ro ON ro.id = ur.role_id
        WHERE (ro.id = ? OR ro.code = ?) AND ${ACTIVE}`, [r.id, r.id]));
    } else {
      const dept = await db.get<{ path: string }>("SELECT path FROM departments WHERE id = ?", [r.id]);
      if (dept) add(await db.all(`SELECT u.id FROM users u JOIN departments d ON d.id = u.dept_id WHERE (d.id = ? OR d.path LIKE ? ESCAPE '\\') AND ${ACTIVE}`, [r.id, `${dept.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]));
    }
  }
  return [...ids].sort();
}

/** Recipients that name nobody known (field errors on save). */
export async function unknownRecipients(db: Db, recipients: SubscriptionRecipient[]): Promise<number[]> {
  const bad: number[] = [];
  for (const [i, r] of recipients.entries()) {
    const sql = r.type === "user" ? "SELECT id FROM users WHERE (id = ? OR username = ?) AND deleted_at IS NULL"
      : r.type === "role" ? "SELECT id FROM roles WHERE id = ? OR code = ?" : "SELECT id FROM departments WHERE id = ? OR id = ?";
    if (!(await db.get(sql, [r.id, r.id]))) bad.push(i);
  }
  return bad;
}
