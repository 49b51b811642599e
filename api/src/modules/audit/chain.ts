import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The hash chain's arithmetic. Each row of a chained table carries
 *   hash_n = HMAC-SHA256(key, canonical(table, n, hash_{n-1}, fields))
 * with hash_0 = "". The key is derived from OPS_SECRET_KEY, so someone with only database access
 * cannot recompute hashes after editing, inserting, deleting or reordering rows.
 */
export const CHAINS = ["audit_logs", "login_logs"] as const;
export type ChainName = (typeof CHAINS)[number];

/** Columns that belong to the chain itself, not to the hashed content. */
const CHAIN_COLUMNS = new Set(["seq", "chain_hash"]);

export type ChainHead = {
  chain: ChainName;
  chain_id: string | null;
  seq: number;
  hash: string | null;
  legacy_seq: number;
  legacy_hash: string | null;
  base_seq: number;
  base_hash: string;
  mac: string | null;
};

/**
 * Every column but seq/chain_hash, keys sorted, NULLs left out: a column added later (NULL in old
 * rows) does not change old rows' hashes, and new columns are covered without touching this code.
 * Values are normalised as the store binds them (booleans 0/1, objects as JSON, bigint strings of
 * PostgreSQL as numbers), so the row as inserted and the row as read back serialise the same.
 * Columns added to these tables must be TEXT or INTEGER.
 */
export function canonical(table: string, seq: number, prev: string, row: Record<string, unknown>): string {
  const fields: Array<[string, unknown]> = [];
  for (const key of Object.keys(row).sort()) {
    if (CHAIN_COLUMNS.has(key)) continue;
    const value = normalise(row[key]);
    if (value !== null) fields.push([key, value]);
  }
  return JSON.stringify([table, seq, prev, fields]);
}

function normalise(v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function createChainCrypto(key: string) {
  const mac = (text: string) => createHmac("sha256", key).update(text).digest("hex");
  return {
    rowHash: (table: string, seq: number, prev: string, row: Record<string, unknown>) => mac(canonical(table, seq, prev, row)),
    /** the head is sealed too: rewinding it to hide cut rows needs the key */
    headMac: (h: Omit<ChainHead, "mac">) =>
      mac(JSON.stringify(["head", h.chain, h.chain_id, h.seq, h.hash, h.legacy_seq, h.legacy_hash, h.base_seq, h.base_hash])),
    /** an archive file's header (its rows are covered by their own hashes) */
    headerMac: (header: object) => mac(JSON.stringify(["archive", header])),
    same: (a: string | null | undefined, b: string | null | undefined) =>
      typeof a === "string" && typeof b === "string" && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)),
  };
}
export type ChainCrypto = ReturnType<typeof createChainCrypto>;

/** PostgreSQL returns BIGINT as a string. */
export function toHead(r: Record<string, unknown>): ChainHead {
  return {
    chain: r.chain as ChainName,
    chain_id: (r.chain_id as string | null) ?? null,
    seq: Number(r.seq),
    hash: (r.hash as string | null) ?? null,
    legacy_seq: Number(r.legacy_seq),
    legacy_hash: (r.legacy_hash as string | null) ?? null,
    base_seq: Number(r.base_seq),
    base_hash: String(r.base_hash ?? ""),
    mac: (r.mac as string | null) ?? null,
  };
}
