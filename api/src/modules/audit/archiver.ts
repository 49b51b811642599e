import { conflict } from "@ops/shared";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import type { Logger } from "../../platform/logger.ts";
import { listArchives, readArchive, removeTempFiles, writeArchive, type ArchivedRow } from "./archive-files.ts";
import { CHAINS, type ChainCrypto, type ChainHead, type ChainName } from "./chain.ts";
import { loadHead, type ChainWriter } from "./chain-writer.ts";
import { verifyChain } from "./chain-verify.ts";

const BATCH = 5000;
const DAY = 86_400_000;

export type ArchiveResult = { cutoff: string; tables: Record<ChainName, { rows: number; files: string[] }> };

/**
 * Moves the oldest rows of each chain (a prefix in seq order, all older than the cutoff) into
 * archive files, then deletes them. Per batch, in one transaction holding the head (PostgreSQL:
 * row lock; SQLite: the only connection): write + fsync the file, delete the rows through the
 * archiving bypass, advance the head's base. A crash after the file and before the commit leaves a
 * file starting right after the base: the next run finishes exactly that file (its rows, checked
 * against the live ones) instead of writing another, so nothing is duplicated or lost.
 */
export function createArchiver(deps: { db: Db; clock: Clock; crypto: ChainCrypto; writer: ChainWriter; dir: string; logger?: Logger }) {
  const { db, crypto, dir } = deps;
  let running: Promise<unknown> = Promise.resolve();

  async function archiveChain(chain: ChainName, cutoff: string): Promise<{ rows: number; files: string[] }> {
    removeTempFiles(dir);
    // never launder a broken chain into an archive
    const before = await verifyChain(db, crypto, dir, chain);
    if (before.first_bad) throw conflict("audit.chain_broken", { ...before.first_bad });
    const out = { rows: 0, files: [] as string[] };
    for (;;) {
      const moved = await db.tx(() => archiveBatch(chain, cutoff));
      deps.writer.invalidate(chain);
      if (!moved) return out;
      out.rows += moved.rows;
      out.files.push(moved.file);
    }
  }

  async function archiveBatch(chain: ChainName, cutoff: string): Promise<{ rows: number; file: string } | null> {
    const lock = db.dialect === "postgres" ? " FOR UPDATE" : "";
    const head = await loadLockedHead(chain, lock);
    const pending = listArchives(dir, chain, head.chain_id!).find((f) => f.first === head.base_seq + 1);
    const rows = pending ? await pendingRows(chain, head, pending.name) : await oldRows(chain, head, cutoff);
    if (!rows.length) return null;
    const first = rows[0]!.seq;
    const last = rows.at(-1)!;
    const file = pending?.name ?? writeArchive(dir, crypto, {
      v: 1, chain, chain_id: head.chain_id!, first_seq: first, last_seq: last.seq, prev_hash: head.base_hash, last_hash: last.hash,
      count: rows.length, created_at: deps.clock.now().toISOString(),
    }, rows);
    await deleteArchived(chain, first, last.seq);
    const next = { ...head, base_seq: last.seq, base_hash: last.hash };
    const { mac: _old, ...unsealed } = next;
    const updated = await db.all(
      "UPDATE audit_chain_heads SET base_seq = ?, base_hash = ?, mac = ? WHERE chain = ? AND seq = ? AND base_seq = ? RETURNING chain",
      [last.seq, last.hash, crypto.headMac(unsealed), chain, head.seq, head.base_seq],
    );
    if (!updated.length) throw conflict("audit.chain_busy");
    return { rows: rows.length, file };
  }

  async function loadLockedHead(chain: ChainName, lock: string): Promise<ChainHead> {
    if (lock) await db.run(`SELECT chain FROM audit_chain_heads WHERE chain = ?${lock}`, [chain]);
    const head = await loadHead(db, chain);
    if (!head?.chain_id) throw conflict("audit.chain_broken", { table: chain, reason: "head_unsealed" });
    return head;
  }

  /** the oldest live rows, up to the first one not older than the cutoff, with their chain hashes */
  async function oldRows(chain: ChainName, head: ChainHead, cutoff: string): Promise<ArchivedRow[]> {
    const live = await db.all<Record<string, unknown>>(`SELECT * FROM ${chain} WHERE seq > ? ORDER BY seq LIMIT ?`, [head.base_seq, BATCH]);
    const out: ArchivedRow[] = [];
    let prev = head.base_hash;
    for (const r of live) {
      if (String(r.ts) >= cutoff) break;
      const { seq: rawSeq, chain_hash: stored, ...row } = r;
      const seq = Number(rawSeq);
      const hash = crypto.rowHash(chain, seq, prev, row);
      if (seq !== head.base_seq + out.length + 1 || (stored != null ? stored !== hash : seq > head.legacy_seq)) {
        throw conflict("audit.chain_broken", { table: chain, seq, id: row.id, reason: "hash_mismatch" });
      }
      out.push({ seq, hash, row });
      prev = hash;
    }
    return out;
  }

  /** a file written by a run that did not get to delete its rows: those exact rows must still be live */
  async function pendingRows(chain: ChainName, head: ChainHead, name: string): Promise<ArchivedRow[]> {
    const { rows } = readArchive(dir, name);
    const live = await db.all<Record<string, unknown>>(`SELECT * FROM ${chain} WHERE seq > ? AND seq <= ? ORDER BY seq`, [head.base_seq, rows.at(-1)?.seq ?? 0]);
    let prev = head.base_hash;
    rows.forEach((archived, i) => {
      const r = live[i];
      const hash = r ? crypto.rowHash(chain, Number(r.seq), prev, r) : null;
      if (!r || Number(r.seq) !== archived.seq || hash !== archived.hash) {
        throw conflict("audit.chain_broken", { table: chain, seq: archived.seq, reason: "archive_overlap", archive: name });
      }
      prev = hash;
    });
    return rows;
  }

  /** the one sanctioned way rows leave these tables: the bypass is on only for this delete, inside the transaction */
  async function deleteArchived(chain: ChainName, first: number, last: number): Promise<void> {
    if (db.dialect === "postgres") {
      await db.run("SELECT set_config('ops.audit_archiving', 'on', true)");
      await db.run(`DELETE FROM ${chain} WHERE seq >= ? AND seq <= ?`, [first, last]);
      await db.run("SELECT set_config('ops.audit_archiving', 'off', true)");
      return;
    }
    await db.run("UPDATE audit_archive_guard SET archiving = 1 WHERE id = 1");
    await db.run(`DELETE FROM ${chain} WHERE seq >= ? AND seq <= ?`, [first, last]);
    await db.run("UPDATE audit_archive_guard SET archiving = 0 WHERE id = 1");
  }

  /** one run at a time per process (across nodes the head row lock orders them) */
  function run(olderThanDays: number): Promise<ArchiveResult> {
    const next = running.then(async () => {
      const cutoff = new Date(deps.clock.now().getTime() - olderThanDays * DAY).toISOString();
      const result: ArchiveResult = { cutoff, tables: {} as ArchiveResult["tables"] };
      for (const chain of CHAINS) result.tables[chain] = await archiveChain(chain, cutoff);
      return result;
    });
    running = next.catch(() => undefined);
    return next;
  }

  return {
    run,
    /** at start (after a pause, so it does not compete with startup) and then daily; timers do not keep the process alive */
    schedule(olderThanDays: number, firstDelayMs = 30_000, everyMs = DAY, onRun?: (outcome: ArchiveResult | Error) => void) {
      const tick = () => {
        run(olderThanDays).then(
          (r) => {
            deps.logger?.info("audit archive", { cutoff: r.cutoff, audit_logs: r.tables.audit_logs.rows, login_logs: r.tables.login_logs.rows });
            onRun?.(r);
          },
          (e) => {
            deps.logger?.error("audit archive failed", { err: e });
            onRun?.(e instanceof Error ? e : new Error(String(e)));
          },
        );
      };
      const first = setTimeout(tick, firstDelayMs);
      const daily = setInterval(tick, everyMs);
      first.unref();
      daily.unref();
      return async () => {
        clearTimeout(first);
        clearInterval(daily);
        await running;
      };
    },
  };
}
export type Archiver = ReturnType<typeof createArchiver>;
