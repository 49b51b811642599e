import type { NodeQueue } from "@ops/shared/contracts/monitor.ts";
import { consumersOf } from "../../../platform/queue/index.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { NodeReport, NodeStore } from "./node.store.ts";

const DAY_MS = 86_400_000;
/** stopped and silent rows are kept this long, then pruned */
export const NODE_KEEP_DAYS = 7;
/** the prune runs at start and then every this many reports (10 s apart: about an hour) */
const PRUNE_EVERY_BEATS = 360;
/** the channel a drain request is announced on, so the node looks at once rather than at its next report */
export const DRAIN_CHANNEL = "monitor_node_drain";

/** CPU time this process used since the last sample, as a percentage of one core. */
function cpuSampler() {
  let last = { cpu: process.cpuUsage(), at: performance.now() };
  return () => {
    const cpu = process.cpuUsage();
    const at = performance.now();
    const usedUs = cpu.user - last.cpu.user + (cpu.system - last.cpu.system);
    const wallUs = (at - last.at) * 1000;
    last = { cpu, at };
    return wallUs > 0 ? Math.round((usedUs / wallUs) * 1000) / 10 : null;
  };
}

/**
 * This process's reports: every heartbeat it writes its row (resources, queues, in-flight work, status) and looks
 * for a drain request; on one it runs `onDrain` (stop taking work, let in-flight finish), then says `drained`.
 */
export function createReporter(deps: MonitorDeps, store: NodeStore) {
  const self = deps.node;
  const consumers = consumersOf(deps.queue);
  const cpu = cpuSampler();
  let state: NodeReport["status"] = "up";
  let onDrain: (() => Promise<void>) | undefined;
  let draining: Promise<void> | null = null;
  let beats = 0;
  // reports of this process never overlap (a timer's and an announced drain's)
  let chain: Promise<void> = Promise.resolve();

  async function queues(): Promise<NodeQueue[]> {
    const names = deps.queues?.() ?? consumers.queues();
    const out: NodeQueue[] = [];
    for (const queue of names) {
      try {
        const s = await deps.queue.stats(queue);
        // lag: how long the oldest due job has waited (drivers that cannot tell leave it unknown)
        const oldest = deps.queue.oldestWaiting ? await deps.queue.oldestWaiting(queue) : null;
        const lag = oldest ? Math.max(0, deps.clock.now().getTime() - oldest.getTime()) : deps.queue.oldestWaiting ? 0 : null;
        out.push({ queue, waiting: s.waiting, active: s.active, delayed: s.delayed, dead: s.dead, lag_ms: lag });
      } catch (e) {
        deps.logger.warn("node report: queue stats failed", { queue, err: e });
      }
    }
    return out;
  }

  function startDrain() {
    state = "draining";
    draining = (async () => {
      try {
        await onDrain?.();
      } catch (e) {
        deps.logger.error("node drain failed", { err: e });
      }
      if (state !== "draining") return;
      state = "drained";
      await beat();
    })();
  }

  async function report(): Promise<void> {
    if (state === "stopped") return;
    if (state === "up" && (await store.drainRequested(self.id))) startDrain();
    // the status as of now, with the queues read after it: a drain finishing meanwhile is written by its own report
    const readiness = deps.readiness ? await deps.readiness() : null;
    // a shutdown under way (readiness draining) shows as draining until the row says stopped
    const status = state === "up" && readiness?.status === "draining" ? "draining" : state;
    const now = deps.clock.now();
    const consumed = await queues();
    await store.upsert({
      id: self.id, roles: self.roles, version: self.version, host: self.host, pid: self.pid, started_at: self.startedAt.toISOString(),
      last_seen_at: now.toISOString(), cpu_pct: cpu(), rss_bytes: process.memoryUsage.rss(), queues: consumed,
      in_flight: consumers.inFlight(), status,
      ready: readiness ? readiness.status === "ready" : null, not_ready: readiness ? (readiness.status === "draining" ? ["draining", ...readiness.failing] : readiness.failing) : [],
      connections: readiness?.connections ?? {},
    });
    if (beats++ % PRUNE_EVERY_BEATS === 0) await store.prune(new Date(now.getTime() - NODE_KEEP_DAYS * DAY_MS).toISOString());
  }

  function beat(): Promise<void> {
    const next = chain.then(report);
    chain = next.catch(() => {});
    return next;
  }

  return {
    beat,
    get state() {
      return state;
    },
    /** resolves once a drain that was asked for has finished (tests) */
    drained: () => draining ?? Promise.resolve(),
    setOnDrain(fn: (() => Promise<void>) | undefined) {
      onDrain = fn;
    },
    async stop() {
      await chain;
      if (state === "stopped") return;
      state = "stopped";
      await store.markStopped(self.id, deps.clock.now().toISOString());
    },
  };
}

export type Reporter = ReturnType<typeof createReporter>;
