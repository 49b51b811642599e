/** slow/: the slow query log (reports, datasets, exports, SQL jobs) and its routes. */
import type { MonitorDeps } from "../monitor.deps.ts";
import { MONITOR_DEFAULTS } from "../monitor.deps.ts";
import { iso } from "../../../platform/clock.ts";
import { createSlowRecorder } from "./recorder.ts";
import { slowRoutes } from "./slow.routes.ts";
import { pruneSlow } from "./slow.store.ts";

export { fingerprintOf, clipSql, MAX_SQL_CHARS } from "./fingerprint.ts";

const PRUNE_EVERY_MS = 3600_000;
const FLUSH_MS = 1000;

export function createSlowPart(deps: MonitorDeps) {
  const options = { ...MONITOR_DEFAULTS, ...deps.options };
  const log = createSlowRecorder({ db: deps.db, clock: deps.clock, logger: deps.logger, thresholdMs: options.slowQueryMs, flushMs: FLUSH_MS });
  let pruner: ReturnType<typeof setInterval> | null = null;

  /** Statements older than slowQueryKeepDays go (0 keeps them); a failed pass is logged and tried next hour. */
  async function prune(): Promise<number> {
    if (options.slowQueryKeepDays <= 0) return 0;
    const before = iso(new Date(deps.clock.now().getTime() - options.slowQueryKeepDays * 86_400_000));
    try {
      return await pruneSlow(deps.db, before);
    } catch (err) {
      deps.logger.warn("slow query retention failed", { err });
      return 0;
    }
  }

  return {
    recorder: log.recorder,
    routes: slowRoutes(deps.db),
    /** writes what was recorded so far (tests) */
    flush: log.flush,
    prune,
    /** the scheduler role prunes old rows */
    start(roles: { scheduler: boolean }) {
      if (!roles.scheduler || pruner) return;
      void prune();
      pruner = setInterval(() => void prune(), PRUNE_EVERY_MS);
      pruner.unref?.();
    },
    /** ends the scheduler role's pruning (a shutdown's first steps); recording goes on until stop */
    stopScheduler() {
      if (pruner) clearInterval(pruner);
      pruner = null;
    },
    async stop() {
      if (pruner) clearInterval(pruner);
      pruner = null;
      await log.stop();
    },
  };
}
