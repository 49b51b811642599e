import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { locale } from "../../providers/i18n.ts";
import { WidgetCard, type WidgetProps } from "./widget-card.tsx";
import "./reports-kpi-widget.css";

/**
 * `reports.kpis`: the reader's favourite KPI reports as tiles (title, value, change, a link to the report).
 * Items carry "value · ▲ 12%" in their subtitle; the change is coloured as Chinese markets read it under zh-CN
 * (a rise red, a fall green) and the other way round in en. Errors and the empty state are the plain card's.
 */
export function ReportsKpiWidget(props: WidgetProps): JSX.Element {
  const w = () => props.widget;
  const parts = (subtitle: string | null) => {
    const [value, delta] = (subtitle ?? "").split(" · ");
    return { value: value ?? "—", delta: delta ?? "" };
  };
  const tone = (delta: string) => {
    if (!delta) return "flat";
    const up = delta.startsWith("▲");
    const redUp = locale() !== "en";
    return up === redUp ? "red" : "green";
  };
  return (
    <Show when={w().status === "ok" && w().items.length > 0} fallback={<WidgetCard {...props} />}>
      <section class="card widget" data-testid={`widget-${w().id}`} data-kind={w().kind} data-status={w().status} aria-labelledby={`widget-title-${w().id}`}>
        <header class="widget__header">
          <h2 class="widget__title" id={`widget-title-${w().id}`}>{w().title}</h2>
        </header>
        <ul class="kpi-tiles">
          <For each={w().items}>
            {(item) => {
              const p = parts(item.subtitle);
              const body = (
                <>
                  <span class="kpi-tile__title">{item.title}</span>
                  <strong class="kpi-tile__value" data-testid="kpi-tile-value">{p.value}</strong>
                  <Show when={p.delta}>
                    <span class={`kpi-tile__delta kpi-tile__delta--${tone(p.delta)}`} data-testid="kpi-tile-delta">{p.delta}</span>
                  </Show>
                </>
              );
              return (
                <li class="kpi-tile" data-testid="widget-item">
                  <Show when={item.href} fallback={<div class="kpi-tile__body">{body}</div>}>
                    {(href) => <A href={href()} class="kpi-tile__body">{body}</A>}
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
        <Show when={w().more}>
          {(more) => <A href={more().href} class="widget__more" data-testid="widget-more">{more().label} ›</A>}
        </Show>
      </section>
    </Show>
  );
}
