import type { MetricInfo, MonitorOverview, NodeInfo, SeriesAgg, SeriesAnswer, SlowQuery, SlowQueryGroup } from "@ops/shared/contracts/monitor.ts";
import { api, type Query } from "../../data/client.ts";
import type { Page } from "../../data/types.ts";

export type * from "@ops/shared/contracts/monitor.ts";

const enc = encodeURIComponent;
/** Lists may come bare or paged: the pages read the items either way. */
const itemsOf = <T>(x: Page<T> | T[]): T[] => (Array.isArray(x) ? x : x.items);

/**
 * `by`: the labels that split the lines (none given: every label). The API drops empty names, so `MERGED` (",")
 * asks for one line over all label sets (what an overview card shows).
 */
export type SeriesQuery = { metric: string; from: string; to: string; agg?: SeriesAgg; step?: number; by?: string; filters?: Record<string, string> };
export const MERGED = ",";

/** The board, the series, the nodes and the slow query log (alerts, rules and silences live in alerts/). */
export const monitorApi = {
  overview: (q: Query = {}) => api.get<MonitorOverview>("/monitor/overview", q),
  metrics: () => api.get<MetricInfo[] | Page<MetricInfo>>("/monitor/metrics").then(itemsOf),
  series: (q: SeriesQuery) =>
    api.get<SeriesAnswer>("/monitor/series", { ...q.filters, metric: q.metric, from: q.from, to: q.to, agg: q.agg, step: q.step, by: q.by }),
  nodes: () => api.get<NodeInfo[] | Page<NodeInfo>>("/monitor/nodes").then(itemsOf),
  drain: (id: string) => api.post<NodeInfo>(`/monitor/nodes/${enc(id)}/drain`, {}),
  slowQueries: (q: Query) => api.get<Page<SlowQuery>>("/monitor/slow-queries", q),
  slowSummary: (q: Query = {}) => api.get<SlowQueryGroup[] | Page<SlowQueryGroup>>("/monitor/slow-queries/summary", q).then(itemsOf),
  slowQuery: (id: string) => api.get<SlowQuery>(`/monitor/slow-queries/${enc(id)}`),
};
