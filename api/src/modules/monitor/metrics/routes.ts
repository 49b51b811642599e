/** The catalog, series and overview routes (monitor:view). */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { badRequest, type FieldError } from "@ops/shared";
import { SERIES_AGGS, type SeriesAgg } from "@ops/shared/contracts/monitor.ts";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { MONITOR_VIEW } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import { aggAllowed } from "./points.ts";

const base = { module: "monitor", access: MONITOR_VIEW, method: "get" } as const;
/** the longest range one series answer covers (the 1-hour points' retention) */
export const MAX_RANGE_DAYS = 90;
/** points per line beyond which a smaller step is refused (ask a larger one) */
export const MAX_POINTS = 5_000;
const RESERVED = new Set(["metric", "from", "to", "step", "agg", "by", "lang"]);

const catalogRoute = defineRoute({
  ...base, path: "/monitor/metrics", action: "metrics.list", resourceType: "metric",
  summary: "指标目录",
  description: "所有已注册的指标：名称、类型（counter/gauge/histogram/ratio）、范围（node 每个进程各自采样带 node 标签；cluster 由调度角色统一采样）、单位、标签与中英文标题。",
});
const seriesRoute = defineRoute({
  ...base, path: "/monitor/series", action: "metrics.series", resourceType: "metric",
  summary: "指标时间序列",
  description: "`?metric=&from=&to=&step=&agg=&by=&<标签>=<值>`：每个标签组合一条线。step 缺省按范围自动选择（≤ 2 天为 60 秒点，否则 3600 秒点），须为 60 的倍数；范围不超过 90 天、每条线不超过 5000 个点。"
    + "未按 node 过滤或拆分时合并各进程的点（gauge 取均值）；`by` 指定拆分的标签（缺省为全部标签），其余标签合并。比率为 Σ分子/Σ分母；直方图的分位数由每分钟分位数按样本数加权近似。",
  request: {
    query: z.object({
      metric: z.string().min(1).max(100),
      from: z.string().datetime({ offset: true }).optional(),
      to: z.string().datetime({ offset: true }).optional(),
      step: z.coerce.number().int().min(60).max(86_400).optional(),
      agg: z.enum(SERIES_AGGS).default("value"),
      by: z.string().max(200).optional(),
    }).passthrough(),
  },
});
const overviewRoute = defineRoute({
  ...base, path: "/monitor/overview", action: "overview", resourceType: "metric",
  summary: "监控概览",
  description: "概览卡片（API 错误率与 p95、任务失败率、队列积压、在线用户、CPU、内存、IM 与通知送达率：当前值、最近一小时走势、状态色、下钻查询串）以及未关闭告警与节点的数量。",
});

const invalid = (field: string, message: string, params?: Record<string, unknown>) => {
  const errors: FieldError[] = [{ field, message, ...(params ? { params } : {}) }];
  return badRequest(message, errors, params);
};

export function metricsRoutes(reader: SeriesReader, overview: { overview(locale: ReturnType<typeof localeOf>): Promise<unknown> }, now: () => Date) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(catalogRoute, (c) => ok(c, { items: reader.catalog(localeOf(c)) }))
    .openapi(overviewRoute, async (c) => ok(c, await overview.overview(localeOf(c))))
    .openapi(seriesRoute, async (c) => {
      const q = c.req.valid("query");
      const locale = localeOf(c);
      const info = reader.info(q.metric, locale);
      if (!info) throw invalid("metric", "monitor.metric_unknown", { metric: q.metric });
      const agg = q.agg as SeriesAgg;
      if (!aggAllowed(info.kind, agg)) throw invalid("agg", "monitor.agg_invalid", { agg, kind: info.kind });
      const to = q.to ? new Date(q.to) : now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 3_600_000);
      if (from.getTime() >= to.getTime()) throw invalid("from", "monitor.range_invalid");
      if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw invalid("from", "monitor.range_too_long", { days: MAX_RANGE_DAYS });
      if (q.step !== undefined && q.step % 60 !== 0) throw invalid("step", "monitor.step_invalid");
      if (q.step !== undefined && (to.getTime() - from.getTime()) / (q.step * 1000) > MAX_POINTS) throw invalid("step", "monitor.too_many_points", { max: MAX_POINTS });
      const by = q.by === undefined ? undefined : q.by.split(",").map((s) => s.trim()).filter(Boolean);
      for (const name of by ?? []) if (!info.labels.includes(name)) throw invalid("by", "monitor.label_unknown", { label: name });
      const filters: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.req.query())) {
        if (RESERVED.has(k)) continue;
        if (!info.labels.includes(k)) throw invalid(k, "monitor.label_unknown", { label: k });
        filters[k] = v;
      }
      const answer = await reader.series({ metric: q.metric, filters, from, to, ...(q.step ? { stepS: q.step } : {}), agg, locale, ...(by ? { by } : {}) });
      return ok(c, answer);
    });
}
