import type { Catalog } from "./catalog.ts";

/** Monitor metrics and series (issue 13): error reasons and field messages. */
export const monitorMetricsMessages: Catalog = {
  "zh-CN": {
    "monitor.metric_unknown": "没有名为 ${metric} 的指标",
    "monitor.agg_invalid": "${kind} 类型的指标不支持聚合方式 ${agg}（分位数只适用于直方图）",
    "monitor.range_invalid": "开始时间须早于结束时间",
    "monitor.range_too_long": "时间范围不能超过 ${days} 天",
    "monitor.step_invalid": "步长须为 60 秒的整数倍",
    "monitor.too_many_points": "每条线不能超过 ${max} 个点，请增大步长或缩短时间范围",
    "monitor.label_unknown": "该指标没有标签 ${label}",
    "monitor.metrics_token": "需要有效的指标访问令牌（Authorization: Bearer <OPS_METRICS_TOKEN>）",
  },
  en: {
    "monitor.metric_unknown": "There is no metric named ${metric}",
    "monitor.agg_invalid": "A ${kind} metric cannot be aggregated with ${agg} (percentiles are for histograms only)",
    "monitor.range_invalid": "The start must be before the end",
    "monitor.range_too_long": "The range cannot be longer than ${days} days",
    "monitor.step_invalid": "The step must be a multiple of 60 seconds",
    "monitor.too_many_points": "At most ${max} points per line: use a larger step or a shorter range",
    "monitor.label_unknown": "The metric has no label ${label}",
    "monitor.metrics_token": "A valid metrics token is required (Authorization: Bearer <OPS_METRICS_TOKEN>)",
  },
};
