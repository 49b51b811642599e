import type { ApprovalDelegation } from "@ops/shared/contracts/approvals.ts";
import type { Db } from "../../../platform/db/db.ts";

export type DelegationRow = {
  id: string; user_id: string; delegate_id: string; starts_at: string; ends_at: string; definitions: string | null; reason: string;
  created_by: string | null; created_at: string; user_name?: string | null; delegate_name?: string | null;
};

export const DELEGATION_SELECT = "d.*, u.display_name AS user_name, g.display_name AS delegate_name";
export const DELEGATION_FROM = "approval_delegations d LEFT JOIN users u ON u.id = d.user_id LEFT JOIN users g ON g.id = d.delegate_id";

export const keysOf = (r: Pick<DelegationRow, "definitions">): string[] | null => (r.definitions === null ? null : (JSON.parse(r.definitions) as string[]));

export function toDelegation(r: DelegationRow, now: string): ApprovalDelegation {
  return {
    id: r.id, user_id: r.user_id, user_name: r.user_name ?? null, delegate_id: r.delegate_id, delegate_name: r.delegate_name ?? null,
    starts_at: r.starts_at, ends_at: r.ends_at, definitions: keysOf(r), reason: r.reason,
    state: now < r.starts_at ? "scheduled" : now < r.ends_at ? "active" : "ended", created_by: r.created_by, created_at: r.created_at,
  };
}

/**
 * The delegation covering `userId`'s approve tasks of `definitionKey` at `at`, if any. Ranges of
 * one user never overlap for a shared definition (checked on create), so at most one applies.
 */
export async function delegationAt(db: Db, userId: string, definitionKey: string, at: string): Promise<DelegationRow | undefined> {
  const rows = await db.all<DelegationRow>(
    // a delegate disabled since does not take tasks: they stay with the approver
    `SELECT d.* FROM approval_delegations d JOIN users g ON g.id = d.delegate_id AND g.deleted_at IS NULL AND g.status <> 'disabled'
     WHERE d.user_id = ? AND d.starts_at <= ? AND d.ends_at > ? ORDER BY d.starts_at`,
    [userId, at, at],
  );
  return rows.find((r) => keysOf(r)?.includes(definitionKey) ?? true);
}

/** Who acts for whom, with the names as they are now (kept on the timeline event). */
export async function delegationNames(db: Db, from: string, to: string) {
  const rows = await db.all<{ id: string; display_name: string }>("SELECT id, display_name FROM users WHERE id IN (?, ?)", [from, to]);
  const name = (id: string) => rows.find((r) => r.id === id)?.display_name ?? id;
  return { from, to, from_name: name(from), to_name: name(to) };
}
