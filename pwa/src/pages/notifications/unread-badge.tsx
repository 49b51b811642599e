import { A } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Icon } from "../../ui/icons.tsx";
import { connected, unread } from "./live.ts";
import "./notifications.css";

/** The unread count as a small pill ("99+" past 99); nothing when all is read. */
export function UnreadBadge(props: { testid?: string }): JSX.Element {
  return (
    <Show when={unread() > 0}>
      <span class="unread-badge" data-testid={props.testid} data-count={unread()} aria-label={tr("notifications.unread_badge", { count: unread() })}>
        {unread() > 99 ? "99+" : unread()}
      </span>
    </Show>
  );
}

/** Top-bar bell linking to the inbox. */
export function InboxBell(): JSX.Element {
  return (
    <A href="/notifications" class="icon-btn bell" data-testid="inbox-bell" data-live={connected() ? "open" : "closed"} aria-label={tr("nav.notifications")} title={tr("nav.notifications")}>
      <Icon name="bell" size={20} />
      <UnreadBadge testid="unread-badge" />
    </A>
  );
}
