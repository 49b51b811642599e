import type { Db } from "../../platform/db/db.ts";
import { listArchives, readArchive } from "./archive-files.ts";
import { CHAINS, createChainCrypto, type ChainCrypto, type ChainHead, type ChainName } from "./chain.ts";
import { loadHead, rowsAfter } from "./chain-writer.ts";

/** Where a chain first breaks: which table, which row (seq and id when known), why, and in which archive file. */
export type BadRow = { table: ChainName; seq: number | null; id: string | null; reason: string; archive?: string };
/** head_hash: kept outside (a ticket, a log) it reveals a rollback of the database and archives together, which the chain alone cannot */
export type ChainReport = { checked: number; archived: number; head_seq: number; head_hash: string | null; first_bad: BadRow | null };
export type VerifyReport = { ok: boolean; checked: number; first_bad: BadRow | null; tables: Record<ChainName, ChainReport> };

/**
 * Recomputes both chains from the first archived row to the head: archives in order, then the
 * live rows. Reasons: head_missing/head_unsealed/head_tampered, archive_* (file missing, altered
 * or out of order), missing_row (a gap: deleted), out_of_order (seq went backwards), hash_mismatch
 * (edited, or inserted with a made-up hash), legacy_altered (a row from before the chain changed),
 * unchained_row (inserted without a chain position), truncated (rows after the last one present
 * are gone), beyond_head (a row the head does not know).
 */
export async function verifyChains(db: Db, crypto: ChainCrypto, archiveDir: string): Promise<VerifyReport> {
  const tables = {} as Record<ChainName, ChainReport>;
  let checked = 0;
  let firstBad: BadRow | null = null;
  for (const chain of CHAINS) {
    const report = await verifyChain(db, crypto, archiveDir, chain);
    tables[chain] = report;
    checked += report.checked;
    firstBad ??= report.first_bad;
  }
  return { ok: firstBad === null, checked, first_bad: firstBad, tables };
}

export async function verifyChain(db: Db, crypto: ChainCrypto, archiveDir: string, chain: ChainName): Promise<ChainReport> {
  const head = await loadHead(db, chain);
  let walk: Walk | undefined;
  const bad = (reason: string, seq: number | null = null, id: string | null = null, archive?: string): ChainReport => ({
    checked: walk?.checked ?? 0, archived: walk?.archived ?? 0, head_seq: head?.seq ?? 0, head_hash: head?.hash ?? null,
    first_bad: { table: chain, seq, id, reason, ...(archive ? { archive } : {}) },
  });
  if (!head) return bad("head_missing");
  if (!head.mac || !head.chain_id) return bad("head_unsealed");
  const { mac, ...unsealed } = head;
  if (!crypto.same(crypto.headMac(unsealed), mac)) return bad("head_tampered");
  walk = new Walk(chain, head, crypto);

  // archives: seq 1 .. base_seq (a file past the base is one whose rows were not deleted yet: a crash)
  const pending = new Map<number, string>();
  for (const file of listArchives(archiveDir, chain, head.chain_id)) {
    let content: ReturnType<typeof readArchive>;
    try {
      content = readArchive(archiveDir, file.name);
    } catch {
      return bad("archive_unreadable", file.first, null, file.name);
    }
    const { header, rows } = content;
    if (!crypto.same(crypto.headerMac(header), content.mac) || header.first_seq !== file.first || header.last_seq !== file.last || header.count !== rows.length) {
      return bad("archive_header_tampered", file.first, null, file.name);
    }
    if (file.first !== walk.expected || header.prev_hash !== walk.prev) {
      return bad(file.first > walk.expected ? "archive_missing" : "archive_overlap", walk.expected, null, file.name);
    }
    for (const r of rows) {
      const problem = walk.step(r.seq, r.row, r.hash, false);
      if (problem) return bad(problem, r.seq, String(r.row.id ?? ""), file.name);
      walk.archived++;
      if (r.seq > head.base_seq) pending.set(r.seq, r.hash);
    }
    if (walk.prev !== header.last_hash || walk.expected - 1 !== file.last) return bad("archive_header_tampered", file.last, null, file.name);
  }
  const archivedTo = walk.expected - 1;
  if (archivedTo < head.base_seq) return bad("archive_missing", archivedTo + 1);
  if (archivedTo === head.base_seq && walk.prev !== head.base_hash) return bad("archive_mismatch", archivedTo);

  // live rows, from the base on; rows also in a pending archive must be the same rows
  walk.rewind(head.base_seq, head.base_hash);
  for await (const row of rowsAfter(db, chain, head.base_seq)) {
    const seq = Number(row.seq);
    const problem = walk.step(seq, row, (row.chain_hash as string | null) ?? null, true);
    if (problem) return bad(problem, problem === "missing_row" ? walk.expected : seq, String(row.id));
    if (pending.has(seq) && pending.get(seq) !== walk.prev) return bad("archive_overlap", seq, String(row.id));
  }
  if (walk.expected - 1 < head.seq) return bad("truncated", walk.expected);
  if (walk.expected - 1 > head.seq) return bad("beyond_head", walk.expected - 1);
  if (walk.prev !== (head.hash ?? "")) return bad("head_mismatch", head.seq);
  const stray = await db.get<{ id: string }>(`SELECT id FROM ${chain} WHERE seq IS NULL OR seq < 1 LIMIT 1`);
  if (stray) return bad("unchained_row", null, stray.id);
  return { checked: walk.checked, archived: walk.archived, head_seq: head.seq, head_hash: head.hash, first_bad: null };
}

/** One pass along a chain: the next seq expected and the hash before it. */
class Walk {
  expected = 1;
  prev = "";
  checked = 0;
  archived = 0;
  constructor(private readonly chain: ChainName, private readonly head: ChainHead, private readonly crypto: ChainCrypto) {}

  rewind(seq: number, hash: string) {
    this.expected = seq + 1;
    this.prev = hash;
  }

  /** null when the row continues the chain, else the reason it does not */
  step(seq: number, row: Record<string, unknown>, stored: string | null, live: boolean): string | null {
    if (seq > this.expected) return "missing_row";
    if (seq < this.expected) return "out_of_order";
    if (live && seq > this.head.seq) return "beyond_head";
    const hash = this.crypto.rowHash(this.chain, seq, this.prev, row);
    if (stored === null) {
      // rows from before the chain have no stored hash; their block is checked at its end
      if (!live || seq > this.head.legacy_seq) return "unchained_row";
    } else if (!this.crypto.same(stored, hash)) {
      return "hash_mismatch";
    }
    if (seq === this.head.legacy_seq && this.head.legacy_hash !== null && hash !== this.head.legacy_hash) return "legacy_altered";
    this.prev = hash;
    this.expected++;
    this.checked++;
    return null;
  }
}

/** For tools outside a running system (scripts/audit-verify.ts): the same check from a store, a key and the archive directory. */
export function verifyAuditChains(db: Db, chainKey: string, archiveDir: string): Promise<VerifyReport> {
  return verifyChains(db, createChainCrypto(chainKey), archiveDir);
}
