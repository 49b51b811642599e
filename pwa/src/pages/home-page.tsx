import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { visibleMenu } from "../layout/menu.ts";
import { me } from "../providers/auth.ts";
import { formatTime, tr } from "../providers/i18n.ts";
import { Icon } from "../ui/icons.tsx";
import { PageHeader } from "../ui/page-header.tsx";

/** Landing page: who I am and the areas I can open. */
export function HomePage(): JSX.Element {
  return (
    <section class="page" data-testid="home-page">
      <PageHeader title={tr("home.welcome", { name: me()?.display_name || me()?.username || "" })} subtitle={(me()?.roles ?? []).map((r) => r.name).join("、")} />
      <Show when={me()?.password_expires_at}>
        <p class="muted">{tr("home.password_expires", { when: formatTime(me()?.password_expires_at) })}</p>
      </Show>
      <div class="tiles">
        <For each={visibleMenu()}>
          {(m) => (
            <A href={m.path} class="tile" data-menu={m.code}>
              <Icon name={m.icon} size={24} />
              <span>{tr(m.label)}</span>
            </A>
          )}
        </For>
        <A href="/profile" class="tile">
          <Icon name="user" size={24} />
          <span>{tr("nav.profile")}</span>
        </A>
      </div>
    </section>
  );
}
