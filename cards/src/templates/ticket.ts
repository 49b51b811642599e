/** A ticket: who raised it, its state, the latest comments; take it, comment on it or resolve it. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type TicketStatus = "open" | "in_progress" | "resolved" | "closed";
export type TicketPriority = "low" | "normal" | "high" | "urgent";

export type TicketData = {
  ticketId: string;
  /** human number such as "T-1024" */
  number?: string;
  title: string;
  status: TicketStatus;
  priority: TicketPriority;
  reporter: string;
  assignee?: string;
  createdAt: string;
  /** markdown written by the reporter */
  description?: string;
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
    status_open: "待处理",
    status_in_progress: "处理中",
    status_resolved: "已解决",
    status_closed: "已关闭",
    priority_low: "低",
    priority_normal: "普通",
    priority_high: "高",
    priority_urgent: "紧急",
    reporter: "提交人",
    assignee: "处理人",
    unassigned: "未分配",
    created_at: "创建时间",
    comment_by: "${author} · ${at}",
    earlier_comments: "更早的 ${count} 条评论请在应用中查看",
    comment: "评论",
    comment_placeholder: "写下处理进展或问题",
    add_comment: "发表评论",
    assign_me: "我来处理",
    resolve: "标记已解决",
    resolve_confirm_title: "确认已解决？",
    resolve_confirm_text: "提交人会收到通知，可在 7 天内重新打开。",
    details: "查看工单",
  },
  en: {
    title: "Ticket ${number}: ${title}",
    subtitle: "${status} · ${priority} priority",
    summary: "Ticket ${number} ${status}: ${title}",
    status_open: "Open",
    status_in_progress: "In progress",
    status_resolved: "Resolved",
    status_closed: "Closed",
    priority_low: "low",
    priority_normal: "normal",
    priority_high: "high",
    priority_urgent: "urgent",
    reporter: "Reporter",
    assignee: "Assignee",
    unassigned: "Unassigned",
    created_at: "Created",
    comment_by: "${author} · ${at}",
    earlier_comments: "${count} earlier comments are in the app",
    comment: "Comment",
    comment_placeholder: "Progress or questions",
    add_comment: "Comment",
    assign_me: "Assign to me",
    resolve: "Resolve",
    resolve_confirm_title: "Mark as resolved?",
    resolve_confirm_text: "The reporter is notified and can reopen it within 7 days.",
    details: "Open ticket",
  },
};

const SHOWN_COMMENTS = 3;

const TONE: Record<TicketStatus, Tone> = { open: "warning", in_progress: "info", resolved: "success", closed: "neutral" };

export function ticketCard(data: TicketData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(ticketText, locale);
  const link = data.link ?? `/tickets/${encodeURIComponent(data.ticketId)}`;
  const number = data.number ?? data.ticketId;
  const status = tr(`status_${data.status}`);
  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        { label: tr("reporter"), value: data.reporter },
        { label: tr("assignee"), value: data.assignee ?? tr("unassigned") },
        { label: tr("created_at"), value: formatTime(data.createdAt, data.timeZone) },
      ],
    },
  ];
  if (data.description) blocks.push({ type: "markdown", text: data.description });
  blocks.push(...commentBlocks(data, tr));

  const open = data.status === "open" || data.status === "in_progress";
  const buttons: Button[] = [];
  if (open) {
    blocks.push({ type: "input", name: "comment", label: tr("comment"), placeholder: tr("comment_placeholder"), multiline: true, maxLength: 1000, optional: true });
    buttons.push(actionButton(tr("add_comment"), "ticket.comment", { id: data.ticketId }, { style: "primary" }));
    if (!data.assignee) buttons.push(actionButton(tr("assign_me"), "ticket.assign_me", { id: data.ticketId }));
    buttons.push(actionButton(tr("resolve"), "ticket.resolve", { id: data.ticketId }, {
      confirm: { title: tr("resolve_confirm_title"), text: tr("resolve_confirm_text") },
    }));
  }
  buttons.push(linkButton(tr("details"), link));
  blocks.push({ type: "actions", buttons });

  return {
    locale,
    header: {
      title: tr("title", { number, title: data.title }),
      subtitle: tr("subtitle", { status, priority: tr(`priority_${data.priority}`) }),
      tone: data.priority === "urgent" && open ? "danger" : TONE[data.status],
    },
    blocks,
    summary: tr("summary", { number, status, title: data.title }),
    link,
  };
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
