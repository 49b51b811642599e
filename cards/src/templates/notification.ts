/**
 * One notification as a chat card (the IM channel of the notification center): what happened, with
 * a "mark read" button while unread. Marking it read anywhere (this button, the inbox in the app,
 * another chat) updates every copy of the card in place.
 */
import { DEFAULT_LOCALE, type Locale } from "@ops/shared";
import { actionButton, linkButton, type Block, type Button, type Card } from "../card.ts";
import { translator, type Dict } from "../i18n.ts";
import { formatTime } from "./format.ts";

export type NotificationData = {
  /** the inbox row; absent when the user has in-app notifications off (then there is nothing to mark read) */
  notificationId?: string;
  type: string;
  title: string;
  /** from the notification template */
  body?: string;
  critical?: boolean;
  createdAt?: string;
  readAt?: string | null;
  /** app path of what the notification is about */
  link?: string;
  timeZone?: string;
};

export const notificationText: Dict = {
  "zh-CN": {
    subtitle: "${type}",
    critical: "紧急通知",
    read: "已读",
    read_at: "已读 · ${time}",
    mark_read: "标记已读",
    open: "查看详情",
    inbox: "通知中心",
  },
  en: {
    subtitle: "${type}",
    critical: "Critical notification",
    read: "Read",
    read_at: "Read · ${time}",
    mark_read: "Mark read",
    open: "Open",
    inbox: "Inbox",
  },
};

export function notificationCard(data: NotificationData, locale: Locale = DEFAULT_LOCALE): Card {
  const tr = translator(notificationText, locale);
  const read = Boolean(data.readAt);
  const blocks: Block[] = [];
  if (data.body) blocks.push({ type: "markdown", text: data.body });
  const context = [data.critical ? tr("critical") : null, data.createdAt ? formatTime(data.createdAt, data.timeZone) : null]
    .filter(Boolean).join(" · ");
  if (context) blocks.push({ type: "context", text: context });
  if (read) blocks.push({ type: "context", text: tr("read_at", { time: formatTime(data.readAt!, data.timeZone) }) });
  const buttons: Button[] = [];
  if (!read && data.notificationId) buttons.push(actionButton(tr("mark_read"), "notify.read", { id: data.notificationId }, { style: "primary" }));
  buttons.push(linkButton(data.link ? tr("open") : tr("inbox"), data.link ?? "/notifications"));
  blocks.push({ type: "actions", buttons });
  return {
    locale,
    header: { title: data.title, subtitle: tr("subtitle", { type: data.type }), tone: read ? "neutral" : data.critical ? "danger" : "info" },
    blocks,
    summary: data.title,
    link: data.link ?? "/notifications",
  };
}

