import type { ApproverRule } from "@ops/shared/contracts/approvals.ts";
import type { Db } from "../../../platform/db/db.ts";

/** Who an instance is about: the facts approver rules read. */
export type ResolveContext = {
  initiatorId: string;
  initiatorDeptId: string | null;
  form: Record<string, unknown>;
  /** initiator_select: node key → the users chosen at start */
  selected: Record<string, string[]>;
  nodeKey: string;
};

const ACTIVE = "u.deleted_at IS NULL AND u.status <> 'disabled'";

/** Keeps the ids that are active users, in the given order, without repeats. */
async function activeUsers(db: Db, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids.filter((x) => typeof x === "string" && x))];
  if (!unique.length) return [];
  const rows = await db.all<{ id: string }>(`SELECT u.id FROM users u WHERE ${ACTIVE} AND u.id IN (${unique.map(() => "?").join(", ")})`, unique);
  const ok = new Set(rows.map((r) => r.id));
  return unique.filter((id) => ok.has(id));
}

/** The head of the initiator's department `level` levels up (1: their own department's head). */
async function deptHead(db: Db, deptId: string | null, level: number): Promise<string[]> {
  let current = deptId;
  for (let i = 1; current && i < level; i++) {
    current = (await db.get<{ parent_id: string | null }>("SELECT parent_id FROM departments WHERE id = ?", [current]))?.parent_id ?? null;
  }
  if (!current) return [];
  const row = await db.get<{ leader_id: string | null }>("SELECT leader_id FROM departments WHERE id = ?", [current]);
  return row?.leader_id ? [row.leader_id] : [];
}

/** The users a rule names for this instance, active ones only; empty when nobody resolves (the node's on_empty policy decides). */
export async function resolveApprovers(db: Db, rule: ApproverRule, ctx: ResolveContext): Promise<string[]> {
  switch (rule.type) {
    case "users":
      return activeUsers(db, rule.users ?? []);
    case "role": {
      const rows = await db.all<{ id: string }>(
        `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
         WHERE ${ACTIVE} AND (r.id = ? OR r.code = ?) ORDER BY u.username`,
        [rule.role, rule.role],
      );
      return rows.map((r) => r.id);
    }
    case "dept_head":
      return activeUsers(db, await deptHead(db, ctx.initiatorDeptId, rule.level ?? 1));
    case "initiator_select":
      return activeUsers(db, ctx.selected[ctx.nodeKey] ?? []);
    case "form_field": {
      const v = rule.field ? ctx.form[rule.field] : undefined;
      return activeUsers(db, typeof v === "string" ? [v] : []);
    }
    case "initiator":
      return activeUsers(db, [ctx.initiatorId]);
  }
}

/** on_empty `to_admin`: the active super administrators. */
export async function administrators(db: Db): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
     WHERE ${ACTIVE} AND r.code = 'super_admin' AND r.builtin = 1 ORDER BY u.created_at, u.id`,
  );
  return rows.map((r) => r.id);
}
