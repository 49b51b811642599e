/**
 * An approval request. An assignee's copy (pending, not read-only) carries a comment input and
 * Approve / Reject (the task in the button value; reject needs the comment as its reason); CC
 * recipients and the initiator get the same card read-only. Once decided every copy shows
 * "已由 张三 同意 · 14:02" instead of buttons.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Card, type Field, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { diffBlocks, type ConfigFieldChange } from "./config-diff.ts";
import { formatTime } from "./format.ts";

/** attachment links shown (the rest are on the details page) */
const MAX_ATTACHMENTS = 5;

/** "14:02" when decided the day it was submitted (in the card's zone), else the date too. */
function decidedAt(data: ApprovalData): string {
  const at = formatTime(data.decidedAt, data.timeZone);
  const day = (v: string) => v.slice(0, 10);
  return data.decidedAt && day(at) === day(formatTime(data.submittedAt, data.timeZone)) ? at.slice(11) : at;
}

export type ApprovalStatus = "pending" | "approved" | "rejected" | "withdrawn" | "expired";

export type ApprovalData = {
  id: string;
  title: string;
  /** what is being approved, already in the reader's language (e.g. "配置发布") */
  kind?: string;
  requester: string;
  submittedAt: string;
  reason?: string;
  /** extra facts, already localised by the caller */
  details?: Field[];
  step?: { current: number; total: number; name?: string };
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  link?: string;
  timeZone?: string;
  /** the reader's open task on it: Approve / Reject act on this task */
  taskId?: string;
  /** CC recipients and the initiator: the card without input or buttons */
  readOnly?: boolean;
  /** files on it (comment attachments), each a link to the app or API */
  attachments?: { name: string; url: string }[];
  /** why this copy was sent beyond the request itself: an urge by the initiator, a timeout reminder */
  notice?: "urged" | "remind";
  /** a config change: the field-by-field diff the approver decides on (first rows, values cut) and the page with all of it */
  diff?: { rows: ConfigFieldChange[]; total?: number; link: string };
};

export const approvalText: Dict = {
  "zh-CN": {
    subtitle: "审批 · ${status}",
    subtitle_kind: "${kind} · ${status}",
    summary: "待审批：${title}（${requester}）",
    summary_done: "审批${status}：${title}",
    requester: "申请人",
    submitted_at: "提交时间",
    reason: "申请理由",
    step: "审批环节",
    step_value: "第 ${current}/${total} 步 ${name}",
    status_pending: "待审批",
    status_approved: "已同意",
    status_rejected: "已拒绝",
    status_withdrawn: "已撤回",
    status_expired: "已过期",
    decided: "已由 ${who} ${verb} · ${at}",
    verb_approved: "同意",
    verb_rejected: "拒绝",
    verb_withdrawn: "撤回",
    verb_expired: "关闭",
    attachment: "附件：${name}",
    notice_urged: "发起人催办：请尽快处理",
    notice_remind: "审批超时提醒：请尽快处理",
    comment: "审批意见",
    comment_placeholder: "同意时可选；拒绝时必填（拒绝理由）",
    approve: "同意",
    reject: "拒绝",
    reject_confirm_title: "确认拒绝？",
    reject_confirm_text: "请先在「审批意见」中写明拒绝理由。拒绝后申请将结束，申请人会收到通知。",
    details: "查看详情",
    diff_title: "**变更内容**",
    more_rows: "… 还有 ${count} 项变更，见完整变更",
    cut: "部分内容过长已截断",
    diff_details: "查看完整变更",
  },
  en: {
    subtitle: "Approval · ${status}",
    subtitle_kind: "${kind} · ${status}",
    summary: "Approval needed: ${title} (${requester})",
    summary_done: "Approval ${status}: ${title}",
    requester: "Requester",
    submitted_at: "Submitted",
    reason: "Reason",
    step: "Step",
    step_value: "Step ${current} of ${total} ${name}",
    status_pending: "pending",
    status_approved: "approved",
    status_rejected: "rejected",
    status_withdrawn: "withdrawn",
    status_expired: "expired",
    decided: "${verb} by ${who} · ${at}",
    verb_approved: "Approved",
    verb_rejected: "Rejected",
    verb_withdrawn: "Withdrawn",
    verb_expired: "Closed",
    attachment: "Attachment: ${name}",
    notice_urged: "The requester asks you to decide soon",
    notice_remind: "Reminder: this approval is waiting past its time limit",
    comment: "Comment",
    comment_placeholder: "Optional to approve; required to reject (the reason)",
    approve: "Approve",
    reject: "Reject",
    reject_confirm_title: "Reject this request?",
    reject_confirm_text: "Write the reason in Comment first. The request ends and the requester is notified.",
    details: "View details",
    diff_title: "**Changes**",
    more_rows: "… and ${count} more changes in the full change",
    cut: "Long values are cut",
    diff_details: "View full change",
  },
};

