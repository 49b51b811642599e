import type { JSX } from "solid-js";
import { logout, me } from "../providers/auth.ts";
import { tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";
import { LangSwitch } from "./lang-switch.tsx";
import { NavList } from "./nav-list.tsx";
import { FeedbackButton } from "../pages/feedback/feedback-button.tsx";

/** Desktop navigation (≥ 900px): brand, menu, and the signed-in user at the bottom. */
export function Sidebar(): JSX.Element {
  return (
    <aside class="sidebar" data-testid="sidebar">
      <div class="brand">
        <img src="/icon.svg" alt="" width="28" height="28" />
        <span class="brand__name">{tr("app.name")}</span>
      </div>
      <NavList />
      {/* a tab fixed to the right edge of every desktop page (hidden with the sidebar on phones) */}
      <FeedbackButton where="sidebar" />
      <div class="sidebar__footer">
        <div class="sidebar__user" title={me()?.username}>
          <Icon name="user" size={16} />
          <span>{me()?.display_name || me()?.username}</span>
        </div>
        <div class="sidebar__actions">
          <LangSwitch />
          <button type="button" class="icon-btn" data-testid="logout" aria-label={tr("nav.logout")} title={tr("nav.logout")} onClick={() => void logout()}>
            <Icon name="logout" size={16} />
          </button>
        </div>
      </div>
    </aside>
  );
}
