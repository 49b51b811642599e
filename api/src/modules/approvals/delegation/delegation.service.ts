import { conflict, forbidden, hasPermission, notFound, type FieldError, type Page, type UserActor } from "@ops/shared";
import { APPROVAL_LIMITS as L, type ApprovalDelegation } from "@ops/shared/contracts/approvals.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { Where, insertRow, paginate } from "../../../platform/db/query.ts";
import { APPROVALS_DECIDE, APPROVALS_DESIGN, type ApprovalsDeps } from "../approvals.deps.ts";
import { invalidFields } from "../approvals.errors.ts";
import type { DelegationInput, ListDelegationsQuery } from "./delegation.schema.ts";
import { DELEGATION_FROM, DELEGATION_SELECT, keysOf, toDelegation, type DelegationRow } from "./delegation.store.ts";

const DAY = 86_400_000;
const SORTABLE = { starts_at: "d.starts_at", ends_at: "d.ends_at", created_at: "d.created_at" };
const ACTIVE_USER = "SELECT id, display_name FROM users WHERE id = ? AND deleted_at IS NULL AND status <> 'disabled'";

/** Two delegations share a definition: either covers all, or their key lists meet. */
const shareDefinitions = (a: string[] | null, b: string[] | null) => a === null || b === null || a.some((k) => b.includes(k));

/**
 * Delegation while away: my approve tasks go to someone else for a date range. Refused: a
 * delegate who does not exist or is disabled, myself, an end not after the start (or past), a
 * range overlapping another of mine for a shared definition (409), and a loop: the delegate
 * already hands the same definitions to me in an overlapping range (409). Longer chains are not
 * refused: assignment resolves one hop only (a task delegated to someone away stays with them).
 */
