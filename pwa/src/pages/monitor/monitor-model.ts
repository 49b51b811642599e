import type { NodeInfo, NodeStatus, SeriesAgg } from "@ops/shared/contracts/monitor.ts";

/** The monitor pages' pure shaping (tested apart from the DOM): chart lines, node order, drill queries. */
export type TimeLine = { name: string; values: Array<number | null> };

/** A series answer's lines on one shared time axis (epoch seconds; series may miss points the others have). */
export function alignSeries(series: Array<{ name: string; points: Array<{ t: string; v: number | null }> }>): { times: number[]; lines: TimeLine[] } {
  const sec = (t: string) => Math.floor(Date.parse(t) / 1000);
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => sec(p.t))))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const lines = series.map((s) => {
    const values: Array<number | null> = times.map(() => null);
    for (const p of s.points) values[at.get(sec(p.t))!] = p.v;
    return { name: s.name, values };
  });
  return { times, lines };
}

const ORDER: Record<NodeStatus, number> = { silent: 0, draining: 1, up: 2, drained: 3, stopped: 4 };

/** Silent ones first (they need someone), then draining, up, and the ones that are gone; by host within each. */
export const sortNodes = (nodes: NodeInfo[]): NodeInfo[] =>
  [...nodes].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.host.localeCompare(b.host) || a.id.localeCompare(b.id));

/** A card's drill query (`metric=api.error_rate&agg=value&route=/x`) as a series request. */
export function drillQuery(drill: string): { metric: string; agg?: SeriesAgg; filters: Record<string, string> } {
  const params = new URLSearchParams(drill);
  const filters: Record<string, string> = {};
  for (const [k, v] of params) if (!["metric", "agg", "range", "refresh"].includes(k)) filters[k] = v;
  const agg = params.get("agg") as SeriesAgg | null;
  return { metric: params.get("metric") ?? "", ...(agg ? { agg } : {}), filters };
}

/** The window an answer covers, in epoch seconds (the chart's x axis). */
export const spanOf = (a: { from: string; to: string }): [number, number] => [Math.floor(Date.parse(a.from) / 1000), Math.ceil(Date.parse(a.to) / 1000)];
