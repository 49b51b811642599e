import type { Db } from "../../../platform/db/db.ts";
import type { Lookups } from "../validation/index.ts";

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** The store's answers the batch check needs (users, uploads, other tables' keys). */
export function storeLookups(db: Db): Lookups {
  return {
    async activeUsers(ids) {
      const rows = await db.all<{ id: string }>(`SELECT id FROM users WHERE id IN (${marks(ids.length)}) AND status = 'active' AND deleted_at IS NULL`, ids);
      return new Set(rows.map((r) => r.id));
    },
    async uploads(tableId, keys) {
      const rows = await db.all<{ key: string }>(`SELECT key FROM config_uploads WHERE table_id = ? AND key IN (${marks(keys.length)})`, [tableId, ...keys]);
      return new Set(rows.map((r) => r.key));
    },
    async referenceKeys(table) {
      const rows = await db.all<{ record_key: string }>(
        "SELECT r.record_key FROM config_records r JOIN config_tables t ON t.id = r.table_id WHERE t.name = ? AND t.deleted_at IS NULL", [table],
      );
      return new Set(rows.map((r) => r.record_key));
    },
  };
}
