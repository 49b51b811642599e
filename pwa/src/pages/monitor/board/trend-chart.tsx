import { A } from "@solidjs/router";
import { createMemo, createResource, Show, type JSX } from "solid-js";
import { locale, tr } from "../../../providers/i18n.ts";
import { MERGED, monitorApi, type OverviewCard } from "../monitor-api.ts";
import { formatMetric, labelText, windowOf, type RangeKey } from "../monitor-format.ts";
import { alignSeries, spanOf, drillQuery } from "../monitor-model.ts";
import { TimeChart } from "../time-chart.tsx";

/** One board chart: the card's metric over the chosen range, one line as the card shows it; its title opens the series page. */
export function TrendChart(props: { card: OverviewCard; range: RangeKey; tick: number }): JSX.Element {
  const source = createMemo(() => ({ drill: props.card.drill, range: props.range, tick: props.tick }));
  const [answer] = createResource(source, (s) => monitorApi.series({ ...drillQuery(s.drill), ...windowOf(s.range), by: MERGED }));
  const frame = createMemo(() => {
    const a = answer.latest;
    return a ? alignSeries(a.series.map((s) => ({ name: labelText(s.labels) || a.metric.title, points: s.points }))) : null;
  });
  const fmt = (v: number) => formatMetric(v, props.card.unit, locale());
  return (
    <section class="card mon-panel mon-trend" data-testid="monitor-trend" data-metric={props.card.metric}>
      <A href={`/monitor/series?${props.card.drill}${props.range !== "1h" ? `&range=${props.range}` : ""}`} class="mon-panel__title link-plain">{props.card.title}</A>
      <Show when={frame()} fallback={<div class="chart__loading">{answer.error ? tr("monitor.chart_error") : tr("common.loading")}</div>}>
        {(f) => (
          <Show when={f().times.length} fallback={<div class="chart__loading">{tr("monitor.no_points")}</div>}>
            <TimeChart span={spanOf(answer.latest!)} times={f().times} lines={f().lines} format={fmt} label={props.card.title} height={180} legend={f().lines.length > 1} />
          </Show>
        )}
      </Show>
    </section>
  );
}
