/**
 * The facts an approval card shows, computed from an instance and its version's form labels: the
 * API sends them with each notice and card refresh, the bot computes the same for a card it answers
 * with. Pure. `tasks` maps each open approve task's assignee to the task: that reader's copy gets
 * Approve / Reject, everyone else's is read-only.
 */
import type { ApprovalInstance, ApprovalStatus } from "./approvals.ts";
import type { ConfigDiffRow } from "./config.ts";

/** What the card needs of the instance's version: field labels and how many approver nodes it has. */
export type CardView = { labels: Map<string, string>; approverNodes: number };

export type ApprovalCardFacts = {
  card: "approval"; id: string; instance_id: string; task_id: string | null; title: string; kind: string; requester: string; initiator_id: string;
  submittedAt: string; status: ApprovalStatus; details: Array<{ label: string; value: string }>;
  step?: { current: number; total: number; name: string }; decidedBy?: string; decidedAt?: string; comment?: string; link: string;
  tasks: Record<string, string>; attachments: Array<{ name: string; url: string }>;
  /** why an open task's holder has it in front of them again (the initiator urged it, its timeout reminded them): their copy keeps that line on every refresh */
  notices?: Record<string, "urged" | "remind">;
  /** a config change (form `changes` rows with before/after): what the approver decides on; `diff_link` has the whole of it */
  diff?: ConfigDiffRow[]; diff_link?: string;
  /** rows in the form when more than `diff` carries */
  diff_total?: number;
};

/** How many simple form values the card shows ("key form fields"). */
const KEY_FIELDS = 4;
/** A person's decision on the timeline: the "decided by" line names the last one's actor and shows its comment. */
const DECISIONS = new Set(["approve", "reject", "withdraw"]);
/** The instance's own end events, when no person's decision is on the timeline (an automatic pass). */
const ENDINGS = new Set(["approved", "rejected", "withdrawn"]);

/** Diff rows the facts carry at most (the card shows ~10 and counts the rest). */
const DIFF_ROWS = 50;

const cell = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

/**
 * The config-release form's `changes` (table rows record/field/before/after, strings): the approver's diff.
 * Any definition whose form has such rows gets it; an empty `before` of an added record stays "" (the form has no null).
 */
function diffOf(inst: ApprovalInstance): Pick<ApprovalCardFacts, "diff" | "diff_link" | "diff_total"> {
  const rows = inst.form.changes;
  if (!Array.isArray(rows) || !rows.length) return {};
  const isRow = (r: unknown): r is Record<string, unknown> => !!r && typeof r === "object" && "before" in r && "after" in r;
  if (!rows.every(isRow)) return {};
  const diff = rows.slice(0, DIFF_ROWS).map((r) => ({ record: cell(r.record) ?? "", field: cell(r.field) ?? "", before: cell(r.before), after: cell(r.after) }));
  const set = typeof inst.form.change_set_id === "string" && inst.form.change_set_id ? inst.form.change_set_id : null;
  return { diff, diff_link: set ? `/config/change-sets/${encodeURIComponent(set)}` : `/approvals/${inst.id}`, ...(rows.length > DIFF_ROWS ? { diff_total: rows.length } : {}) };
}

function keyFields(inst: ApprovalInstance, labels: Map<string, string>) {
  return Object.entries(inst.form)
    // a config change's set id is what its diff link carries: not a fact a reader weighs
    .filter(([k]) => !(k === "change_set_id" && Array.isArray(inst.form.changes)))
    .filter(([, v]) => ["string", "number"].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === "string")))
    .slice(0, KEY_FIELDS)
    .map(([k, v]) => ({ label: labels.get(k) ?? k, value: Array.isArray(v) ? v.join(" ~ ") : String(v) }));
}

export function approvalCardData(inst: ApprovalInstance, view: CardView, taskId?: string): ApprovalCardFacts {
  const tasks = Object.fromEntries(
    inst.current.flatMap((n) => n.tasks).filter((t) => t.kind === "approve" && t.status === "pending").map((t) => [t.assignee_id, t.id]),
  );
  const newestFirst = [...inst.timeline].reverse();
  const notices: Record<string, "urged" | "remind"> = {};
  for (const t of inst.current.flatMap((n) => n.tasks).filter((x) => x.kind === "approve" && x.status === "pending")) {
    const why = newestFirst.find((e) => e.task_id === t.id && (e.action === "urge" || (e.action === "timeout" && e.data.action === "remind")));
    if (why) notices[t.assignee_id] = why.action === "urge" ? "urged" : "remind";
  }
  const attachments = inst.timeline.flatMap((e) => (e.data.attachments as Array<{ id: string; name: string }> | undefined) ?? [])
    .map((a) => ({ name: a.name, url: `/api/v1/approvals/${inst.id}/attachments/${a.id}` }));
  // the step: approver nodes reached so far out of those on the definition (branches may skip some)
  const reached = new Set(inst.timeline.filter((e) => e.action === "assigned").map((e) => e.node_key)).size;
  const last = newestFirst.find((e) => DECISIONS.has(e.action) && e.actor_id) ?? newestFirst.find((e) => ENDINGS.has(e.action) && e.actor_id);
  const done = inst.status !== "pending";
  return {
    card: "approval", id: inst.id, instance_id: inst.id, task_id: taskId ?? null, title: inst.title, kind: inst.definition_name,
    requester: inst.initiator_name ?? inst.initiator_id, initiator_id: inst.initiator_id, submittedAt: inst.created_at, status: inst.status,
    details: keyFields(inst, view.labels),
    ...(inst.current[0] ? { step: { current: reached, total: Math.max(reached, view.approverNodes), name: inst.current[0].node_name } } : {}),
    ...(done && last?.actor_name ? { decidedBy: last.actor_name } : {}),
    ...(done && inst.finished_at ? { decidedAt: inst.finished_at } : {}),
    ...(done && last?.comment ? { comment: last.comment } : {}),
    link: `/approvals/${inst.id}`, tasks, attachments, ...(Object.keys(notices).length ? { notices } : {}), ...diffOf(inst),
  };
}
