import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { AuditNote } from "../../../platform/context.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import { movePaths } from "../access/index.ts";
import type { IamDeps } from "../iam.deps.ts";
import { revokeUserSessions } from "../sessions/index.ts";
import { DIRECTORY_COLUMN, type SyncPlan } from "./sync.types.ts";

/**
 * Writes a plan in one transaction: departments parents first, people, heads, then who left (disabled, their sessions
 * ended). A new person gets no password (they sign in with the platform) and no role (an administrator grants one);
 * each person is linked (users.<platform>_id) and their chat identity bound, so the bot knows them at once.
 * Returns one audit note per change.
 */
export async function applyPlan(deps: IamDeps, plan: SyncPlan, by: string | null): Promise<AuditNote[]> {
  const { db, clock } = deps;
  const now = iso(clock.now());
  const column = DIRECTORY_COLUMN[plan.provider];
  const notes: AuditNote[] = [];
  const note = (action: string, resourceType: "department" | "user", resourceId: string, before: unknown, after: unknown) =>
    notes.push({ module: "iam", action: `directory-sync.${action}`, resourceType, resourceId, before, after });
  const disabled: string[] = [];
  await db.tx(async () => {
    const ids = new Map<string, string>();
    const resolve = (key: string | null) => (key && key.startsWith("new:") ? (ids.get(key) ?? null) : key);
    for (const step of plan.departments) {
      if (step.action === "create") {
        const parentId = resolve(step.parent)!;
        const parent = await db.get<{ path: string }>("SELECT path FROM departments WHERE id = ?", [parentId]);
        const id = newId();
        ids.set(step.key, id);
        await insertRow(db, "departments", {
          id, parent_id: parentId, path: `${parent!.path}${id}/`, name: step.name, leader_id: null, sort: step.order, status: "active",
          created_at: now, updated_at: now, external_source: plan.provider, external_id: step.external_id,
        });
        note("dept.create", "department", id, undefined, { name: step.name, external_id: step.external_id });
      } else if (step.action === "update") {
        const fields = Object.fromEntries(Object.entries(step.changes).map(([k, c]) => [k, k === "parent_id" ? resolve(String(c.to)) : c.to]));
        if (fields.parent_id) {
          const [mine, parent] = await Promise.all([
            db.get<{ path: string }>("SELECT path FROM departments WHERE id = ?", [step.id]),
            db.get<{ path: string }>("SELECT path FROM departments WHERE id = ?", [fields.parent_id]),
          ]);
          await movePaths(db, "departments", mine!.path, `${parent!.path}${step.id}/`);
        }
        await updateRow(db, "departments", { id: step.id }, { ...fields, updated_at: now });
        note("dept.update", "department", step.id, pick(step.changes, "from"), pick(step.changes, "to"));
      } else {
        await updateRow(db, "departments", { id: step.id }, { status: "disabled", updated_at: now });
        note("dept.disable", "department", step.id, { status: "active" }, { status: "disabled" });
      }
    }
    const userIds = new Map<string, string>();
    for (const step of plan.users) {
      if (step.action === "create") {
        const id = newId();
        await insertRow(db, "users", {
          id, username: step.username, display_name: step.display_name, email: step.fields.email, phone: step.fields.phone, id_number: null,
          dept_id: resolve(step.dept), status: "active", locale: "zh-CN", password_hash: null, must_change_password: 0,
          created_by: by, created_at: now, updated_at: now, [column]: step.external_id,
        });
        userIds.set(step.external_id, id);
        await bindIdentity(deps, plan.provider, id, step.external_id, now);
        note("user.create", "user", id, undefined, { username: step.username, display_name: step.display_name, external_id: step.external_id });
      } else if (step.action === "link" || step.action === "update") {
        const fields = Object.fromEntries(Object.entries(step.changes).map(([k, c]) => [k, k === "dept_id" ? resolve(String(c.to)) : c.to]));
        await updateRow(db, "users", { id: step.id }, { ...fields, ...(step.action === "link" ? { [column]: step.external_id } : {}), updated_at: now });
        userIds.set(step.external_id, step.id);
        if (step.action === "link") await bindIdentity(deps, plan.provider, step.id, step.external_id, now);
        note(`user.${step.action}`, "user", step.id, pick(step.changes, "from"), { ...pick(step.changes, "to"), ...(step.action === "link" ? { external_id: step.external_id, matched_by: step.matched_by } : {}) });
      } else {
        await updateRow(db, "users", { id: step.id }, { status: "disabled", updated_at: now });
        disabled.push(step.id);
        note("user.disable", "user", step.id, { status: "active" }, { status: "disabled", reason: "left" });
      }
    }
    for (const h of plan.heads) {
      const dept = ids.get(`new:${h.dept}`) ?? (await db.get<{ id: string }>("SELECT id FROM departments WHERE external_source = ? AND external_id = ?", [plan.provider, h.dept]))?.id;
      const leader = h.user ? (userIds.get(h.user) ?? (await db.get<{ id: string }>(`SELECT id FROM users WHERE ${column} = ? AND deleted_at IS NULL`, [h.user]))?.id ?? null) : null;
      if (!dept) continue;
      await updateRow(db, "departments", { id: dept }, { leader_id: leader, updated_at: now });
      note("dept.head", "department", dept, undefined, { leader_id: leader, head: h.user_name });
    }
  });
  // after the commit: sessions end for people who left (revocation is its own write)
  for (const id of disabled) await revokeUserSessions(deps, id, "user_disabled");
  return notes;
}

/** The chat identity the bot receives is the platform id: bound unless this person or that id is bound already. */
async function bindIdentity(deps: IamDeps, provider: string, userId: string, subject: string, now: string): Promise<void> {
  const exists = await deps.db.get("SELECT id FROM user_identities WHERE (provider = ? AND subject = ?) OR (provider = ? AND user_id = ?)", [provider, subject, provider, userId]);
  if (!exists) await insertRow(deps.db, "user_identities", { id: newId(), user_id: userId, provider, subject, profile: JSON.stringify({ source: "directory-sync" }), created_at: now });
}

function pick(changes: Record<string, { from: unknown; to: unknown }>, side: "from" | "to"): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c[side]]));
}
