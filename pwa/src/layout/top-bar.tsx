import { Dialog as KDialog } from "@kobalte/core/dialog";
import { A } from "@solidjs/router";
import { createSignal, type JSX } from "solid-js";
import { logout, me } from "../providers/auth.ts";
import { tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";
import { LangSwitch } from "./lang-switch.tsx";
import { InboxBell } from "../pages/notifications/unread-badge.tsx";
import { useNotificationStream } from "../pages/notifications/live.ts";
import { NavList } from "./nav-list.tsx";
import { FeedbackButton } from "../pages/feedback/feedback-button.tsx";

/** Phone header: the hamburger opens the full menu in a drawer. Hidden on desktop. */
export function TopBar(): JSX.Element {
  const [open, setOpen] = createSignal(false);
  // The top bar lives exactly as long as the signed-in shell (it is only hidden on desktop).
  useNotificationStream();
  return (
    <header class="topbar" data-testid="topbar">
      <KDialog open={open()} onOpenChange={setOpen}>
        <KDialog.Trigger class="icon-btn topbar__menu" data-testid="nav-toggle" aria-label={tr("nav.open_menu")}>
          <Icon name="menu" size={22} />
        </KDialog.Trigger>
        <KDialog.Portal>
          <KDialog.Overlay class="drawer__overlay" />
          <KDialog.Content class="drawer" data-testid="nav-drawer">
            <div class="drawer__header">
              <KDialog.Title class="brand">
                <img src="/icon.svg" alt="" width="24" height="24" />
                <span class="brand__name">{tr("app.name")}</span>
              </KDialog.Title>
              <KDialog.CloseButton class="icon-btn" aria-label={tr("common.close")}>
                <Icon name="close" />
              </KDialog.CloseButton>
            </div>
            <div class="drawer__user">{me()?.display_name || me()?.username}</div>
            <NavList onNavigate={() => setOpen(false)} />
            <button type="button" class="nav__item drawer__logout" onClick={() => void logout()}>
              <Icon name="logout" /> <span>{tr("nav.logout")}</span>
            </button>
          </KDialog.Content>
        </KDialog.Portal>
      </KDialog>
      <div class="topbar__title">
        <img src="/icon.svg" alt="" width="22" height="22" />
        <span>{tr("app.short_name")}</span>
      </div>
      <div class="topbar__actions">
        <FeedbackButton where="topbar" />
        <A href="/help" class="icon-btn" data-testid="topbar-help" aria-label={tr("help.topbar")} title={tr("help.topbar")}>
          <Icon name="help" size={20} />
        </A>
        <InboxBell />
        <LangSwitch />
      </div>
    </header>
  );
}
