import { A } from "@solidjs/router";
import { Match, Show, Switch, type JSX } from "solid-js";
import type { WidgetView } from "../../data/workbench.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { WidgetItems } from "./widget-items.tsx";

export type WidgetProps = { widget: WidgetView; onRetry: (id: string) => Promise<void> };

/**
 * Any widget, rendered from the contract alone (title, count, items, more, empty, error), so a module
 * that registers a widget needs no PWA change. `badge` shows the count in the header (to-dos).
 */
export function WidgetCard(props: WidgetProps & { badge?: boolean; class?: string }): JSX.Element {
  const w = () => props.widget;
  return (
    <section
      class={`card widget ${props.class ?? ""}`}
      data-testid={`widget-${w().id}`}
      data-kind={w().kind}
      data-status={w().status}
      aria-labelledby={`widget-title-${w().id}`}
    >
      <header class="widget__header">
        <h2 class="widget__title" id={`widget-title-${w().id}`}>{w().title}</h2>
        <Show when={props.badge && w().status === "ok"}>
          <span class={`badge ${badgeClass(w())}`} data-testid="widget-count">
            {w().count}
          </span>
        </Show>
      </header>
      <WidgetBody {...props} />
      <Show when={w().more}>
        {(more) => <A href={more().href} class="widget__more" data-testid="widget-more">{more().label} ›</A>}
      </Show>
    </section>
  );
}

/** The count takes the colour of the most urgent item: red for danger, amber for warnings, blue otherwise; grey at zero. */
function badgeClass(w: WidgetView): string {
  if (!w.count) return "badge--muted";
  if (w.items.some((i) => i.tone === "danger")) return "badge--danger";
  if (w.items.some((i) => i.tone === "warning")) return "badge--warn";
  return "badge--menu";
}

/** Items, or what an empty widget says and offers, or this widget's own error with a retry. */
export function WidgetBody(props: WidgetProps): JSX.Element {
  const w = () => props.widget;
  return (
    <Switch>
      <Match when={w().status === "error"}>
        <WidgetError {...props} />
      </Match>
      <Match when={w().items.length > 0}>
        <WidgetItems items={w().items} />
      </Match>
      <Match when={true}>
        <div class="widget__empty" data-testid="widget-empty">
          <p>{w().empty?.text ?? tr("home.widget_empty")}</p>
          <Show when={w().empty?.action}>
            {(action) => <A href={action().href} class="btn btn--secondary btn--sm" data-testid="widget-empty-action">{action().label}</A>}
          </Show>
        </div>
      </Match>
    </Switch>
  );
}

function WidgetError(props: WidgetProps): JSX.Element {
  let retrying = false;
  const retry = async () => {
    if (retrying) return;
    retrying = true;
    try {
      await props.onRetry(props.widget.id);
    } finally {
      retrying = false;
    }
  };
  return (
    <div class="widget__error" role="alert" data-testid="widget-error">
      <p>{props.widget.error?.message ?? tr("home.widget_failed")}</p>
      <Button size="sm" onClick={retry} data-testid="widget-retry">{tr("common.retry")}</Button>
    </div>
  );
}
