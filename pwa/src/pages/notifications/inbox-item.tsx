import { Show, type JSX } from "solid-js";
import type { InboxItem } from "../../data/notifications.ts";
import { typeName } from "./type-name.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { relativeTime } from "./relative-time.ts";

/** One notification: clicking it opens the body and marks it read. */
export function InboxRow(props: { item: InboxItem; now: number; open: boolean; onOpen: () => void }): JSX.Element {
  return (
    <li class="inbox__item" classList={{ "inbox__item--unread": !props.item.read }} data-testid="inbox-item" data-id={props.item.id} data-read={props.item.read ? "true" : "false"}>
      <button type="button" class="inbox__button" aria-expanded={props.open} onClick={() => props.onOpen()}>
        <span class="inbox__dot" aria-label={props.item.read ? tr("notifications.read") : tr("notifications.unread")} />
        <span class="inbox__main">
          <span class="inbox__title">{props.item.title}</span>
          <Show when={props.item.body}>
            <span class="inbox__body" classList={{ "inbox__body--open": props.open }}>{props.item.body}</span>
          </Show>
          <span class="inbox__meta">
            <span class="badge badge--muted badge--kind" data-testid="inbox-type" data-type={props.item.type}>{typeName(props.item.type)}</span>
            <Show when={props.item.critical}>
              <span class="badge badge--danger badge--kind">{tr("notifications.critical")}</span>
            </Show>
            <time datetime={props.item.created_at} title={formatTime(props.item.created_at)}>{relativeTime(props.item.created_at, props.now)}</time>
          </span>
        </span>
      </button>
    </li>
  );
}
