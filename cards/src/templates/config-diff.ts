/** A config change set: the key-by-key diff, with publish / discard while it is still open. */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Card, type DiffRow, type Tone } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { diffKind } from "../render/lines.ts";
import { formatTime } from "./format.ts";

export type ConfigDiffState = "draft" | "pending" | "published" | "rolled_back";

export type ConfigDiffData = {
  id: string;
  /** config set, e.g. "payment-service" */
  name: string;
  env: string;
  fromVersion?: string | number;
  toVersion?: string | number;
  author: string;
  createdAt: string;
  changes: DiffRow[];
  note?: string;
  state: ConfigDiffState;
  link?: string;
  timeZone?: string;
};

export const configDiffText: Dict = {
  "zh-CN": {
    title: "配置变更：${name}（${env}）",
    subtitle: "${state} · +${added} ~${changed} -${removed}",
    summary: "配置变更 ${name}（${env}）：${count} 项",
    state_draft: "草稿",
    state_pending: "待发布",
    state_published: "已发布",
    state_rolled_back: "已回滚",
    version: "版本",
    author: "提交人",
    created_at: "提交时间",
    note: "说明",
    no_changes: "没有变更",
    publish: "发布",
    publish_confirm_title: "确认发布？",
    publish_confirm_text: "发布后 ${name}（${env}）立即生效，可在应用中回滚。",
    discard: "放弃",
    discard_confirm_title: "确认放弃这次变更？",
    discard_confirm_text: "草稿将被删除，无法恢复。",
    details: "查看完整变更",
  },
  en: {
    title: "Config change: ${name} (${env})",
    subtitle: "${state} · +${added} ~${changed} -${removed}",
    summary: "Config change ${name} (${env}): ${count} keys",
    state_draft: "Draft",
    state_pending: "Pending",
    state_published: "Published",
    state_rolled_back: "Rolled back",
    version: "Version",
    author: "Author",
    created_at: "Submitted",
    note: "Note",
    no_changes: "No changes",
    publish: "Publish",
    publish_confirm_title: "Publish this change?",
    publish_confirm_text: "${name} (${env}) takes effect at once; you can roll back in the app.",
    discard: "Discard",
    discard_confirm_title: "Discard this change?",
    discard_confirm_text: "The draft is deleted and cannot be restored.",
    details: "View full change",
  },
};

const TONE: Record<ConfigDiffState, Tone> = { draft: "info", pending: "warning", published: "success", rolled_back: "neutral" };

export function configDiffCard(data: ConfigDiffData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(configDiffText, locale);
  const link = data.link ?? `/config/changes/${encodeURIComponent(data.id)}`;
  const count = { added: 0, changed: 0, removed: 0 };
  for (const r of data.changes) count[diffKind(r)]++;
  const version = data.fromVersion !== undefined || data.toVersion !== undefined ? `${data.fromVersion ?? "—"} → ${data.toVersion ?? "—"}` : "—";

  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        { label: tr("version"), value: version },
        { label: tr("author"), value: data.author },
        { label: tr("created_at"), value: formatTime(data.createdAt, data.timeZone) },
        ...(data.note ? [{ label: tr("note"), value: data.note }] : []),
      ],
    },
    data.changes.length ? { type: "diff", rows: data.changes } : { type: "context", text: tr("no_changes") },
  ];
  const open = data.state === "draft" || data.state === "pending";
  const buttons = open
    ? [
        actionButton(tr("publish"), "config.publish", { id: data.id }, {
          style: "primary",
          confirm: { title: tr("publish_confirm_title"), text: tr("publish_confirm_text", data) },
        }),
        actionButton(tr("discard"), "config.discard", { id: data.id }, {
          style: "danger",
          confirm: { title: tr("discard_confirm_title"), text: tr("discard_confirm_text") },
        }),
        linkButton(tr("details"), link),
      ]
    : [linkButton(tr("details"), link)];
  blocks.push({ type: "actions", buttons });

  return {
    locale,
    header: {
      title: tr("title", data),
      subtitle: tr("subtitle", { state: tr(`state_${data.state}`), ...count }),
      tone: TONE[data.state],
    },
    blocks,
    summary: tr("summary", { ...data, count: data.changes.length }),
    link,
  };
}
