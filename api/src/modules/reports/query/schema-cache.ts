import type { SourceTable } from "@ops/shared/contracts/reports.ts";
import type { SourceDriver } from "../ports.ts";

/** Listing a schema is slow on big databases: kept per datasource for a short while (builders save and run often). */
const TTL_MS = 60_000;

export type SchemaCache = {
  tables(datasourceId: string, driver: SourceDriver): Promise<SourceTable[]>;
  /** a datasource changed or went away */
  forget(datasourceId: string): void;
};

export function createSchemaCache(now: () => number = Date.now): SchemaCache {
  const entries = new Map<string, { at: number; driver: SourceDriver; tables: Promise<SourceTable[]> }>();
  return {
    tables(id, driver) {
      const hit = entries.get(id);
      // a changed datasource gets a new driver from the registry: its old listing is not used
      if (hit && hit.driver === driver && now() - hit.at < TTL_MS) return hit.tables;
      const tables = driver.tables();
      entries.set(id, { at: now(), driver, tables });
      // a failed listing is not kept
      tables.catch(() => entries.delete(id));
      return tables;
    },
    forget: (id) => void entries.delete(id),
  };
}
