/** An approval request: approve / reject with an optional comment while pending, the outcome afterwards. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Card, type Field, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

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
    decided: "${who} 于 ${at} ${status}",
    comment: "审批意见",
    comment_placeholder: "可选，拒绝时建议说明原因",
    approve: "同意",
    reject: "拒绝",
    reject_confirm_title: "确认拒绝？",
    reject_confirm_text: "拒绝后申请将结束，申请人会收到通知。",
    details: "查看详情",
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
    decided: "${status} by ${who} at ${at}",
    comment: "Comment",
    comment_placeholder: "Optional; please give a reason when rejecting",
    approve: "Approve",
    reject: "Reject",
    reject_confirm_title: "Reject this request?",
    reject_confirm_text: "The request ends and the requester is notified.",
    details: "View details",
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

  const blocks: Block[] = [{ type: "fields", fields }];
  if (data.status === "pending") {
    blocks.push(
      { type: "input", name: "comment", label: tr("comment"), placeholder: tr("comment_placeholder"), multiline: true, maxLength: 500, optional: true },
      {
        type: "actions",
        buttons: [
          actionButton(tr("approve"), "approval.approve", { id: data.id }, { style: "primary" }),
          actionButton(tr("reject"), "approval.reject", { id: data.id }, {
            style: "danger",
            confirm: { title: tr("reject_confirm_title"), text: tr("reject_confirm_text") },
          }),
          linkButton(tr("details"), link),
        ],
      },
    );
  } else {
    if (data.decidedBy)
      blocks.push({ type: "context", text: tr("decided", { who: data.decidedBy, at: formatTime(data.decidedAt, data.timeZone), status }) });
    if (data.comment) blocks.push({ type: "fields", fields: [{ label: tr("comment"), value: data.comment }] });
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
