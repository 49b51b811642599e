import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus registry of one app instance: request counts and latency per route. */
export type Metrics = {
  registry: Registry;
  observe(method: string, route: string, status: number, seconds: number, path?: string): void;
  /** also hands every observation to `hook` (the monitor's series: api.requests, api.error_rate, api.latency) */
  forward(hook: (method: string, route: string, status: number, seconds: number, path: string) => void): void;
};

export function createMetrics(defaults = true): Metrics {
  const registry = new Registry();
  // The event-loop lag histogram samples on a timer: prom-client's 10 ms default woke an idle
  // server 100 times a second (~1 % of a core); once a second still shows a blocked loop.
  if (defaults) collectDefaultMetrics({ register: registry, prefix: "ops_", eventLoopMonitoringPrecision: 1000 });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method and route",
    labelNames: ["method", "route"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  let hook: ((method: string, route: string, status: number, seconds: number, path: string) => void) | null = null;
  return {
    registry,
    observe(method, route, status, seconds, path = "") {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
      hook?.(method, route, status, seconds, path);
    },
    forward(h) {
      hook = h;
    },
  };
}