const TONE: Record<ApprovalStatus, Tone> = {
  pending: "warning",
  approved: "success",
  rejected: "danger",
  withdrawn: "neutral",
  expired: "neutral",
};

export function approvalCard(data: ApprovalData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(approvalText, locale);
  const status = tr(`status_${data.status}`);
  const link = data.link ?? `/approvals/${encodeURIComponent(data.id)}`;
  const fields: Field[] = [
    { label: tr("requester"), value: data.requester },
    { label: tr("submitted_at"), value: formatTime(data.submittedAt, data.timeZone) },
  ];
  if (data.step) fields.push({ label: tr("step"), value: tr("step_value", { ...data.step, name: data.step.name ?? "" }).trim() });
  if (data.reason) fields.push({ label: tr("reason"), value: data.reason });
  fields.push(...(data.details ?? []));

  const blocks: Block[] = [];
  if (data.notice) blocks.push({ type: "context", text: tr(`notice_${data.notice}`) });
  blocks.push({ type: "fields", fields });
  // the diff stays on every copy and after the decision: the refresh computes it from the instance again
  if (data.diff?.rows.length) {
    const diff = diffBlocks(data.diff.rows, tr, data.diff.total !== undefined ? { total: data.diff.total } : {});
    blocks.push({ type: "markdown", text: tr("diff_title") }, ...diff.blocks);
    if (diff.partial) blocks.push({ type: "actions", buttons: [linkButton(tr("diff_details"), data.diff.link)] });
  }
  // links, not markdown: renderers resolve app paths against OPS_PUBLIC_URL for buttons
  if (data.attachments?.length)
    blocks.push({ type: "actions", buttons: data.attachments.slice(0, MAX_ATTACHMENTS).map((a) => linkButton(tr("attachment", { name: a.name }), a.url)) });
  const value = { id: data.id, ...(data.taskId ? { task: data.taskId } : {}) };
  if (data.status === "pending" && !data.readOnly) {
    blocks.push(
      { type: "input", name: "comment", label: tr("comment"), placeholder: tr("comment_placeholder"), multiline: true, maxLength: 500, optional: true },
      {
        type: "actions",
        buttons: [
          actionButton(tr("approve"), "approval.approve", value, { style: "primary" }),
          actionButton(tr("reject"), "approval.reject", value, {
            style: "danger",
            confirm: { title: tr("reject_confirm_title"), text: tr("reject_confirm_text") },
          }),
          linkButton(tr("details"), link),
        ],
      },
    );
  } else {
    if (data.status !== "pending" && data.decidedBy)
      blocks.push({ type: "context", text: tr("decided", { who: data.decidedBy, verb: tr(`verb_${data.status}`), at: decidedAt(data) }) });
    if (data.status !== "pending" && data.comment) blocks.push({ type: "fields", fields: [{ label: tr("comment"), value: data.comment }] });
    blocks.push({ type: "actions", buttons: [linkButton(tr("details"), link)] });
  }

  return {
    locale,
    header: {
      title: data.title,
      subtitle: data.kind ? tr("subtitle_kind", { kind: data.kind, status }) : tr("subtitle", { status }),
      tone: TONE[data.status],
    },
    blocks,
    summary: data.status === "pending" ? tr("summary", data) : tr("summary_done", { status, title: data.title }),
    link,
  };
}
