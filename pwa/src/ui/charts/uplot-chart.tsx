import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { createEffect, onCleanup, onMount, type JSX } from "solid-js";
import { PALETTE, type ChartFrame } from "./series.ts";

/**
 * Line, area and bar charts with uPlot (small and fast on phones). x is the category index (not
 * time: categories may be cities or dates alike); bars use uPlot's bars path builder. A click on the
 * plot picks the category under the cursor (drill-through). The chart follows its box's width.
 */
export type UplotChartProps = {
  frame: ChartFrame;
  kind: "line" | "bar" | "area";
  stack?: boolean;
  height?: number;
  format?: (v: number) => string;
  onPick?: (index: number) => void;
  label: string;
};

function options(props: UplotChartProps, width: number): uPlot.Options {
  const cats = props.frame.categories;
  const many = props.frame.series.length;
  // several series share a category: narrower, translucent bars (stack: true draws them on top of each other instead)
  const bars = uPlot.paths.bars!({ size: [many > 1 && !props.stack ? 0.8 : 0.6, 64], align: 0 });
  return {
    width,
    height: props.height ?? 280,
    legend: { show: many > 1 },
    cursor: { drag: { x: false, y: false }, points: { show: props.kind !== "bar" } },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(cats.length - 0.5, 0.5)] },
      // bars and areas grow from zero
      y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? cats[s] ?? "" : "")), splits: () => cats.map((_, i) => i), gap: 4, size: 36 },
      { values: (_u, splits) => splits.map((s) => (props.format ? props.format(s) : String(s))), size: 64 },
    ],
    series: [
      {},
      ...props.frame.series.map((s, i) => {
        const color = PALETTE[i % PALETTE.length]!;
        return {
          label: s.name,
          stroke: color,
          width: props.kind === "bar" ? 0 : 2,
          fill: props.kind === "line" ? undefined : props.kind === "area" || (many > 1 && !props.stack) ? `${color}${props.kind === "area" ? "33" : "b3"}` : color,
          paths: props.kind === "bar" ? bars : undefined,
          points: { show: props.kind !== "bar" && props.frame.categories.length < 40 },
          value: (_u: uPlot, v: number | null) => (v === null ? "—" : props.format ? props.format(v) : String(v)),
        } satisfies uPlot.Series;
      }),
    ],
  };
}

function dataOf(frame: ChartFrame, stack: boolean): uPlot.AlignedData {
  const xs = frame.categories.map((_, i) => i);
  if (!stack) return [xs, ...frame.series.map((s) => s.values)];
  const acc = xs.map(() => 0);
  // stacked: each series drawn at its running total, the last one first so earlier ones stay visible
  const stacked = frame.series.map((s) => s.values.map((v, i) => (acc[i] = acc[i]! + (v ?? 0))));
  return [xs, ...stacked];
}

export function UplotChart(props: UplotChartProps): JSX.Element {
  const el: { host?: HTMLDivElement } = {};
  let plot: uPlot | null = null;
  const build = () => {
    plot?.destroy();
    const width = Math.max(el.host!.clientWidth, 240);
    plot = new uPlot(options(props, width), dataOf(props.frame, !!props.stack), el.host!);
    plot.over.addEventListener("click", () => {
      const idx = plot?.cursor.idx;
      if (idx !== null && idx !== undefined) props.onPick?.(idx);
    });
  };
  onMount(() => {
    build();
    const ro = new ResizeObserver(() => plot && Math.abs(plot.width - el.host!.clientWidth) > 4 && plot.setSize({ width: Math.max(el.host!.clientWidth, 240), height: props.height ?? 280 }));
    ro.observe(el.host!);
    onCleanup(() => ro.disconnect());
  });
  createEffect((first: boolean) => {
    void props.frame;
    void props.kind;
    void props.stack;
    if (!first) build();
    return false;
  }, true);
  onCleanup(() => plot?.destroy());
  return <div class="chart chart--uplot" ref={(r) => (el.host = r)} role="img" aria-label={props.label} data-testid="chart-uplot" data-kind={props.kind} data-points={props.frame.categories.length} classList={{ "chart--clickable": !!props.onPick }} />;
}
