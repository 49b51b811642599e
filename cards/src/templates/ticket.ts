/**
 * A 运维工单 (seed 004): who raised it, its status, and the NEXT step as buttons: approve/reject for
 * 管理方, assign (an engineer from a select, or "assign to me") for the contractor's PM, start/submit
 * for the engineer, confirm/send back for the reporter, close once confirmed. Every copy of the card
 * shows the same next step (cards are refreshed in place for everyone); the API checks the clicker.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type TicketStatus = "pending_review" | "reviewed" | "assigned" | "in_progress" | "done" | "confirmed" | "closed" | "rejected";
export type TicketPriority = "low" | "medium" | "high" | "urgent";

export type TicketData = {
  ticketId: string;
  /** human number such as "T-01024" */
  number?: string;
  title: string;
  status: TicketStatus;
  priority: TicketPriority;
  kind?: "issue" | "requirement";
  reporter: string;
  assignee?: string;
  createdAt: string;
  /** the SLA target passed before it was met */
  slaBreached?: boolean;
  /** markdown written by the reporter */
  description?: string;
  /** engineers the PM may pick (a select); absent or empty: "assign to me" only */
  assignees?: { label: string; value: string }[];
  /** newest last; only the last few are shown */
  comments?: { author: string; at: string; text: string }[];
  link?: string;
  timeZone?: string;
};

export const ticketText: Dict = {
  "zh-CN": {
    title: "工单 ${number}：${title}",
    subtitle: "${status} · 优先级 ${priority}",
    summary: "工单 ${number} ${status}：${title}",
    status_pending_review: "待审核",
    status_reviewed: "已审核",
    status_assigned: "已指派",
    status_in_progress: "处理中",
    status_done: "已完成",
    status_confirmed: "已确认",
    status_closed: "已结单",
    status_rejected: "已驳回",
    priority_low: "低",
    priority_medium: "中",
    priority_high: "高",
    priority_urgent: "紧急",
    kind_issue: "问题",
    kind_requirement: "需求",
    kind: "类型",
    reporter: "提交人",
    assignee: "处理人",
    unassigned: "未指派",
    created_at: "创建时间",
    sla_breached: "已超过 SLA 时限",
    comment_by: "${author} · ${at}",
    earlier_comments: "更早的 ${count} 条评论请在应用中查看",
    comment: "说明",
    comment_placeholder: "驳回或退回时请写明原因",
    engineer: "处理工程师",
    engineer_placeholder: "选择工程师",
    review_approve: "审核通过",
    review_reject: "驳回",
    reject_confirm_title: "驳回该工单？",
    reject_confirm_text: "驳回后工单结束，提交人会收到通知。",
    assign: "指派",
    assign_me: "指派给我",
    start: "开始处理",
    submit: "提交完成",
    confirm: "确认解决",
    send_back: "退回重做",
    close: "结单",
    details: "查看工单",
  },
  en: {
    title: "Ticket ${number}: ${title}",
    subtitle: "${status} · ${priority} priority",
    summary: "Ticket ${number} ${status}: ${title}",
    status_pending_review: "Pending review",
    status_reviewed: "Reviewed",
    status_assigned: "Assigned",
    status_in_progress: "In progress",
    status_done: "Done",
    status_confirmed: "Confirmed",
    status_closed: "Closed",
    status_rejected: "Rejected",
    priority_low: "low",
    priority_medium: "medium",
    priority_high: "high",
    priority_urgent: "urgent",
    kind_issue: "Issue",
    kind_requirement: "Requirement",
    kind: "Kind",
    reporter: "Reporter",
    assignee: "Engineer",
    unassigned: "Unassigned",
    created_at: "Created",
    sla_breached: "SLA target missed",
    comment_by: "${author} · ${at}",
    earlier_comments: "${count} earlier comments are in the app",
    comment: "Note",
    comment_placeholder: "Give the reason when rejecting or sending back",
    engineer: "Engineer",
    engineer_placeholder: "Choose an engineer",
    review_approve: "Approve",
    review_reject: "Reject",
    reject_confirm_title: "Reject this ticket?",
    reject_confirm_text: "The ticket ends and the reporter is notified.",
    assign: "Assign",
    assign_me: "Assign to me",
    start: "Start",
    submit: "Submit as done",
    confirm: "Confirm",
    send_back: "Send back",
    close: "Close",
    details: "Open ticket",
  },
};

