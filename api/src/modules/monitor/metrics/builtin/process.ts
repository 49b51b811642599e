/**
 * This process: CPU (share of one core since the last sample), resident and heap memory, event-loop lag (the worst
 * delay of a 500 ms timer over the interval: a blocked loop shows here first).
 */
import type { MetricsPort } from "../../../../platform/observability.ts";

const LAG_TICK_MS = 500;

export function processMetrics(port: MetricsPort) {
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  let worstLag = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const gauge = (name: string, unit: "percent" | "bytes" | "ms", zh: string, en: string, helpZh: string, helpEn: string, read: () => number) =>
    port.collect({ name, kind: "gauge", scope: "node", unit, module: "process", title: { "zh-CN": zh, en }, help: { "zh-CN": helpZh, en: helpEn } },
      async () => [{ value: read() }]);
  gauge("process.cpu_percent", "percent", "进程 CPU", "Process CPU", "进程占用的 CPU（单核百分比，自上次采样）", "CPU used by the process (percent of one core since the last sample)", () => {
    const now = performance.now();
    const used = process.cpuUsage(lastCpu);
    const wallUs = Math.max(1, (now - lastAt) * 1000);
    lastCpu = process.cpuUsage();
    lastAt = now;
    return Math.round(((used.user + used.system) / wallUs) * 1000) / 10;
  });
  gauge("process.rss_bytes", "bytes", "进程内存（RSS）", "Process memory (RSS)", "常驻内存字节数", "Resident set size in bytes", () => process.memoryUsage.rss());
  gauge("process.heap_bytes", "bytes", "JS 堆内存", "JS heap", "已用 JS 堆字节数", "Used JavaScript heap in bytes", () => process.memoryUsage().heapUsed);
  gauge("process.event_loop_lag_ms", "ms", "事件循环延迟", "Event-loop lag", "采样间隔内事件循环的最大延迟（毫秒）", "Worst event-loop delay in the interval (ms)", () => {
    const worst = worstLag;
    worstLag = 0;
    return Math.round(worst * 10) / 10;
  });
  return {
    start() {
      if (timer) return;
      let expected = performance.now() + LAG_TICK_MS;
      timer = setInterval(() => {
        const now = performance.now();
        worstLag = Math.max(worstLag, now - expected);
        expected = now + LAG_TICK_MS;
      }, LAG_TICK_MS);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
