import type { Feedback, FeedbackContext, FeedbackEvent, FeedbackPerson } from "@ops/shared/contracts/feedback.ts";
import type { Db } from "../../platform/db/db.ts";

/** One feedback row joined with the people and department it names. */
export type FeedbackRow = {
  id: string;
  no: number | string;
  category: string;
  status: string;
  content: string;
  page: string | null;
  context: string;
  submitter_id: string;
  dept_id: string | null;
  assignee_id: string | null;
  via: string;
  has_screenshot: number | string;
  last_reply: string | null;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
  s_username: string | null;
  s_name: string | null;
  a_username: string | null;
  a_name: string | null;
  dept_name: string | null;
};

export const FEEDBACK_SELECT = `f.*, s.username AS s_username, s.display_name AS s_name,
  a.username AS a_username, a.display_name AS a_name, d.name AS dept_name`;
export const FEEDBACK_FROM = `feedback f LEFT JOIN users s ON s.id = f.submitter_id
  LEFT JOIN users a ON a.id = f.assignee_id LEFT JOIN departments d ON d.id = f.dept_id`;

const person = (id: string | null, username: string | null, name: string | null): FeedbackPerson =>
  id ? { id, username: username ?? "", display_name: name ?? username ?? "" } : null;

export function toFeedback(r: FeedbackRow): Feedback {
  return {
    id: r.id,
    no: Number(r.no),
    category: r.category as Feedback["category"],
    status: r.status as Feedback["status"],
    content: r.content,
    page: r.page,
    context: parseContext(r.context),
    has_screenshot: Number(r.has_screenshot) === 1,
    submitter: person(r.submitter_id, r.s_username, r.s_name),
    dept_id: r.dept_id,
    dept_name: r.dept_name,
    assignee: person(r.assignee_id, r.a_username, r.a_name),
    via: r.via,
    created_at: r.created_at,
    updated_at: r.updated_at,
    status_changed_at: r.status_changed_at,
    last_reply: r.last_reply,
  };
}

function parseContext(raw: string): FeedbackContext {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as FeedbackContext) : {};
  } catch {
    return {};
  }
}

export async function loadFeedback(db: Db, id: string): Promise<FeedbackRow | undefined> {
  return db.get<FeedbackRow>(`SELECT ${FEEDBACK_SELECT} FROM ${FEEDBACK_FROM} WHERE f.id = ?`, [id]);
}

type EventRow = {
  id: string; kind: string; action: string | null; from_status: string | null; to_status: string | null; comment: string | null;
  assignee_id: string | null; actor_id: string | null; via: string; created_at: string;
  a_username: string | null; a_name: string | null; u_username: string | null; u_name: string | null;
};

/** The timeline, oldest first (ids are time-ordered UUIDv7, so equal timestamps keep their order). */
export async function loadEvents(db: Db, feedbackId: string): Promise<FeedbackEvent[]> {
  const rows = await db.all<EventRow>(
    `SELECT e.*, a.username AS a_username, a.display_name AS a_name, u.username AS u_username, u.display_name AS u_name
     FROM feedback_events e LEFT JOIN users a ON a.id = e.assignee_id LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.feedback_id = ? ORDER BY e.created_at, e.id`,
    [feedbackId],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as FeedbackEvent["kind"],
    action: r.action as FeedbackEvent["action"],
    from_status: r.from_status as FeedbackEvent["from_status"],
    to_status: r.to_status as FeedbackEvent["to_status"],
    comment: r.comment,
    assignee: person(r.assignee_id, r.a_username, r.a_name),
    actor: person(r.actor_id, r.u_username, r.u_name),
    via: r.via,
    created_at: r.created_at,
  }));
}

/** An active, not deleted user by id (assignees must be able to act). */
export async function activeUser(db: Db, id: string): Promise<{ id: string; locale: string } | undefined> {
  return db.get<{ id: string; locale: string }>("SELECT id, locale FROM users WHERE id = ? AND status = 'active' AND deleted_at IS NULL", [id]);
}