const SHOWN_COMMENTS = 3;

const TONE: Record<TicketStatus, Tone> = {
  pending_review: "warning", reviewed: "info", assigned: "info", in_progress: "info", done: "success", confirmed: "success", closed: "neutral", rejected: "neutral",
};

export function ticketCard(data: TicketData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(ticketText, locale);
  const link = data.link ?? `/tickets/${encodeURIComponent(data.ticketId)}`;
  const number = data.number ?? data.ticketId;
  const status = tr(`status_${data.status}`);
  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        ...(data.kind ? [{ label: tr("kind"), value: tr(`kind_${data.kind}`) }] : []),
        { label: tr("reporter"), value: data.reporter },
        { label: tr("assignee"), value: data.assignee ?? tr("unassigned") },
        { label: tr("created_at"), value: formatTime(data.createdAt, data.timeZone) },
      ],
    },
  ];
  if (data.slaBreached) blocks.push({ type: "context", text: tr("sla_breached") });
  if (data.description) blocks.push({ type: "markdown", text: data.description });
  blocks.push(...commentBlocks(data, tr));
  const { fields, buttons } = nextStep(data, tr);
  blocks.push(...fields);
  buttons.push(linkButton(tr("details"), link));
  blocks.push({ type: "actions", buttons });

  const open = data.status !== "closed" && data.status !== "rejected";
  return {
    locale,
    header: {
      title: tr("title", { number, title: data.title }),
      subtitle: tr("subtitle", { status, priority: tr(`priority_${data.priority}`) }),
      tone: (data.priority === "urgent" || data.slaBreached) && open ? "danger" : TONE[data.status],
    },
    blocks,
    summary: tr("summary", { number, status, title: data.title }),
    link,
  };
}

/** The form fields and buttons of the step the ticket waits on (`ticket.move` with the action; the API checks the clicker). */
function nextStep(data: TicketData, tr: ReturnType<typeof translator>): { fields: Block[]; buttons: Button[] } {
  const id = data.ticketId;
  const move = (action: string, extra: Parameters<typeof actionButton>[3] = {}) => actionButton(tr(action), "ticket.move", { id, action }, extra);
  const note: Block = { type: "input", name: "comment", label: tr("comment"), placeholder: tr("comment_placeholder"), multiline: true, maxLength: 1000, optional: true };
  switch (data.status) {
    case "pending_review":
      return { fields: [note], buttons: [move("review_approve", { style: "primary" }), move("review_reject", { style: "danger", confirm: { title: tr("reject_confirm_title"), text: tr("reject_confirm_text") } })] };
    case "reviewed": {
      const options = data.assignees ?? [];
      if (!options.length) return { fields: [], buttons: [actionButton(tr("assign_me"), "ticket.move", { id, action: "assign", assignee: "me" }, { style: "primary" })] };
      return {
        fields: [{ type: "select", name: "assignee", label: tr("engineer"), placeholder: tr("engineer_placeholder"), options }],
        buttons: [move("assign", { style: "primary" }), actionButton(tr("assign_me"), "ticket.move", { id, action: "assign", assignee: "me" })],
      };
    }
    case "assigned":
      return { fields: [], buttons: [move("start", { style: "primary" })] };
    case "in_progress":
      return { fields: [note], buttons: [move("submit", { style: "primary" })] };
    case "done":
      return { fields: [note], buttons: [move("confirm", { style: "primary" }), move("send_back", { style: "danger" })] };
    case "confirmed":
      return { fields: [], buttons: [move("close", { style: "primary" })] };
    default:
      return { fields: [], buttons: [] };
  }
}

function commentBlocks(data: TicketData, tr: ReturnType<typeof translator>): Block[] {
  const comments = data.comments ?? [];
  if (!comments.length) return [];
  const shown = comments.slice(-SHOWN_COMMENTS);
  const blocks: Block[] = [{ type: "divider" }];
  if (comments.length > shown.length) blocks.push({ type: "context", text: tr("earlier_comments", { count: comments.length - shown.length }) });
  for (const c of shown)
    blocks.push({ type: "fields", fields: [{ label: tr("comment_by", { author: c.author, at: formatTime(c.at, data.timeZone) }), value: c.text }] });
  return blocks;
}
