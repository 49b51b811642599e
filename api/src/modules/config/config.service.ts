import type { ConfigDeps } from "./config.deps.ts";
import { createConfigData } from "./data/index.ts";
import type { ConfigData, ConfigWriteGate } from "./data/index.ts";
import { createRecords } from "./records/index.ts";
import { createTables } from "./tables/index.ts";
import { createPrune, createVersions, pruneAll } from "./versions/index.ts";
import { startPeriodic } from "../../platform/periodic.ts";
import { createSystemSettings } from "./system/index.ts";
import { createImportExport } from "./io/index.ts";
import { createUploads } from "./uploads/index.ts";

/**
 * The config center's data side: tables (metadata), records, versions, validation. release/ plugs in through
 * `setGate` (built after this module in system.ts) and reads and writes through `data` (ConfigData).
 */
export function createConfig(deps: ConfigDeps) {
  let gate: ConfigWriteGate | undefined = deps.gate;
  const currentGate = () => gate;
  const prune = createPrune(deps, currentGate);
  // history is pruned after each new version of a table with keep_history_days (old versions go as new ones come)
  const layer = createConfigData({
    ...deps,
    onApplied: (table) => prune(table).catch((e) => deps.logger?.error("config history pruning failed", { err: e, table: table.name })),
  });
  const tables = createTables(deps, currentGate);
  const records = createRecords(deps, layer, currentGate);
  const versions = createVersions(deps, layer, currentGate);
  const io = createImportExport(deps, layer, records);
  const uploads = createUploads(deps);
  const system = createSystemSettings(deps, layer, currentGate);
  let stopPrune: (() => void) | null = null;
  return {
    /** what release/ and consumers/ use */
    data: layer.data as ConfigData,
    tables,
    records,
    versions,
    io,
    uploads,
    layer,
    /** prunes one table's history now (also done after each new version) */
    prune,
    /** prunes every table with keep_history_days (the scheduler role's daily pass) */
    pruneAll: () => pruneAll(deps.db, prune, deps.logger),
    /** the built-in system tables (SMTP, IM credentials, security policy); `system.init()` at every start */
    system,
    /** scheduler role: the daily history pass, so tables nobody writes again are pruned too */
    start(o: { scheduler: boolean }, everyMs = 86_400_000) {
      if (!o.scheduler) return;
      stopPrune ??= startPeriodic(() => pruneAll(deps.db, prune, deps.logger), (e) => deps.logger?.error("config history pass failed", { err: e }), everyMs);
    },
    stop() {
      stopPrune?.();
      stopPrune = null;
    },
    deps,
    /** release/ attaches its gate once built: approval tables then propose change sets, direct writes are released */
    setGate(g: ConfigWriteGate) {
      gate = g;
    },
  };
}

export type Config = ReturnType<typeof createConfig>;
