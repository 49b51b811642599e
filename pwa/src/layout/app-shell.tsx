import { Navigate, useLocation, type RouteSectionProps } from "@solidjs/router";
import { Match, Show, Switch, type JSX } from "solid-js";
import { can, me, status } from "../providers/auth.ts";
import { tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";
import { Loading } from "../ui/states.tsx";
import { BottomNav } from "./bottom-nav.tsx";
import { online } from "./online.ts";
import { Sidebar } from "./sidebar.tsx";
import { TopBar } from "./top-bar.tsx";

/** Signed-in frame: sidebar on desktop, top bar + bottom tabs on phones. Guards every page inside. */
export function AppShell(props: RouteSectionProps): JSX.Element {
  const location = useLocation();
  const loginHref = () => `/login?redirect=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <Switch>
      <Match when={status() === "anonymous"}>
        <Navigate href={loginHref()} />
      </Match>
      <Match when={status() === "loading" && !me()}>
        <Loading />
      </Match>
      <Match when={me()?.restricted}>
        <Navigate href="/login" />
      </Match>
      <Match when={true}>
        <div class="shell" data-testid="app-shell">
          <Sidebar />
          <div class="shell__main">
            <TopBar />
            <Show when={!online()}>
              <div class="offline-banner" role="status" data-testid="offline-banner">
                <Icon name="offline" size={16} /> {tr("common.offline_banner")}
              </div>
            </Show>
            <main class="shell__content">{props.children}</main>
          </div>
          <BottomNav />
        </div>
      </Match>
    </Switch>
  );
}

/** A page the user's menu permissions do not include shows a notice instead of failing calls. */
export function RequirePerm(props: { code: string; children: JSX.Element }): JSX.Element {
  return (
    <Show when={can(props.code)} fallback={<div class="state state--error" data-testid="forbidden">{tr("common.forbidden_page")}</div>}>
      {props.children}
    </Show>
  );
}
