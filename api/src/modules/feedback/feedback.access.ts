import { hasPermission, notFound, type UserActor } from "@ops/shared";
import type { FeedbackRole } from "@ops/shared/contracts/feedback.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import { FEEDBACK_LIST, FEEDBACK_MANAGE } from "./feedback.deps.ts";
import type { FeedbackRow } from "./feedback.store.ts";

/** Data-scope columns of a feedback: the submitter's department at filing time, and the submitter. */
export const SCOPE_COLUMNS = { dept: "f.dept_id", owner: "f.submitter_id" };

export type FeedbackAccess = FeedbackRole & { visible: boolean };

/**
 * What the actor is to one feedback. Handlers (list or manage) see what their data scope covers;
 * the submitter and the assignee always see it; only a manage holder in scope is a manager.
 */
export async function accessOf(db: Db, scope: ScopeFilter, actor: UserActor, row: FeedbackRow): Promise<FeedbackAccess> {
  const submitter = row.submitter_id === actor.userId;
  const handler = hasPermission(actor, FEEDBACK_LIST) || hasPermission(actor, FEEDBACK_MANAGE);
  const inScope = handler && (await isInScope(db, scope, actor, row.id));
  return {
    submitter,
    manager: inScope && hasPermission(actor, FEEDBACK_MANAGE),
    visible: submitter || inScope || row.assignee_id === actor.userId,
  };
}

/** Not visible answers 404, as if it did not exist: ids of others' feedback reveal nothing. */
export async function requireVisible(db: Db, scope: ScopeFilter, actor: UserActor, row: FeedbackRow | undefined) {
  if (!row) throw notFound("feedback.not_found");
  const access = await accessOf(db, scope, actor, row);
  if (!access.visible) throw notFound("feedback.not_found");
  return access;
}

export async function isInScope(db: Db, scope: ScopeFilter, actor: UserActor, id: string): Promise<boolean> {
  const fragment = await scope(actor, SCOPE_COLUMNS);
  const row = await db.get(`SELECT f.id FROM feedback f WHERE f.id = ?${fragment ? ` AND ${fragment.sql}` : ""}`, [id, ...(fragment?.params ?? [])]);
  return row !== undefined;
}
