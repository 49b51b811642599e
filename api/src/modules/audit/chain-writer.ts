import type { Db } from "../../platform/db/db.ts";
import { newId } from "../../platform/crypto.ts";
import { CHAINS, toHead, type ChainCrypto, type ChainHead, type ChainName } from "./chain.ts";

const BATCH = 1000;
const MAX_ATTEMPTS = 200;

export async function loadHead(db: Db, chain: ChainName): Promise<ChainHead | undefined> {
  const r = await db.get<Record<string, unknown>>("SELECT * FROM audit_chain_heads WHERE chain = ?", [chain]);
  return r ? toHead(r) : undefined;
}

/** Rows of a chained table in seq order, after `after`, a batch at a time (memory stays flat). */
export async function* rowsAfter(db: Db, table: ChainName, after: number, upTo = Number.MAX_SAFE_INTEGER) {
  let last = after;
  for (;;) {
    const rows = await db.all<Record<string, unknown>>(`SELECT * FROM ${table} WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`, [last, upTo, BATCH]);
    for (const r of rows) yield r;
    if (rows.length < BATCH) return;
    last = Number(rows.at(-1)!.seq);
  }
}

/**
 * Appends rows to the chains. Each append is one compare-and-set on the head row together with
 * the insert: on PostgreSQL a single statement (the head UPDATE in a CTE gates the INSERT), on
 * SQLite the two statements in one transaction. Appends of this process queue behind each other
 * and reuse the head they last wrote, so the common case costs no read; a head moved by another
 * node (or by the archiver) fails the compare, and the append re-reads the head and tries again.
 * Row locks on the head make concurrent appenders wait for each other, so the chain stays linear.
 */
export function createChainWriter(db: Db, crypto: ChainCrypto) {
  const cached = new Map<ChainName, ChainHead>();
  const queues = new Map<ChainName, Promise<unknown>>();
  let sealed: Promise<void> | null = null;

  /**
   * Rows from before the chain existed were numbered by the migration but have no hashes (SQL
   * has no key). The first start computes the chain over them and keeps only its end
   * (legacy_hash) in the sealed head; they are checked as a block from then on.
   */
  async function seal(): Promise<void> {
    for (const chain of CHAINS) {
      const head = await loadHead(db, chain);
      if (!head || head.mac) continue;
      let prev = "";
      for await (const row of rowsAfter(db, chain, 0, head.legacy_seq)) prev = crypto.rowHash(chain, Number(row.seq), prev, row);
      const next = { ...head, chain_id: newId(), hash: prev, legacy_hash: prev };
      // only one node seals: the others find mac set and use the sealed head
      await db.run("UPDATE audit_chain_heads SET chain_id = ?, hash = ?, legacy_hash = ?, mac = ? WHERE chain = ? AND mac IS NULL", [
        next.chain_id, prev, prev, crypto.headMac(next), chain,
      ]);
    }
  }
  const ready = () => (sealed ??= seal().catch((e) => {
    sealed = null;
    throw e;
  }));

  async function tryAppend(table: ChainName, head: ChainHead, row: Record<string, unknown>): Promise<ChainHead | null> {
    const seq = head.seq + 1;
    const hash = crypto.rowHash(table, seq, head.hash ?? "", row);
    const next = { ...head, seq, hash };
    const mac = crypto.headMac(next);
    const cols = Object.keys(row);
    const values = cols.map((c) => row[c]);
    const cas = "UPDATE audit_chain_heads SET seq = ?, hash = ?, mac = ? WHERE chain = ? AND seq = ? AND hash = ? AND base_seq = ?";
    const casParams = [seq, hash, mac, table, head.seq, head.hash, head.base_seq];
    const colList = [...cols, "seq", "chain_hash"].join(", ");
    if (db.dialect === "postgres") {
      const rows = await db.all(
        `WITH h AS (${cas} RETURNING 1) INSERT INTO ${table} (${colList}) SELECT ${[...cols, "", ""].map(() => "?").join(", ")} FROM h RETURNING seq`,
        [...casParams, ...values, seq, hash],
      );
      return rows.length ? { ...next, mac } : null;
    }
    return db.tx(async () => {
      const moved = await db.all(`${cas} RETURNING seq`, casParams);
      if (!moved.length) return null;
      await db.run(`INSERT INTO ${table} (${colList}) VALUES (${[...cols, "", ""].map(() => "?").join(", ")})`, [...values, seq, hash]);
      return { ...next, mac };
    });
  }

  async function appendNow(table: ChainName, row: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = cached.get(table) ?? (await loadHead(db, table));
      if (!head) throw new Error(`no chain head for ${table}`);
      cached.delete(table);
      const written = await tryAppend(table, head, row);
      if (written) {
        // inside a caller's transaction the write may still roll back: do not trust it as a cache
        if (!db.inTx()) cached.set(table, written);
        return;
      }
    }
    throw new Error(`audit chain ${table}: head kept moving, gave up after ${MAX_ATTEMPTS} attempts`);
  }

  return {
    ready,
    /** forget the cached head (after the archiver moved the base) */
    invalidate: (table: ChainName) => cached.delete(table),
    async append(table: ChainName, row: Record<string, unknown>): Promise<void> {
      await ready();
      // Inside a transaction (SQLite: holding the connection) queueing behind other appends
      // could wait on ourselves; the compare-and-set alone keeps it correct there.
      if (db.inTx()) return appendNow(table, row);
      const run = (queues.get(table) ?? Promise.resolve()).then(() => appendNow(table, row));
      queues.set(table, run.catch(() => undefined));
      return run;
    },
  };
}
export type ChainWriter = ReturnType<typeof createChainWriter>;
