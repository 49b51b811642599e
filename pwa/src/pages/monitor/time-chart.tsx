import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { createEffect, onCleanup, onMount, type JSX } from "solid-js";
import { PALETTE } from "../../ui/charts/series.ts";
import type { TimeLine } from "./monitor-model.ts";

/**
 * Time series with uPlot: x is time (seconds), one line per series, legend below, and a tooltip that follows the
 * cursor with the time and every line's value. (The reports' UplotChart draws categories, not time.) Follows its
 * box's width.
 */
export type TimeChartProps = {
  /** epoch seconds */
  times: number[];
  lines: TimeLine[];
  format: (v: number) => string;
  label: string;
  height?: number;
  legend?: boolean;
  /** the window asked for (epoch seconds): the x axis spans it even where there are no points yet */
  span?: [number, number];
};

const pad = (n: number) => String(n).padStart(2, "0");
/** 24-hour clock labels; dates once the window passes a day. */
function timeLabels(splits: number[], spanS: number): string[] {
  return splits.map((s) => {
    const d = new Date(s * 1000);
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    return spanS > 86_400 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())}${spanS > 3 * 86_400 ? "" : ` ${hm}`}` : hm;
  });
}

/**
 * The index nearest the cursor's where some line has a value: the API answers a grid with empty steps, and a tooltip
 * of dashes next to a lone point helps nobody. Looks a few steps either way (2 % of the points, at least 3).
 */
function nearestFilled(u: uPlot, idx: number | null | undefined): number | null {
  if (idx === null || idx === undefined) return null;
  const n = u.data[0].length;
  const filled = (i: number) => i >= 0 && i < n && u.data.slice(1).some((d) => d[i] !== null && d[i] !== undefined);
  const reach = Math.max(3, Math.ceil(n * 0.02));
  for (let d = 0; d <= reach; d++) {
    if (filled(idx - d)) return idx - d;
    if (filled(idx + d)) return idx + d;
  }
  return idx;
}

function tooltipPlugin(format: (v: number) => string): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement("div");
        tip.className = "mon-tip";
        tip.hidden = true;
        u.over.appendChild(tip);
      },
      setCursor: (u) => {
        if (!tip) return;
        const idx = nearestFilled(u, u.cursor.idx);
        if (idx === null || u.cursor.left === undefined || u.cursor.left < 0) {
          tip.hidden = true;
          return;
        }
        const t = new Date((u.data[0][idx] ?? 0) * 1000);
        const lines = u.series.slice(1).map((s, i) => {
          const v = u.data[i + 1]?.[idx];
          return `${String(s.label ?? "")}: ${v === null || v === undefined ? "—" : format(v)}`;
        });
        tip.textContent = [t.toLocaleString(undefined, { hour12: false }), ...lines.slice(0, 8)].join("\n");
        tip.hidden = false;
        const left = u.cursor.left ?? 0;
        // keep the tip inside the plot: flip to the cursor's left past the middle
        tip.style.left = left > u.over.clientWidth / 2 ? `${Math.max(left - tip.offsetWidth - 12, 0)}px` : `${left + 12}px`;
        tip.style.top = `${Math.max((u.cursor.top ?? 0) - 12, 0)}px`;
      },
    },
  };
}

function options(props: TimeChartProps, width: number): uPlot.Options {
  return {
    width,
    height: props.height ?? 260,
    legend: { show: props.legend ?? true, live: false },
    cursor: { drag: { x: false, y: false } },
    plugins: [tooltipPlugin(props.format)],
    scales: {
      x: { time: true, ...(props.span ? { range: (): uPlot.Range.MinMax => props.span! } : {}) },
      y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { size: 32, values: (u, splits) => timeLabels(splits, (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)) },
      { values: (_u, splits) => splits.map((s) => props.format(s)), size: 72 },
    ],
    series: [
      {},
      ...props.lines.map((l, i) => ({
        label: l.name,
        stroke: PALETTE[i % PALETTE.length]!,
        width: 2,
        spanGaps: false,
        // sparse lines (a new server, a gap) would draw nothing without their points
        points: { show: l.values.filter((v) => v !== null).length < 30, size: 6 },
      })),
    ],
  };
}

export function TimeChart(props: TimeChartProps): JSX.Element {
  const el: { host?: HTMLDivElement } = {};
  let plot: uPlot | null = null;
  const build = () => {
    plot?.destroy();
    plot = new uPlot(options(props, Math.max(el.host!.clientWidth, 240)), [props.times, ...props.lines.map((l) => l.values)], el.host!);
  };
  onMount(() => {
    build();
    const ro = new ResizeObserver(() => plot && Math.abs(plot.width - el.host!.clientWidth) > 4 && plot.setSize({ width: Math.max(el.host!.clientWidth, 240), height: props.height ?? 260 }));
    ro.observe(el.host!);
    onCleanup(() => ro.disconnect());
  });
  createEffect((first: boolean) => {
    const data: uPlot.AlignedData = [props.times, ...props.lines.map((l) => l.values)];
    if (first) return false;
    // a refresh with the same lines only moves the data (no flicker, legend and cursor kept); new lines rebuild
    const same = plot && plot.series.length === props.lines.length + 1 && props.lines.every((l, i) => plot!.series[i + 1]!.label === l.name);
    if (same) plot!.setData(data);
    else build();
    return false;
  }, true);
  onCleanup(() => plot?.destroy());
  return (
    <div class="chart mon-chart" ref={(r) => (el.host = r)} role="img" aria-label={props.label} data-testid="monitor-chart"
      data-lines={props.lines.length} data-points={props.lines.reduce((n, l) => n + l.values.filter((v) => v !== null).length, 0)} />
  );
}

