import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import { addMs, iso } from "../../../platform/clock.ts";
import type { ConfigDeps } from "../config.deps.ts";
import { TABLE_SELECT, toTable, type ConfigWriteGate, type TableRow } from "../data/index.ts";

const DAY = 86_400_000;
const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/**
 * History pruning per keep_history_days: versions older than that go, except the newest and every version a
 * release carries (asked of release/). A pruned version's record snapshots stay while a kept version still reads
 * them (its state, or its diff against the version before): snapshot (key, p) is needed when a kept version k
 * has p ≤ k ≤ q, q being the key's next snapshot.
 */
export function createPrune(deps: Pick<ConfigDeps, "db" | "clock" | "logger">, gate: () => ConfigWriteGate | undefined) {
  const { db, clock } = deps;
  return async function prune(table: ConfigTable): Promise<number> {
    if (!table.keep_history_days) return 0;
    const cutoff = iso(addMs(clock.now(), -table.keep_history_days * DAY));
    const versions = await db.all<{ version: number | string; created_at: string }>("SELECT version, created_at FROM config_versions WHERE table_id = ? ORDER BY version", [table.id]);
    if (versions.length < 2) return 0;
    const newest = Number(versions[versions.length - 1]!.version);
    const released = new Set((await gate()?.releasedVersions?.(table)) ?? []);
    const pruned = versions.filter((v) => v.created_at < cutoff && Number(v.version) !== newest && !released.has(Number(v.version))).map((v) => Number(v.version));
    if (!pruned.length) return 0;
    const gone = new Set(pruned);
    const kept = versions.map((v) => Number(v.version)).filter((v) => !gone.has(v));
    const snaps = await db.all<{ record_key: string; version: number | string }>(
      "SELECT record_key, version FROM config_record_versions WHERE table_id = ? ORDER BY record_key, version", [table.id],
    );
    const drop: Array<[string, number]> = [];
    for (const [i, s] of snaps.entries()) {
      const p = Number(s.version);
      if (!gone.has(p)) continue;
      const next = snaps[i + 1]?.record_key === s.record_key ? Number(snaps[i + 1]!.version) : Infinity;
      if (!kept.some((k) => k >= p && k <= next)) drop.push([s.record_key, p]);
    }
    await db.tx(async () => {
      for (let i = 0; i < pruned.length; i += 500) {
        const part = pruned.slice(i, i + 500);
        await db.run(`DELETE FROM config_versions WHERE table_id = ? AND version IN (${marks(part.length)})`, [table.id, ...part]);
      }
      for (const [key, v] of drop) await db.run("DELETE FROM config_record_versions WHERE table_id = ? AND record_key = ? AND version = ?", [table.id, key, v]);
    });
    return pruned.length;
  };
}

/**
 * The daily pass (scheduler role): every live table with keep_history_days is pruned, so a table nobody writes
 * again still loses its old history. Returns how many versions went.
 */
export async function pruneAll(db: ConfigDeps["db"], prune: (table: ConfigTable) => Promise<number>, logger?: ConfigDeps["logger"]): Promise<number> {
  const rows = await db.all<TableRow>(`SELECT ${TABLE_SELECT} FROM config_tables t WHERE t.deleted_at IS NULL AND t.keep_history_days IS NOT NULL ORDER BY t.name`);
  let pruned = 0;
  for (const row of rows) {
    try {
      pruned += await prune(toTable(row));
    } catch (e) {
      // one table's failure does not stop the others
      logger?.error("config history pruning failed", { err: e, table: row.name });
    }
  }
  return pruned;
}
