import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { locale, tr } from "../../../providers/i18n.ts";
import type { OverviewCard } from "../monitor-api.ts";
import { formatMetric } from "../monitor-format.ts";
import { Sparkline } from "../sparkline.tsx";

/** One overview card: value with its unit, tone, last hour's sparkline; a tap opens the metric's series. */
export function OverviewCardView(props: { card: OverviewCard; range: string }): JSX.Element {
  const href = () => `/monitor/series?${props.card.drill}${props.range !== "1h" ? `&range=${props.range}` : ""}`;
  return (
    <A href={href()} class={`card mon-card mon-card--${props.card.tone}`} data-testid="monitor-card" data-metric={props.card.metric} data-tone={props.card.tone}>
      <span class="mon-card__title">{props.card.title}</span>
      <span class="mon-card__value" data-testid="monitor-card-value">{formatMetric(props.card.value, props.card.unit, locale())}</span>
      <Sparkline values={props.card.spark} label={tr("monitor.spark_label", { title: props.card.title })} />
    </A>
  );
}
