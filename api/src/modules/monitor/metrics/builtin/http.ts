/**
 * HTTP metrics, fed from the app's request observer (http/observe.ts → Metrics.forward): requests by route and status
 * class, the 5xx ratio by route, latency by route, and report views (the report data route, by report id).
 */
import type { MetricsPort } from "../../../../platform/observability.ts";

const REPORT_DATA = /^\/api\/v1\/reports\/([^/]+)\/data$/;

export type HttpObservation = (method: string, route: string, status: number, seconds: number, path: string) => void;

export function httpMetrics(port: MetricsPort): HttpObservation {
  const requests = port.counter({
    name: "api.requests", kind: "counter", scope: "node", unit: "count", labels: ["route", "status"], module: "http",
    title: { "zh-CN": "API 请求数", en: "API requests" },
    help: { "zh-CN": "按路由与状态类别（2xx/3xx/4xx/5xx）统计的请求数", en: "Requests by route and status class (2xx/3xx/4xx/5xx)" },
  });
  const errors = port.ratio({
    name: "api.error_rate", kind: "ratio", scope: "node", unit: "ratio", labels: ["route"], module: "http",
    title: { "zh-CN": "API 错误率", en: "API error rate" },
    help: { "zh-CN": "5xx 响应占全部请求的比例（按路由）", en: "Share of requests answered with 5xx (by route)" },
  });
  const latency = port.histogram({
    name: "api.latency", kind: "histogram", scope: "node", unit: "seconds", labels: ["route"], module: "http",
    title: { "zh-CN": "API 响应时间", en: "API latency" },
    help: { "zh-CN": "请求耗时（秒，按路由；p50/p95/p99）", en: "Request duration in seconds by route (p50/p95/p99)" },
  });
  const views = port.counter({
    name: "reports.views", kind: "counter", scope: "cluster", unit: "count", labels: ["report"], module: "reports",
    title: { "zh-CN": "报表查看次数", en: "Report views" },
    help: { "zh-CN": "报表数据被查询的次数（按报表）", en: "Report data requests (by report)" },
  });
  return (method, route, status, seconds, path) => {
    if (!route.startsWith("/api/")) return;
    requests.inc({ route, status: `${Math.floor(status / 100)}xx` });
    errors.add(status >= 500 ? 1 : 0, 1, { route });
    latency.observe(seconds, { route });
    if (method === "GET" && status < 400) {
      const m = REPORT_DATA.exec(path);
      if (m) views.inc({ report: m[1]! });
    }
  };
}
