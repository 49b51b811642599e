import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";

/**
 * Where each detector stopped reading (a log's chain `seq`, or the time of the last hourly check), kept in the store
 * so a restart neither counts an event twice nor raises it again. A range is claimed before it is looked at
 * (compare-and-set from the position read): were two schedulers running, each event would still be counted once.
 */
export function createCursors(db: Db, clock: Clock) {
  return {
    async get(name: string): Promise<number | null> {
      const row = await db.get<{ position: number | string }>("SELECT position FROM monitor_cursors WHERE name = ?", [name]);
      return row ? Number(row.position) : null;
    },
    /** Moves the cursor from `from` (null: none yet) to `to`; false when another process moved it first. */
    async claim(name: string, from: number | null, to: number): Promise<boolean> {
      const at = clock.now().toISOString();
      if (from === null) {
        const rows = await db.all("INSERT INTO monitor_cursors (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING name", [name, to, at]);
        return rows.length > 0;
      }
      const rows = await db.all("UPDATE monitor_cursors SET position = ?, updated_at = ? WHERE name = ? AND position = ? RETURNING name", [to, at, name, from]);
      return rows.length > 0;
    },
  };
}

export type Cursors = ReturnType<typeof createCursors>;

/**
 * Reads a chained log (login_logs, audit_logs) after the cursor, a batch at a time, claiming each batch before handing
 * it over. A first start begins `lookbackMs` back: history from before the detectors existed raises nothing old.
 */
export async function readNew<T extends { seq: number | string }>(
  db: Db, cursors: Cursors, o: { name: string; table: string; columns: string; lookbackFrom: string; batch: number },
  handle: (rows: T[]) => Promise<void>,
): Promise<void> {
  let from = await cursors.get(o.name);
  if (from === null) {
    const start = await db.get<{ seq: number | string | null }>(`SELECT MAX(seq) AS seq FROM ${o.table} WHERE ts < ?`, [o.lookbackFrom]);
    const position = Number(start?.seq ?? 0);
    if (!(await cursors.claim(o.name, null, position))) return;
    from = position;
  }
  for (;;) {
    const rows: T[] = await db.all<T>(`SELECT seq, ${o.columns} FROM ${o.table} WHERE seq > ? ORDER BY seq LIMIT ?`, [from, o.batch]);
    if (rows.length === 0) return;
    const to: number = Number(rows.at(-1)!.seq);
    if (!(await cursors.claim(o.name, from, to))) return;
    await handle(rows);
    if (rows.length < o.batch) return;
    from = to;
  }
}
