import { A } from "@solidjs/router";
import { For, Match, Show, Switch, type JSX } from "solid-js";
import { Icon } from "../../ui/icons.tsx";
import { WidgetBody, type WidgetProps } from "./widget-card.tsx";

const ALERT_CLASS = { danger: "alert--error", warning: "alert--warn", info: "alert--info", success: "alert--info" } as const;

/**
 * Notices across the page's width (security: MFA off, password expiring): each one an alert that opens
 * the place to fix it; when there is nothing to fix, one quiet line saying so. The widget's `more` link (查看全部…)
 * follows, as on the cards.
 */
export function NoticesWidget(props: WidgetProps): JSX.Element {
  const w = () => props.widget;
  return (
    <section class="notices" data-testid={`widget-${w().id}`} data-kind={w().kind} data-status={w().status} aria-label={w().title}>
      <Switch>
        <Match when={w().status === "ok" && w().items.length > 0}>
          <For each={w().items}>
            {(item) => {
              const body = () => (
                <>
                  <Icon name="shield" size={18} />
                  <span class="notice__text">
                    <strong>{item.title}</strong>
                    <Show when={item.subtitle}>
                      <span class="notice__hint">{item.subtitle}</span>
                    </Show>
                  </span>
                </>
              );
              const cls = `alert notice ${ALERT_CLASS[item.tone ?? "info"]}`;
              return (
                <Show when={item.href} fallback={<div class={cls} data-testid="widget-item" data-tone={item.tone ?? undefined}>{body()}</div>}>
                  {(href) => (
                    <A href={href()} class={cls} data-testid="widget-item" data-tone={item.tone ?? undefined}>
                      {body()}
                      <Icon name="chevron" size={16} />
                    </A>
                  )}
                </Show>
              );
            }}
          </For>
        </Match>
        <Match when={true}>
          <div class="notices__quiet">
            <WidgetBody {...props} />
          </div>
        </Match>
      </Switch>
      <Show when={w().more}>
        {(more) => <A href={more().href} class="widget__more" data-testid="widget-more">{more().label} ›</A>}
      </Show>
    </section>
  );
}
