/** Monitoring and alerting (issue 13). Others reach it only through this file. */
export { createMonitor, type Monitor } from "./monitor.service.ts";
export { MONITOR_DEFAULTS, type MonitorDeps, type MonitorOptions } from "./monitor.deps.ts";
export type { AlertRaiser, SecurityOccurrence, SeriesReader } from "./ports.ts";
export { alertsDemoSeeder, alertsWidgets } from "./alerts/index.ts";
export { metricsDemoSeeder } from "./metrics/index.ts";
