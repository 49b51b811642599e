import type { Page, UserActor } from "@ops/shared";
import type { ApprovalTask, TaskBox } from "@ops/shared/contracts/approvals.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, paginate } from "../../../platform/db/query.ts";
import { TASK_FROM, TASK_SELECT, toTask } from "../engine/index.ts";

const SORTABLE = { created_at: "t.created_at", decided_at: "t.decided_at" };

/**
 * The inbox boxes. todo: my open approve tasks · done: approve tasks I acted on · mine: the tasks
 * of approvals I started (what each is waiting on, and who decided) · cc: copies sent to me.
 */
function boxWhere(box: TaskBox, userId: string): Where {
  const w = new Where();
  switch (box) {
    case "todo":
      return w.add("t.assignee_id = ? AND t.kind = 'approve' AND t.status = 'pending' AND i.status = 'pending'", userId);
    case "done":
      return w.add("t.assignee_id = ? AND t.kind = 'approve' AND t.status IN ('approved', 'rejected', 'transferred')", userId);
    case "mine":
      return w.add("i.initiator_id = ? AND t.kind = 'approve' AND t.status NOT IN ('waiting')", userId);
    case "cc":
      return w.add("t.assignee_id = ? AND t.kind = 'cc'", userId);
  }
}

/** Badge numbers: open to-dos, tasks done, my approvals still pending, unread copies. */
export async function boxCounts(db: Db, userId: string): Promise<Record<TaskBox, number>> {
  const row = await db.get<Record<TaskBox, number | string>>(
    `SELECT
      (SELECT COUNT(*) FROM approval_tasks t JOIN approval_instances i ON i.id = t.instance_id WHERE t.assignee_id = ? AND t.kind = 'approve' AND t.status = 'pending' AND i.status = 'pending') AS todo,
      (SELECT COUNT(*) FROM approval_tasks t WHERE t.assignee_id = ? AND t.kind = 'approve' AND t.status IN ('approved', 'rejected', 'transferred')) AS done,
      (SELECT COUNT(*) FROM approval_instances i WHERE i.initiator_id = ? AND i.status = 'pending') AS mine,
      (SELECT COUNT(*) FROM approval_tasks t WHERE t.assignee_id = ? AND t.kind = 'cc' AND t.status = 'unread') AS cc`,
    [userId, userId, userId, userId],
  );
  return { todo: Number(row?.todo ?? 0), done: Number(row?.done ?? 0), mine: Number(row?.mine ?? 0), cc: Number(row?.cc ?? 0) };
}

export async function listBox(
  db: Db, actor: UserActor, q: { box: TaskBox; page: number; page_size: number; sort?: string; q?: string; definition?: string },
): Promise<Page<ApprovalTask> & { counts: Record<TaskBox, number> }> {
  // the search runs in the store, over the whole box (not only the newest page the inbox loaded)
  const where = boxWhere(q.box, actor.userId).eq("i.definition_key", q.definition).search(["i.title", "iu.display_name", "t.node_name", "i.definition_name"], q.q?.trim());
  const page = await paginate(db, {
    select: TASK_SELECT, from: TASK_FROM, where, query: q, sortable: SORTABLE,
    defaultSort: q.box === "done" ? "t.decided_at DESC, t.id DESC" : "t.created_at DESC, t.id DESC", map: toTask as never,
  });
  return { ...(page as Page<ApprovalTask>), counts: await boxCounts(db, actor.userId) };
}
