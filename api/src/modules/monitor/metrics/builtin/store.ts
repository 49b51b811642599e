/** The store's size (cluster): SQLite page_count × page_size, PostgreSQL pg_database_size of the current database. */
import type { Db } from "../../../../platform/db/db.ts";
import type { MetricsPort } from "../../../../platform/observability.ts";

export async function storeSizeBytes(db: Db): Promise<number> {
  if (db.dialect === "postgres") {
    const row = await db.get<{ size: unknown }>("SELECT pg_database_size(current_database()) AS size");
    return Number(row?.size ?? 0);
  }
  const pages = await db.get<{ page_count: unknown }>("PRAGMA page_count");
  const size = await db.get<{ page_size: unknown }>("PRAGMA page_size");
  return Number(pages?.page_count ?? 0) * Number(size?.page_size ?? 0);
}

export function storeMetrics(port: MetricsPort, db: Db) {
  port.collect(
    {
      name: "store.size_bytes", kind: "gauge", scope: "cluster", unit: "bytes", module: "store",
      title: { "zh-CN": "数据库大小", en: "Store size" },
      help: { "zh-CN": "数据库占用的字节数（SQLite 页数×页大小；PostgreSQL pg_database_size）", en: "Bytes the store takes (SQLite page_count × page_size; PostgreSQL pg_database_size)" },
    },
    async () => [{ value: await storeSizeBytes(db) }],
  );
}
