import type { WidgetDefinition } from "../workbench.contract.ts";
import type { InboxSource } from "./sources.ts";

const SUBTITLE_CHARS = 80;

/** 未读通知: the newest unread notifications of the reader's inbox (critical ones in red). */
export function unreadNotificationsWidget(inbox: InboxSource): WidgetDefinition {
  return {
    id: "notify.unread",
    kind: "feed",
    title: "workbench.notifications.title",
    permission: null,
    order: 40,
    empty: { text: "workbench.notifications.empty", action: { label: "workbench.notifications.settings", href: "/notifications/preferences" } },
    async load({ actor }) {
      const [count, page] = await Promise.all([
        inbox.unreadCount(actor.userId),
        inbox.list(actor.userId, { page: 1, page_size: 5, unread: "true" }),
      ]);
      return {
        count,
        items: page.items.map((n) => ({
          title: n.title,
          subtitle: shorten(n.body),
          href: "/notifications",
          at: n.created_at,
          tone: n.critical ? "danger" : null,
        })),
        more: count > 0 ? { label: "workbench.notifications.more", href: "/notifications" } : null,
      };
    },
  };
}

function shorten(text: string): string | null {
  const line = text.replace(/\s+/g, " ").trim();
  if (!line) return null;
  const chars = Array.from(line);
  return chars.length > SUBTITLE_CHARS ? `${chars.slice(0, SUBTITLE_CHARS - 1).join("")}…` : line;
}
