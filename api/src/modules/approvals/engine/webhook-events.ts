import type { ApprovalInstance } from "@ops/shared/contracts/approvals.ts";
import type { ApprovalsDeps } from "../approvals.deps.ts";
import { TASK_FROM, TASK_SELECT, toTask } from "./instance.store.ts";

/** Timeline actions that are webhook events: the instance's and, with a task_id, the task's. */
const EVENT_OF: Record<string, string> = {
  submit: "approval.started", approved: "approval.approved", rejected: "approval.rejected", withdrawn: "approval.withdrawn",
  approve: "approval.task.approved", reject: "approval.task.rejected", transfer: "approval.task.transferred",
};

/**
 * After commit: the instance's webhook events (modules/webhooks). Every fact has a stable id (its
 * timeline line, or the task for task.created) and webhooks records each id once, so publishing
 * the whole instance after each transaction sends each event once, even when two transactions'
 * deliver() overlap. Payloads carry the instance (and task) as the API answers them after the commit.
 */
export async function publishWebhookEvents(deps: ApprovalsDeps, inst: ApprovalInstance): Promise<void> {
  if (!deps.webhooks || !(await deps.webhooks.listening("approval."))) return;
  const rows = await deps.db.all<Parameters<typeof toTask>[0]>(`SELECT ${TASK_SELECT} FROM ${TASK_FROM} WHERE t.instance_id = ? AND t.kind = 'approve' ORDER BY t.created_at, t.seq, t.id`, [inst.id]);
  const tasks = new Map(rows.map((r) => [r.id, toTask(r)]));
  const attributes = { definition_key: inst.definition_key };
  const events = [];
  for (const entry of inst.timeline) {
    const type = EVENT_OF[entry.action];
    const task = entry.task_id ? tasks.get(entry.task_id) : undefined;
    if (!type || (type.startsWith("approval.task.") && !task)) continue;
    events.push({ id: `approval-event:${entry.id}`, type, occurred_at: entry.created_at, attributes, data: { instance: inst, ...(task ? { task } : {}), entry } });
  }
  for (const task of tasks.values()) {
    events.push({ id: `approval-task:${task.id}:created`, type: "approval.task.created", occurred_at: task.created_at, attributes, data: { instance: inst, task } });
  }
  await deps.webhooks.publish(events);
}
