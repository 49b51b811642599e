import type { Datasource } from "@ops/shared/contracts/reports.ts";
import type { Db } from "../../../platform/db/db.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import type { Logger } from "../../../platform/logger.ts";
import type { SourceDriver, SourceRegistry } from "../ports.ts";
import { datasourceNotFound, sourceUnreachable } from "../reports.errors.ts";
import { maskUrl } from "./datasource-url.ts";
import { datasourceRows, toDatasource, type DatasourceRow } from "./datasources.sql.ts";
import { createPostgresDriver } from "./driver-postgres.ts";
import { createStoreDriver } from "./driver-store.ts";

export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_ROW_CAP = 10_000;
export const DEFAULT_POOL_MAX = 4;

/**
 * A driver for a datasource's type and clear URL (store/upload: the built-in store, limited to report tables). The
 * MySQL and ClickHouse drivers (mysql2, @clickhouse/client) are loaded with the first such datasource, not at start.
 */
export async function driverFor(db: Db, ds: Datasource, url: string | null): Promise<SourceDriver> {
  const poolMax = ds.options.pool_max ?? DEFAULT_POOL_MAX;
  switch (ds.type) {
    case "postgres": return createPostgresDriver(url ?? "", { poolMax });
    case "mysql": return (await import("./driver-mysql.ts")).createMysqlDriver(url ?? "", { poolMax });
    case "clickhouse": return (await import("./driver-clickhouse.ts")).createClickhouseDriver(url ?? "", { poolMax });
    case "store": return createStoreDriver(db);
    case "upload":
      // an upload reads its own table and nothing else; before its first file it has no table at all
      return createStoreDriver(db, { onlyTable: ds.upload?.table ?? "rpt_up_none" });
  }
}

export type SourceRegistryImpl = SourceRegistry & {
  /** closes the datasource's pooled driver (it changed or went away); the next use builds a new one */
  invalidate(id: string): Promise<void>;
  /** the stored clear URL (for the service's own checks), never sent out */
  clearUrl(row: DatasourceRow): Promise<string | null>;
};

/**
 * Datasources by id with one pooled driver each per process, built on first use and rebuilt when the datasource's
 * `updated_at` changes (another process may have changed it); all closed at stop.
 */
export function createSourceRegistry(deps: { db: Db; secrets: SecretBox; logger: Logger }): SourceRegistryImpl {
  const rows = datasourceRows(deps.db);
  const drivers = new Map<string, { stamp: string; driver: Promise<SourceDriver> }>();

  const clearUrl = async (row: DatasourceRow) => (row.url ? deps.secrets.decrypt(row.url) : null);
  const closeEntry = async (id: string, entry: { driver: Promise<SourceDriver> }) => {
    const driver = await entry.driver.catch(() => null);
    await driver?.close().catch((e) => deps.logger.warn("datasource pool close failed", { id, error: String(e) }));
  };
  const close = async (id: string) => {
    const entry = drivers.get(id);
    drivers.delete(id);
    if (entry) await closeEntry(id, entry);
  };

  return {
    async get(id) {
      const row = await rows.byId(id);
      if (!row) throw datasourceNotFound(id);
      return toDatasource(row, maskUrl(await clearUrl(row)));
    },
    async driverOf(id) {
      const row = await rows.byId(id);
      if (!row) throw datasourceNotFound(id);
      const datasource = toDatasource(row, maskUrl(await clearUrl(row)));
      const stamp = `${row.updated_at}|${row.upload ?? ""}`;
      let entry = drivers.get(id);
      if (!entry || entry.stamp !== stamp) {
        // replaced before the old pool is closed, so concurrent callers share the new one
        const stale = entry;
        const built = clearUrl(row).then((url) => driverFor(deps.db, datasource, url)).catch(() => {
          throw sourceUnreachable("credentials could not be read");
        });
        entry = { stamp, driver: built };
        drivers.set(id, entry);
        if (stale) void closeEntry(id, stale);
      }
      return { datasource, driver: await entry.driver };
    },
    limitsOf(datasource) {
      const timeout = datasource.options.timeout_ms ?? DEFAULT_TIMEOUT_MS;
      return { timeoutMs: Math.min(MAX_TIMEOUT_MS, Math.max(1, timeout)), rowCap: Math.max(1, datasource.options.row_cap ?? DEFAULT_ROW_CAP) };
    },
    invalidate: close,
    clearUrl,
    async stop() {
      await Promise.all([...drivers.keys()].map(close));
    },
  };
}
