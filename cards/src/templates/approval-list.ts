/**
 * `approvals` (审批) in chat: the caller's pending approval tasks, newest first, each with its short
 * id, title, requester and age, Approve, and Open (the full approval card with comment and Reject).
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Card } from "../card.ts";
import { translator, type Dict, type Translate } from "../i18n.ts";

export type ApprovalListItem = {
  instanceId: string;
  taskId: string;
  /** what `approve <id>` accepts, as shown */
  shortId: string;
  title: string;
  requester: string;
  /** how long the task has waited, computed by the caller */
  ageMs: number;
  /** the definition's name */
  kind?: string;
};

export type ApprovalListData = { items: ApprovalListItem[]; total: number; prefix: string; link?: string };

/** tasks shown with buttons (a chat card's block budget); the rest are in the app */
export const APPROVAL_LIST_MAX = 10;

export const approvalListText: Dict = {
  "zh-CN": {
    title: "待我审批",
    subtitle: "共 ${total} 条",
    empty: "没有待你处理的审批。",
    line: "${short} · ${kind}申请人 ${requester} · 已等待 ${age}",
    more: "另有 ${count} 条请在应用中查看",
    usage: "也可以发送 `${approve}` 或 `${reject}`",
    approve: "同意",
    open: "处理",
    inbox: "打开待办",
    minutes: "${n} 分钟",
    hours: "${n} 小时",
    days: "${n} 天",
  },
  en: {
    title: "Waiting for my approval",
    subtitle: "${total} in all",
    empty: "Nothing is waiting for your approval.",
    line: "${short} · ${kind}requested by ${requester} · waiting ${age}",
    more: "${count} more in the app",
    usage: "You can also send `${approve}` or `${reject}`",
    approve: "Approve",
    open: "Open",
    inbox: "Open inbox",
    minutes: "${n} min",
    hours: "${n} h",
    days: "${n} d",
  },
};

/** A wait in whole minutes, hours or days. */
function ageText(ms: number, tr: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return tr("minutes", { n: minutes });
  if (minutes < 24 * 60) return tr("hours", { n: Math.floor(minutes / 60) });
  return tr("days", { n: Math.floor(minutes / (24 * 60)) });
}

export function approvalListCard(data: ApprovalListData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(approvalListText, locale);
  const link = data.link ?? "/approvals?box=todo";
  const shown = data.items.slice(0, APPROVAL_LIST_MAX);
  const blocks: Block[] = [];
  if (!shown.length) blocks.push({ type: "markdown", text: tr("empty") });
  for (const item of shown) {
    const value = { id: item.instanceId, task: item.taskId };
    blocks.push(
      // fields, not markdown: titles and names are the users' text
      {
        type: "fields",
        fields: [{ label: item.title, value: tr("line", { short: item.shortId, kind: item.kind ? `${item.kind} · ` : "", requester: item.requester, age: ageText(item.ageMs, tr) }) }],
      },
      { type: "actions", buttons: [actionButton(tr("approve"), "approval.approve", value, { style: "primary" }), actionButton(tr("open"), "approval.open", value)] },
    );
  }
  if (data.total > shown.length) blocks.push({ type: "context", text: tr("more", { count: data.total - shown.length }) });
  if (shown.length) {
    const p = data.prefix ? `${data.prefix} ` : "";
    blocks.push({ type: "context", text: tr("usage", { approve: `${p}approve ${shown[0]!.shortId}`, reject: `${p}reject ${shown[0]!.shortId} <reason>` }) });
  }
  blocks.push({ type: "actions", buttons: [linkButton(tr("inbox"), link)] });
  return {
    locale,
    header: { title: tr("title"), subtitle: tr("subtitle", { total: data.total }), tone: data.total ? "warning" : "success" },
    blocks,
    summary: data.total ? `${tr("title")} · ${tr("subtitle", { total: data.total })}` : tr("empty"),
    link,
  };
}
