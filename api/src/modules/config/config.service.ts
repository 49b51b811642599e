import type { ConfigDeps } from "./config.deps.ts";
import { createConfigData } from "./data/index.ts";
import type { ConfigData, ConfigWriteGate } from "./data/index.ts";
import { createRecords } from "./records/index.ts";
import { createTables } from "./tables/index.ts";
import { createVersions } from "./versions/index.ts";
import { createImportExport } from "./io/index.ts";
import { createUploads } from "./uploads/index.ts";

/**
 * The config center's data side: tables (metadata), records, versions, validation. release/ plugs in through
 * `setGate` (built after this module in system.ts) and reads and writes through `data` (ConfigData).
 */
export function createConfig(deps: ConfigDeps) {
  let gate: ConfigWriteGate | undefined = deps.gate;
  const currentGate = () => gate;
  const layer = createConfigData(deps);
  const tables = createTables(deps);
  const records = createRecords(deps, layer, currentGate);
  const versions = createVersions(deps, layer, currentGate);
  const io = createImportExport(deps, layer, records);
  const uploads = createUploads(deps);
  return {
    /** what release/ and consumers/ use */
    data: layer.data as ConfigData,
    tables,
    records,
    versions,
    io,
    uploads,
    layer,
    deps,
    /** release/ attaches its gate once built: approval tables then propose change sets, direct writes are released */
    setGate(g: ConfigWriteGate) {
      gate = g;
    },
  };
}

export type Config = ReturnType<typeof createConfig>;
