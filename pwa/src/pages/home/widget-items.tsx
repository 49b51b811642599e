import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import type { WidgetItem } from "../../data/workbench.ts";
import { formatTime } from "../../providers/i18n.ts";
import { createNow, relativeTime } from "../notifications/relative-time.ts";

/** A widget's items: title, subtitle and time, the whole row a link when the item has one. */
export function WidgetItems(props: { items: WidgetItem[] }): JSX.Element {
  const now = createNow();
  return (
    <ul class="widget-items">
      <For each={props.items}>
        {(item) => {
          const body = () => (
            <>
              <span class="widget-item__title">{item.title}</span>
              <span class="widget-item__meta">
                <Show when={item.subtitle}>
                  <span class="widget-item__subtitle">{item.subtitle}</span>
                </Show>
                <Show when={item.at}>
                  {(at) => <time class="widget-item__time" datetime={at()} title={formatTime(at())}>{relativeTime(at(), now())}</time>}
                </Show>
              </span>
            </>
          );
          return (
            <li class="widget-item" classList={{ [`widget-item--${item.tone}`]: !!item.tone }} data-testid="widget-item" data-tone={item.tone ?? undefined}>
              <Show when={item.href} fallback={<div class="widget-item__body">{body()}</div>}>
                {(href) => <A href={href()} class="widget-item__body">{body()}</A>}
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}
