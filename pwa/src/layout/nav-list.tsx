import { A, useLocation } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";
import { UnreadBadge } from "../pages/notifications/unread-badge.tsx";
import { litClass, MENU_GROUPS, visibleMenu } from "./menu.ts";

/** The grouped menu, shared by the desktop sidebar and the phone drawer. */
export function NavList(props: { onNavigate?: () => void }): JSX.Element {
  const location = useLocation();
  return (
    <nav class="nav" aria-label={tr("nav.menu")}>
      <A href="/" end class="nav__item" activeClass="nav__item--active" onClick={() => props.onNavigate?.()}>
        <Icon name="home" /> <span>{tr("nav.home")}</span>
      </A>
      <For each={MENU_GROUPS}>
        {(g) => {
          const items = () => visibleMenu().filter((m) => m.group === g.id);
          return (
            <Show when={items().length}>
              <div class="nav__group" data-group={g.id}>
                <div class="nav__heading">{tr(g.label)}</div>
                <For each={items()}>
                  {(m) => (
                    <A href={m.path} end={m.end} class="nav__item" activeClass="nav__item--active" classList={litClass(m, location.pathname, "nav__item--active")} data-menu={m.code} onClick={() => props.onNavigate?.()}>
                      <Icon name={m.icon} /> <span>{tr(m.label)}</span>
                    </A>
                  )}
                </For>
              </div>
            </Show>
          );
        }}
      </For>
      <div class="nav__group">
        <div class="nav__heading">{tr("nav.group.me")}</div>
        <For each={visibleMenu().filter((m) => m.group === "me")}>
          {(m) => (
            <A href={m.path} class="nav__item" activeClass="nav__item--active" data-menu={m.path} onClick={() => props.onNavigate?.()}>
              <Icon name={m.icon} /> <span>{tr(m.label)}</span> <UnreadBadge />
            </A>
          )}
        </For>
        <A href="/chat" class="nav__item" activeClass="nav__item--active" data-menu="/chat" onClick={() => props.onNavigate?.()}>
          <Icon name="chat" /> <span>{tr("nav.chat")}</span>
        </A>
        <A href="/profile" class="nav__item" activeClass="nav__item--active" onClick={() => props.onNavigate?.()}>
          <Icon name="user" /> <span>{tr("nav.profile")}</span>
        </A>
        <A href="/account/bindings" class="nav__item" activeClass="nav__item--active" data-menu="/account/bindings" onClick={() => props.onNavigate?.()}>
          <Icon name="link" /> <span>{tr("nav.bindings")}</span>
        </A>
        <A href="/feedback/mine" class="nav__item" activeClass="nav__item--active" data-menu="/feedback/mine" onClick={() => props.onNavigate?.()}>
          <Icon name="feedback" /> <span>{tr("nav.my_feedback")}</span>
        </A>
      </div>
    </nav>
  );
}
