import { createEffect, createSignal, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { ChartFrame } from "./series.ts";
import { PALETTE } from "./series.ts";

/** ECharts' instance, as much of it as this file uses (the library's types stay in its lazy chunk). */
type Instance = {
  setOption(o: unknown, notMerge?: boolean): void;
  resize(): void;
  dispose(): void;
  on(event: "click", fn: (p: { name?: string; dataIndex?: number; value?: unknown }) => void): void;
};

export type EchartsKind = "pie" | "funnel" | "gauge" | "heatmap";

export type EchartsChartProps = {
  kind: EchartsKind;
  frame: ChartFrame;
  /** heatmap: the y categories and [x, y, value] cells */
  heat?: { ys: string[]; cells: Array<[number, number, number | null]> };
  gauge?: { min: number; max: number; value: number | null; name: string };
  height?: number;
  format?: (v: number) => string;
  onPick?: (index: number) => void;
  label: string;
  loadingText: string;
};

function optionOf(p: EchartsChartProps): Record<string, unknown> {
  const fmt = (v: unknown) => (typeof v === "number" && p.format ? p.format(v) : String(v ?? ""));
  const first = p.frame.series[0];
  const slices = p.frame.categories.map((name, i) => ({ name, value: first?.values[i] ?? 0 }));
  const base = { animation: false, color: PALETTE, tooltip: { trigger: "item", valueFormatter: fmt } };
  switch (p.kind) {
    case "pie":
      return { ...base, legend: { bottom: 0, type: "scroll" }, series: [{ type: "pie", radius: ["35%", "65%"], data: slices, label: { formatter: "{b}: {d}%" } }] };
    case "funnel":
      return { ...base, series: [{ type: "funnel", left: "10%", width: "80%", sort: "descending", data: slices, label: { formatter: "{b}" } }] };
    case "gauge":
      return {
        ...base,
        series: [{ type: "gauge", min: p.gauge?.min ?? 0, max: p.gauge?.max ?? 100, data: [{ value: p.gauge?.value ?? 0, name: p.gauge?.name ?? "" }], detail: { formatter: fmt } }],
      };
    default: {
      const values = (p.heat?.cells ?? []).map((c) => c[2] ?? 0);
      return {
        ...base,
        grid: { top: 16, left: 72, right: 16, bottom: 72 },
        xAxis: { type: "category", data: p.frame.categories },
        yAxis: { type: "category", data: p.heat?.ys ?? [] },
        visualMap: { min: Math.min(0, ...values), max: Math.max(1, ...values), calculable: true, orient: "horizontal", left: "center", bottom: 0 },
        series: [{ type: "heatmap", data: p.heat?.cells ?? [], label: { show: true, formatter: (x: { value: [number, number, number] }) => fmt(x.value[2]) } }],
      };
    }
  }
}

/** Pie, funnel, gauge and heatmap with ECharts, loaded on first use; a click on a slice picks its category. */
export function EchartsChart(props: EchartsChartProps): JSX.Element {
  const el: { host?: HTMLDivElement } = {};
  const [chart, setChart] = createSignal<Instance | null>(null);
  const [failed, setFailed] = createSignal(false);
  let alive = true;
  onMount(() => {
    import("./echarts-setup.ts").then(
      (m) => {
        if (!alive) return;
        const c = m.init(el.host!, null, { renderer: "canvas" }) as unknown as Instance;
        c.on("click", (e) => e.dataIndex !== undefined && props.onPick?.(e.dataIndex));
        setChart(c);
      },
      () => setFailed(true),
    );
    const ro = new ResizeObserver(() => chart()?.resize());
    ro.observe(el.host!);
    onCleanup(() => ro.disconnect());
  });
  createEffect(() => chart()?.setOption(optionOf(props), true));
  onCleanup(() => {
    alive = false;
    chart()?.dispose();
  });
  return (
    <div class="chart chart--echarts" role="img" aria-label={props.label} data-testid="chart-echarts" data-kind={props.kind} data-ready={chart() ? "" : undefined}>
      <div ref={(r) => (el.host = r)} style={{ height: `${props.height ?? 300}px`, width: "100%" }} />
      <Show when={!chart()}>
        <div class="chart__loading">{failed() ? "—" : props.loadingText}</div>
      </Show>
    </div>
  );
}