export function createDelegations(deps: ApprovalsDeps) {
  const { db, clock } = deps;
  const now = () => iso(clock.now());
  const load = async (id: string) => db.get<DelegationRow>(`SELECT ${DELEGATION_SELECT} FROM ${DELEGATION_FROM} WHERE d.id = ?`, [id]);
  const mayManageOthers = (actor: UserActor) => hasPermission(actor, APPROVALS_DESIGN);

  async function checkInput(actor: UserActor, userId: string, input: DelegationInput, start: string, end: string): Promise<void> {
    const errors: FieldError[] = [];
    if (userId !== actor.userId && !(await db.get(ACTIVE_USER, [userId]))) errors.push({ field: "user_id", message: "approvals.form_user_unknown" });
    if (input.delegate_id === userId) errors.push({ field: "delegate_id", message: "approvals.delegation_self" });
    else if (!(await db.get(ACTIVE_USER, [input.delegate_id]))) errors.push({ field: "delegate_id", message: "approvals.delegate_unknown" });
    if (end <= start) errors.push({ field: "ends_at", message: "approvals.delegation_range" });
    else if (end <= now()) errors.push({ field: "ends_at", message: "approvals.delegation_past" });
    else if (Date.parse(end) - Date.parse(start) > L.delegationDaysMax * DAY) errors.push({ field: "ends_at", message: "approvals.delegation_too_long", params: { days: L.delegationDaysMax } });
    const keys = [...new Set(input.definitions ?? [])];
    if (keys.length) {
      const found = await db.all<{ key: string }>(`SELECT key FROM approval_definitions WHERE key IN (${keys.map(() => "?").join(", ")})`, keys);
      const missing = keys.filter((k) => !found.some((f) => f.key === k));
      if (missing.length) errors.push({ field: "definitions", message: "approvals.delegation_definition_unknown", params: { keys: missing.join(", ") } });
    }
    if (errors.length) throw invalidFields(errors);
  }

  /** Delegations of `userId` overlapping [start, end) for a definition in `keys`. */
  async function overlapping(userId: string, start: string, end: string, keys: string[] | null): Promise<DelegationRow | undefined> {
    const rows = await db.all<DelegationRow>(
      `SELECT ${DELEGATION_SELECT} FROM ${DELEGATION_FROM} WHERE d.user_id = ? AND d.starts_at < ? AND d.ends_at > ? ORDER BY d.starts_at`, [userId, end, start],
    );
    return rows.find((r) => shareDefinitions(keysOf(r), keys));
  }

  async function create(actor: UserActor, input: DelegationInput): Promise<ApprovalDelegation> {
    const userId = input.user_id ?? actor.userId;
    if (userId !== actor.userId ? !mayManageOthers(actor) : !hasPermission(actor, APPROVALS_DECIDE) && !mayManageOthers(actor)) {
      throw forbidden("approvals.delegation_others");
    }
    const start = new Date(input.starts_at).toISOString();
    const end = new Date(input.ends_at).toISOString();
    await checkInput(actor, userId, input, start, end);
    const keys = input.definitions ? [...new Set(input.definitions)] : null;
    const clash = await overlapping(userId, start, end, keys);
    if (clash) {
      throw conflict("approvals.delegation_overlap", { starts_at: clash.starts_at, ends_at: clash.ends_at }, [
        { field: "starts_at", message: "approvals.delegation_overlap", params: { starts_at: clash.starts_at, ends_at: clash.ends_at } },
      ]);
    }
    const back = await overlapping(input.delegate_id, start, end, keys);
    if (back && back.delegate_id === userId) {
      const name = back.user_name ?? input.delegate_id;
      throw conflict("approvals.delegation_loop", { name }, [{ field: "delegate_id", message: "approvals.delegation_loop", params: { name } }]);
    }
    const id = newId();
    await insertRow(db, "approval_delegations", {
      id, user_id: userId, delegate_id: input.delegate_id, starts_at: start, ends_at: end, definitions: keys ? JSON.stringify(keys) : null,
      reason: input.reason.trim(), created_by: actor.userId, created_at: now(),
    });
    const after = toDelegation((await load(id))!, now());
    noteAudit({ resourceType: "approval_delegation", resourceId: id, after });
    return after;
  }

  /** Removes a delegation (the caller's own, or anyone's with approvals:design); tasks already delegated stay with the delegate. */
  async function remove(actor: UserActor, id: string): Promise<{ id: string }> {
    const row = await load(id);
    if (!row) throw notFound("approvals.delegation_not_found");
    if (row.user_id !== actor.userId && !mayManageOthers(actor)) throw forbidden("approvals.delegation_others");
    await db.run("DELETE FROM approval_delegations WHERE id = ?", [id]);
    noteAudit({ resourceType: "approval_delegation", resourceId: id, before: toDelegation(row, now()) });
    return { id };
  }

  async function list(actor: UserActor, q: ListDelegationsQuery): Promise<Page<ApprovalDelegation>> {
    const w = new Where();
    const all = q.view === "all" || (q.user_id !== undefined && q.user_id !== actor.userId);
    if (all && !mayManageOthers(actor)) throw forbidden("approvals.delegation_others");
    if (!all) w.add("(d.user_id = ? OR d.delegate_id = ?)", actor.userId, actor.userId);
    if (q.user_id) w.add("d.user_id = ?", q.user_id);
    const at = now();
    if (q.state === "active") w.add("d.starts_at <= ? AND d.ends_at > ?", at, at);
    if (q.state === "scheduled") w.add("d.starts_at > ?", at);
    if (q.state === "ended") w.add("d.ends_at <= ?", at);
    return paginate<DelegationRow, ApprovalDelegation>(db, {
      select: DELEGATION_SELECT, from: DELEGATION_FROM, where: w, query: q, sortable: SORTABLE, defaultSort: "d.starts_at DESC, d.id DESC", map: (r) => toDelegation(r, at),
    });
  }

  return { create, remove, list };
}

export type Delegations = ReturnType<typeof createDelegations>;
