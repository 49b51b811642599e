import type { Page, UserActor } from "@ops/shared";
import type { Feedback } from "@ops/shared/contracts/feedback.ts";
import type { Db } from "../../platform/db/db.ts";
import type { ScopeFilter } from "../../platform/data-scope.ts";
import { Where, paginate } from "../../platform/db/query.ts";
import { SCOPE_COLUMNS } from "./feedback.access.ts";
import type { ListFeedbackQuery, MineQuery } from "./feedback.schema.ts";
import { FEEDBACK_FROM, FEEDBACK_SELECT, toFeedback, type FeedbackRow } from "./feedback.store.ts";

const SORTABLE = { created_at: "f.created_at", updated_at: "f.updated_at", no: "f.no", status: "f.status", category: "f.category" };
const csv = (v: string | undefined) => (v ? v.split(",").map((x) => x.trim()).filter(Boolean) : []);
const NUMBER = /^(?:fb-?)?0*(\d{1,9})$/i;

/** A person filter: an id or a username (current, not deleted). */
function person(w: Where, column: string, value: string | undefined, actor: UserActor) {
  if (!value) return;
  if (value === "me") w.add(`${column} = ?`, actor.userId);
  else if (value === "none") w.add(`${column} IS NULL`);
  else w.add(`(${column} = ? OR ${column} IN (SELECT pu.id FROM users pu WHERE pu.username = ? AND pu.deleted_at IS NULL))`, value, value);
}

/** Handlers' list: everything their data scope covers, filtered, paged and sorted per DESIGN §4. */
export async function listFeedback(db: Db, scope: ScopeFilter, actor: UserActor, q: ListFeedbackQuery): Promise<Page<Feedback>> {
  const w = new Where();
  const statuses = csv(q.status);
  if (statuses.length) w.in("f.status", statuses);
  const categories = csv(q.category);
  if (categories.length) w.in("f.category", categories);
  person(w, "f.assignee_id", q.assignee, actor);
  person(w, "f.submitter_id", q.submitter, actor);
  w.range("f.created_at", q.from, q.to);
  const keyword = q.q?.trim();
  const number = keyword ? NUMBER.exec(keyword) : null;
  if (number) w.add("f.no = ?", Number(number[1]));
  else w.search(["f.content", "f.page"], keyword);
  w.fragment(await scope(actor, SCOPE_COLUMNS));
  return page(db, w, q);
}

/** Statuses a handler still has work on (待处理, 已受理, 处理中). */
export const OPEN_FEEDBACK_STATUSES = ["new", "triaged", "in_progress"] as const;

/**
 * A handler's open queue (the workbench's 待处理反馈): open feedback their data scope covers plus
 * what is assigned to them, theirs first, then oldest first (what has waited longest), with the total.
 */
export async function listOpenQueue(db: Db, scope: ScopeFilter, actor: UserActor, limit: number): Promise<{ total: number; items: Feedback[] }> {
  const w = new Where().in("f.status", [...OPEN_FEEDBACK_STATUSES]);
  const fragment = await scope(actor, SCOPE_COLUMNS);
  if (fragment) w.add(`(${fragment.sql} OR f.assignee_id = ?)`, ...fragment.params, actor.userId);
  const count = await db.get<{ c: number | string }>(`SELECT CAST(COUNT(*) AS INTEGER) AS c FROM ${FEEDBACK_FROM} ${w.sql}`, w.params);
  const rows = await db.all<FeedbackRow>(
    `SELECT ${FEEDBACK_SELECT} FROM ${FEEDBACK_FROM} ${w.sql}
     ORDER BY CASE WHEN f.assignee_id = ? THEN 0 ELSE 1 END, f.created_at, f.id LIMIT ?`,
    [...w.params, actor.userId, limit],
  );
  return { total: Number(count?.c ?? 0), items: rows.map(toFeedback) };
}

/** The submitter's own feedback, whatever their data scope. */
export async function listMine(db: Db, actor: UserActor, q: MineQuery): Promise<Page<Feedback>> {
  const w = new Where().add("f.submitter_id = ?", actor.userId);
  const statuses = csv(q.status);
  if (statuses.length) w.in("f.status", statuses);
  return page(db, w, q);
}

function page(db: Db, where: Where, query: { page: number; page_size: number; sort?: string }) {
  return paginate<FeedbackRow, Feedback>(db, {
    select: FEEDBACK_SELECT, from: FEEDBACK_FROM, where, query, sortable: SORTABLE, defaultSort: "f.created_at DESC, f.id DESC", map: toFeedback,
  });
}
