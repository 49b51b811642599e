/**
 * Queues this process consumes (node scope, by queue): waiting, active and dead jobs, and the lag (age of the oldest
 * job due and not yet taken) where the driver can tell (`oldestWaiting`; null otherwise, so no point is written).
 * One stats read per queue and sample serves the four metrics.
 */
import type { QueueDriver, QueueStats } from "../../../../platform/queue/index.ts";
import type { Collected, MetricsPort } from "../../../../platform/observability.ts";

type Snapshot = { queue: string; stats: QueueStats; lagMs: number | null };

export function queueMetrics(port: MetricsPort, driver: QueueDriver, queues: () => string[]) {
  let cached: { at: number; rows: Promise<Snapshot[]> } | null = null;
  const snapshot = (to: Date): Promise<Snapshot[]> => {
    if (cached && cached.at === to.getTime()) return cached.rows;
    const rows = Promise.all(queues().map(async (queue) => {
      const stats = await driver.stats(queue);
      const oldest = driver.oldestWaiting ? await driver.oldestWaiting(queue) : undefined;
      return { queue, stats, lagMs: oldest === undefined ? null : oldest === null ? 0 : Math.max(0, to.getTime() - oldest.getTime()) };
    }));
    cached = { at: to.getTime(), rows };
    return rows;
  };
  const gauge = (name: string, unit: "count" | "ms", zh: string, en: string, value: (s: Snapshot) => number | null) =>
    port.collect(
      { name, kind: "gauge", scope: "node", unit, labels: ["queue"], module: "queue", title: { "zh-CN": zh, en }, help: { "zh-CN": `${zh}（按队列）`, en: `${en} (by queue)` } },
      async ({ to }) => (await snapshot(to)).flatMap((s): Collected[] => {
        const v = value(s);
        return v === null ? [] : [{ labels: { queue: s.queue }, value: v }];
      }),
    );
  gauge("queue.waiting", "count", "队列等待任务", "Queue waiting jobs", (s) => s.stats.waiting);
  gauge("queue.active", "count", "队列执行中任务", "Queue active jobs", (s) => s.stats.active);
  gauge("queue.dead", "count", "队列死信任务", "Queue dead jobs", (s) => s.stats.dead);
  gauge("queue.lag_ms", "ms", "队列延迟", "Queue lag", (s) => s.lagMs);
}
