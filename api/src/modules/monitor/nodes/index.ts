/** nodes/: every process reports itself; the list, silent nodes, drain. */
import type { MonitorDeps } from "../monitor.deps.ts";
import { MONITOR_DEFAULTS } from "../monitor.deps.ts";
import { createNodeStore } from "./node.store.ts";
import { nodesRoutes } from "./nodes.routes.ts";
import { createReporter, DRAIN_CHANNEL } from "./reporter.ts";

export { statusAt } from "./node.store.ts";

export function createNodesPart(deps: MonitorDeps) {
  const store = createNodeStore(deps.db);
  const reporter = createReporter(deps, store);
  const heartbeatMs = deps.options?.heartbeatMs ?? MONITOR_DEFAULTS.heartbeatMs;
  let timer: ReturnType<typeof setInterval> | null = null;
  let unlisten: Promise<() => Promise<void>> | null = null;
  const beat = () => reporter.beat().catch((e: unknown) => deps.logger.warn("node report failed", { err: e }));
  return {
    routes: nodesRoutes(deps, store),
    /** this process's id (its row) */
    id: deps.node.id,
    /** reports every heartbeatMs; `onDrain` runs once when an admin asks this process to drain */
    start(options: { onDrain?: () => Promise<void> }) {
      if (timer) return;
      reporter.setOnDrain(options.onDrain);
      void beat();
      timer = setInterval(() => void beat(), heartbeatMs);
      timer.unref?.();
      unlisten = deps.db.listen(DRAIN_CHANNEL, (id) => {
        if (id === deps.node.id) void beat();
      });
      unlisten.catch((e: unknown) => deps.logger.warn("drain channel unavailable (requests seen on the next report)", { err: e }));
    },
    /** every node as the list shows it, and the overview's counts (silent decided now, as on the list) */
    list: () => store.list(deps.clock.now()),
    async counts(): Promise<{ up: number; silent: number; draining: number }> {
      const out = { up: 0, silent: 0, draining: 0 };
      for (const n of await store.list(deps.clock.now())) if (n.status === "up" || n.status === "silent" || n.status === "draining") out[n.status]++;
      return out;
    },
    /** one report now (tests); it also looks for a drain request */
    beat: () => reporter.beat(),
    /** this process's own view of itself: up, draining, drained, stopped */
    get state() {
      return reporter.state;
    },
    /** resolves once a requested drain has finished (tests) */
    drained: () => reporter.drained(),
    /** a clean shutdown: the row says `stopped` (not silent) */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      const off = unlisten;
      unlisten = null;
      if (off) await (await off.catch(() => async () => {}))();
      await reporter.stop();
    },
  };
}
