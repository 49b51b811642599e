/**
 * Config consumers: the published endpoint (ETag, long-poll woken by releases in any process), who
 * reads which release, and the routes. Reached through ../index.ts.
 */
import { holdsTableRole, systemTableAllowed } from "../config.access.ts";
import { createConsumerStore } from "./consumers.store.ts";
import { DEFAULT_CONSUMERS_OPTIONS, type ConsumersDeps } from "./consumers.deps.ts";
import { consumersRoutes } from "./consumers.routes.ts";
import { createPublished } from "./published.ts";
import { createWaiters } from "./waiters.ts";

export type { ConsumersDeps, ConsumersOptions, ReleaseResolver } from "./consumers.deps.ts";
export { etagOf, matchesEtag } from "./published.ts";

export function createConfigConsumers(given: ConsumersDeps) {
  const deps: ConsumersDeps = { canRead: async (actor, t) => systemTableAllowed(actor, t) && (await holdsTableRole(given.db, actor, t.read_roles)), ...given };
  const options = { ...DEFAULT_CONSUMERS_OPTIONS, ...deps.options };
  const fingerprints = deps.fingerprints ?? releaseFingerprints(deps);
  const waiters = createWaiters({ maxWaiters: options.maxWaiters, pollEveryMs: options.pollEveryMs, fingerprints, logger: deps.logger });
  const unsubscribe = deps.releases.onReleased((table) => waiters.wake(table));
  const store = createConsumerStore(deps.db, deps.clock, options.trackEveryMs);
  const read = createPublished(deps, waiters, store);
  return {
    routes: consumersRoutes(deps, read, store),
    /** long-polls held by this process now */
    waiting: () => waiters.size,
    /** answers every held long-poll (304) and stops listening */
    stop() {
      unsubscribe();
      waiters.stop();
    },
  };
}

export type ConfigConsumers = ReturnType<typeof createConfigConsumers>;

/**
 * The newest release number and how many releases have ended, per table: a new release, a promotion
 * (the old full one ends) and an abort each change it. One grouped query over the unique (table, number) index.
 */
function releaseFingerprints(deps: ConsumersDeps) {
  return async (tables: string[]): Promise<Map<string, string>> => {
    const rows = await deps.db.all<{ table_name: string; n: number | string; e: number | string }>(
      `SELECT table_name, MAX(number) AS n, COUNT(ended_at) AS e FROM config_releases WHERE table_name IN (${tables.map(() => "?").join(", ")}) GROUP BY table_name`,
      tables,
    );
    return new Map(rows.map((r) => [r.table_name, `${r.n}:${r.e}`]));
  };
}
