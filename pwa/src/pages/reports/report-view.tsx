import { createMemo, For, Match, Show, Switch, type JSX } from "solid-js";
import type { Report, ReportData, ReportViewPrefs } from "../../data/reports.ts";
import { locale, tr } from "../../providers/i18n.ts";
import { deltaTone, EchartsChart, formatDelta, formatValue, frameOf, UplotChart } from "../../ui/charts/index.ts";
import { ReportTable } from "./report-table.tsx";

const loc = () => (locale() === "en" ? "en-US" : "zh-CN");

/** Viewer and time, repeated diagonally over the report; it never takes a click. */
export function Watermark(props: { text: string }): JSX.Element {
  return (
    <div class="rpt-watermark" aria-hidden="true" data-testid="report-watermark" data-text={props.text}>
      <For each={Array.from({ length: 24 })}>{() => <span>{props.text}</span>}</For>
    </div>
  );
}

function Kpi(props: { report: Report; data: ReportData }): JSX.Element {
  const column = () => props.report.chart.series[0]?.column ?? "";
  const fmt = () => props.report.format[column()] ?? props.data.columns.find((c) => c.name === column())?.format;
  const value = () => props.data.kpi?.value ?? (props.data.rows[0]?.[column()] as number | null | undefined) ?? null;
  const delta = () => props.data.kpi?.delta_pct ?? null;
  return (
    <div class="rpt-kpi" data-testid="report-kpi">
      <div class="rpt-kpi__value" data-testid="report-kpi-value">{formatValue(value(), fmt(), loc())}</div>
      <Show when={props.data.kpi}>
        <div class={`rpt-kpi__delta rpt-delta--${deltaTone(delta(), fmt()?.trend, locale())}`} data-testid="report-kpi-delta" data-tone={deltaTone(delta(), fmt()?.trend, locale())}>
          {formatDelta(delta(), loc())}
          <span class="muted"> {tr(`reports.compare_${props.report.chart.kpi?.compare ?? "previous_period"}`)} {formatValue(props.data.kpi?.previous ?? null, fmt(), loc())}</span>
        </div>
      </Show>
    </div>
  );
}

export type ReportViewProps = {
  report: Report;
  data: ReportData;
  prefs: ReportViewPrefs;
  onPrefs: (p: ReportViewPrefs) => void;
  page: number;
  onPage: (p: number) => void;
  sort: string;
  onSort: (s: string) => void;
  /** a drill-through from this row (a bar's category or a table row) */
  onDrill?: (row: Record<string, unknown>) => void;
};

/** A report's answer drawn as its chart type: uPlot series, ECharts shapes, a KPI card or a table, under the watermark. */
export function ReportView(props: ReportViewProps): JSX.Element {
  const chart = () => props.report.chart;
  const frame = createMemo(() => frameOf(props.data, chart()));
  const firstFormat = () => props.report.format[frame().series[0]?.column ?? ""];
  const fmt = (v: number) => formatValue(v, firstFormat(), loc());
  const drill = () => (props.report.drill && props.onDrill ? props.report.drill : null);
  /** the first row of the picked category (bars and slices pick a category) */
  const pick = (index: number) => {
    const x = chart().x ?? props.data.columns[0]?.name ?? "";
    const cat = frame().categories[index];
    const row = props.data.rows.find((r) => String(r[x] ?? "") === cat);
    if (row && drill()) props.onDrill?.(row);
  };
  const heat = createMemo(() => {
    const x = chart().x ?? "";
    const y = chart().y ?? "";
    const m = frame().series[0]?.column ?? "";
    const ys = [...new Set(props.data.rows.map((r) => String(r[y] ?? "")))];
    const cats = frame().categories;
    return { ys, cells: props.data.rows.map((r) => [cats.indexOf(String(r[x] ?? "")), ys.indexOf(String(r[y] ?? "")), r[m] === null ? null : Number(r[m])] as [number, number, number | null]) };
  });
  return (
    <div class="rpt-view" data-testid="report-view" data-chart={chart().type}>
      <Show when={props.data.truncated}>
        <p class="rpt-note" data-testid="report-truncated">{tr("reports.truncated")}</p>
      </Show>
      <Switch>
        <Match when={chart().type === "table"}>
          <ReportTable
            data={props.data} prefs={props.prefs} onPrefs={props.onPrefs} page={props.page} onPage={props.onPage} sort={props.sort} onSort={props.onSort}
            drillColumn={drill()?.column} onDrill={props.onDrill}
          />
        </Match>
        <Match when={chart().type === "kpi"}>
          <Kpi report={props.report} data={props.data} />
        </Match>
        <Match when={chart().type === "line" || chart().type === "bar" || chart().type === "area"}>
          <Show when={frame().categories.length > 0} fallback={<p class="state">{tr("reports.no_rows")}</p>}>
            <UplotChart frame={frame()} kind={chart().type as "line" | "bar" | "area"} stack={chart().stack} format={fmt} onPick={drill() ? pick : undefined} label={props.report.title} />
          </Show>
        </Match>
        <Match when={true}>
          <EchartsChart
            kind={chart().type as "pie" | "funnel" | "gauge" | "heatmap"}
            frame={frame()}
            heat={chart().type === "heatmap" ? heat() : undefined}
            gauge={{
              min: chart().gauge?.min ?? 0,
              max: chart().gauge?.max ?? 100,
              value: props.data.kpi?.value ?? ((props.data.rows[0]?.[frame().series[0]?.column ?? ""] as number | undefined) ?? null),
              name: frame().series[0]?.name ?? "",
            }}
            format={fmt}
            onPick={drill() ? pick : undefined}
            label={props.report.title}
            loadingText={tr("common.loading")}
          />
        </Match>
      </Switch>
      <Show when={props.data.watermark}>
        <Watermark text={props.data.watermark} />
      </Show>
    </div>
  );
}
