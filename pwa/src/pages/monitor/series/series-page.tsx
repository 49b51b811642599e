import "../texts.ts";
import { useSearchParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import type { MetricInfo, SeriesAgg, SeriesAnswer } from "@ops/shared/contracts/monitor.ts";
import { locale, tr } from "../../../providers/i18n.ts";
import { PageHeader } from "../../../ui/page-header.tsx";
import { ErrorState, Loading } from "../../../ui/states.tsx";
import { MERGED, monitorApi } from "../monitor-api.ts";
import { MonitorNav, RangeBar, useAutoRefresh, useRangeParams } from "../monitor-controls.tsx";
import { formatMetric, formatTime, labelText, windowOf } from "../monitor-format.ts";
import { alignSeries, spanOf } from "../monitor-model.ts";
import { TimeChart } from "../time-chart.tsx";
import { aggsOf, LabelFilters, MetricPicker } from "./series-controls.tsx";
import "../monitor.css";

const OWN = new Set(["metric", "agg", "by", "range", "refresh"]);

/** The latest non-empty point of each line, and its highest over the range. */
function LatestTable(props: { answer: SeriesAnswer }): JSX.Element {
  const rows = createMemo(() =>
    props.answer.series.map((s) => {
      const pts = s.points.filter((p) => p.v !== null);
      const last = pts[pts.length - 1];
      return { key: labelText(s.labels) || props.answer.metric.title, last: last?.v ?? null, at: last?.t ?? null, max: pts.length ? Math.max(...pts.map((p) => p.v!)) : null };
    }).sort((a, b) => (b.last ?? -Infinity) - (a.last ?? -Infinity)),
  );
  const fmt = (v: number | null) => formatMetric(v, props.answer.metric.unit, locale());
  return (
    <div class="table-wrap">
      <table class="table mon-table" data-testid="series-latest">
        <thead><tr><th>{tr("monitor.s.labels")}</th><th class="num">{tr("monitor.s.latest")}</th><th class="num">{tr("monitor.s.max")}</th><th>{tr("monitor.s.at")}</th></tr></thead>
        <tbody>
          <For each={rows()} fallback={<tr class="table__empty"><td colSpan={4}>{tr("monitor.no_points")}</td></tr>}>
            {(r) => (
              <tr class="table__row" data-testid="series-row">
                <td class="table__primary">{r.key}</td>
                <td class="num" data-label={tr("monitor.s.latest")}>{fmt(r.last)}</td>
                <td class="num" data-label={tr("monitor.s.max")}>{fmt(r.max)}</td>
                <td data-label={tr("monitor.s.at")}>{formatTime(r.at, locale())}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** `/monitor/series?metric=…`: one metric over a range, one line per label set, filters and aggregation in the URL. */
export default function SeriesPage(): JSX.Element {
  const rp = useRangeParams();
  const [params, setParams] = useSearchParams<Record<string, string>>();
  const [catalog] = createResource(() => monitorApi.metrics());
  const metric = createMemo((): MetricInfo | null => catalog()?.find((m) => m.name === params.metric) ?? null);
  const agg = createMemo((): SeriesAgg => {
    const a = params.agg as SeriesAgg | undefined;
    const m = metric();
    return a && (!m || aggsOf(m).includes(a)) ? a : "value";
  });
  const filters = createMemo(() => Object.fromEntries(Object.entries(params).filter(([k, v]) => !OWN.has(k) && typeof v === "string" && v !== "")) as Record<string, string>, undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const [tick, setTick] = createSignal(0);
  // `?by=` a label name, `-` for one merged line, none for every label
  const by = createMemo(() => {
    const b = params.by;
    return b === "-" || (b && metric()?.labels.includes(b)) ? b : "";
  });
  const source = createMemo(() => (params.metric ? { metric: params.metric, agg: agg(), by: by(), filters: filters(), range: rp.range(), tick: tick() } : null));
  const [answer, { refetch }] = createResource(source, (s) =>
    monitorApi.series({ metric: s.metric, agg: s.agg, filters: s.filters, ...windowOf(s.range), ...(s.by ? { by: s.by === "-" ? MERGED : s.by } : {}) }));
  useAutoRefresh(rp.refresh, () => setTick((n) => n + 1));
  // label values seen in answers so far: the filter choices (the API lists no label values)
  const seen = new Map<string, Set<string>>();
  const [seenTick, setSeenTick] = createSignal(0);
  const choices = createMemo(() => {
    void seenTick();
    for (const s of answer.latest?.series ?? []) for (const [k, v] of Object.entries(s.labels)) (seen.get(k) ?? seen.set(k, new Set()).get(k)!).add(v);
    // a new map each time: the filters below re-render on every answer
    return new Map(seen);
  });
  const frame = createMemo(() => {
    const a = answer.latest;
    return a ? alignSeries(a.series.map((s) => ({ name: labelText(s.labels) || a.metric.title, points: s.points }))) : null;
  });
  const pickMetric = (name: string) => {
    seen.clear();
    setSeenTick((n) => n + 1);
    const clear = Object.fromEntries(Object.keys(params).filter((k) => !OWN.has(k)).map((k) => [k, undefined]));
    setParams({ ...clear, metric: name || undefined, agg: undefined, by: undefined });
  };
  return (
    <section class="page mon-page" data-testid="monitor-series">
      <PageHeader title={metric()?.title ?? tr("monitor.s.title")} subtitle={metric()?.help ?? tr("monitor.s.subtitle")} />
      <MonitorNav />
      <div class="mon-filters">
        <MetricPicker catalog={catalog() ?? []} value={params.metric ?? ""} onChange={pickMetric} />
        <Show when={metric()}>
          {(m) => (
            <>
              <label class="field mon-field">
                <span class="field__label">{tr("monitor.s.agg")}</span>
                <select class="input" name="agg" data-testid="series-agg" onChange={(e) => setParams({ agg: e.currentTarget.value === "value" ? undefined : e.currentTarget.value })}>
                  <For each={aggsOf(m())}>{(a) => <option value={a} selected={agg() === a}>{tr(`monitor.agg_${a}`)}</option>}</For>
                </select>
              </label>
              <Show when={m().labels.length}>
                <label class="field mon-field">
                  <span class="field__label">{tr("monitor.s.by")}</span>
                  <select class="input" name="by" data-testid="series-by" onChange={(e) => setParams({ by: e.currentTarget.value || undefined })}>
                    <option value="" selected={by() === ""}>{tr("monitor.s.by_all")}</option>
                    <option value="-" selected={by() === "-"}>{tr("monitor.s.by_none")}</option>
                    <For each={m().labels}>{(l) => <option value={l} selected={by() === l}>{l}</option>}</For>
                  </select>
                </label>
              </Show>
              <LabelFilters labels={m().labels} choices={choices()} values={filters()} onChange={(k, v) => setParams({ [k]: v || undefined })} />
            </>
          )}
        </Show>
      </div>
      <RangeBar range={rp.range()} onRange={rp.setRange} refresh={rp.refresh()} onRefresh={rp.setRefresh} onReload={() => void refetch()} />
      <Show when={params.metric} fallback={<p class="state">{tr("monitor.s.pick")}</p>}>
        <Show when={!answer.error} fallback={<ErrorState error={answer.error} retry={() => void refetch()} />}>
          <Show when={frame()} fallback={<Loading />}>
            {(f) => (
              <>
                <section class="card mon-panel">
                  <Show when={f().times.length} fallback={<div class="chart__loading">{tr("monitor.no_points")}</div>}>
                    <TimeChart span={spanOf(answer.latest!)} times={f().times} lines={f().lines} format={(v) => formatMetric(v, answer.latest!.metric.unit, locale())} label={answer.latest!.metric.title} />
                  </Show>
                  <p class="muted mon-meta">{tr("monitor.s.step", { step: answer.latest!.step_s >= 3600 ? tr("monitor.s.step_hour") : tr("monitor.s.step_minute") })}</p>
                </section>
                <LatestTable answer={answer.latest!} />
              </>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
