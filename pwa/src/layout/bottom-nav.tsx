import { A, useLocation } from "@solidjs/router";
import { For, type JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";
import { litClass, visibleMenu } from "./menu.ts";

/** Phone tab bar: home, the chat console, the first two permitted areas, and "me". Hidden on desktop. */
export function BottomNav(): JSX.Element {
  const items = () => visibleMenu().slice(0, 2);
  const location = useLocation();
  return (
    <nav class="bottom-nav" data-testid="bottom-nav" aria-label={tr("nav.quick")}>
      <A href="/" end class="bottom-nav__item" activeClass="bottom-nav__item--active">
        <Icon name="home" size={20} />
        <span>{tr("nav.home")}</span>
      </A>
      <A href="/chat" class="bottom-nav__item" activeClass="bottom-nav__item--active" data-menu="/chat" data-testid="bottom-nav-chat">
        <Icon name="chat" size={20} />
        <span>{tr("nav.chat_tab")}</span>
      </A>
      <For each={items()}>
        {(m) => (
          <A href={m.path} end={m.end} class="bottom-nav__item" activeClass="bottom-nav__item--active" classList={litClass(m, location.pathname, "bottom-nav__item--active")} data-menu={m.code}>
            <Icon name={m.icon} size={20} />
            <span>{tr(m.label)}</span>
          </A>
        )}
      </For>
      <A href="/profile" class="bottom-nav__item" activeClass="bottom-nav__item--active">
        <Icon name="user" size={20} />
        <span>{tr("nav.me")}</span>
      </A>
    </nav>
  );
}
