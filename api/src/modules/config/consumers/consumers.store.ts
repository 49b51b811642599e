import type { Page } from "@ops/shared";
import type { ConfigConsumer } from "@ops/shared/contracts/config.ts";
import { iso } from "../../../platform/clock.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, paginate, type ListQuery } from "../../../platform/db/query.ts";

type Row = {
  table_name: string; name: string; labels: string; release_no: number | string; version: number | string;
  address: string; token_id: string | null; last_seen_at: string;
};

const toConsumer = (r: Row): ConfigConsumer => ({
  name: r.name, labels: JSON.parse(r.labels) as string[], table: r.table_name, release: Number(r.release_no), version: Number(r.version),
  address: r.address, token_id: r.token_id, last_seen_at: r.last_seen_at,
});

export type Sighting = { table: string; name: string; labels: string[]; release: number; version: number; address: string; tokenId: string | null };

/**
 * Who reads which release. A consumer's row is written when its release (or labels) changed, else at
 * most once per `everyMs` per consumer and table in this process: a long-polling consumer comes back
 * every ~30 s and 10k of them must not mean a write per request.
 */
export function createConsumerStore(db: Db, clock: Clock, everyMs: number) {
  const last = new Map<string, { at: number; stamp: string }>();
  return {
    async seen(s: Sighting): Promise<void> {
      const key = `${s.table}\u0000${s.name}`;
      const stamp = `${s.release}:${s.version}:${s.labels.join(",")}:${s.address}`;
      const now = clock.now().getTime();
      const prev = last.get(key);
      if (prev && prev.stamp === stamp && now - prev.at < everyMs) return;
      if (last.size >= 50_000) last.clear();
      last.set(key, { at: now, stamp });
      await db.run(
        `INSERT INTO config_consumers (table_name, name, labels, release_no, version, address, token_id, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (table_name, name) DO UPDATE SET labels = excluded.labels, release_no = excluded.release_no, version = excluded.version,
           address = excluded.address, token_id = excluded.token_id, last_seen_at = excluded.last_seen_at`,
        [s.table, s.name, JSON.stringify(s.labels), s.release, s.version, s.address, s.tokenId, iso(new Date(now))],
      );
    },
    list(table: string, query: ListQuery & { release?: number }): Promise<Page<ConfigConsumer>> {
      const where = new Where().add("table_name = ?", table);
      if (query.release !== undefined) where.add("release_no = ?", query.release);
      return paginate<Row, ConfigConsumer>(db, {
        select: "table_name, name, labels, release_no, version, address, token_id, last_seen_at", from: "config_consumers", where, query,
        sortable: { last_seen_at: "last_seen_at", name: "name", release: "release_no" }, defaultSort: "last_seen_at DESC, name", map: toConsumer,
      });
    },
  };
}
