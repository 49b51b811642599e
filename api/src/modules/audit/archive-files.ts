import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { ChainCrypto, ChainName } from "./chain.ts";

/**
 * Archive files: gzip'd JSON lines in OPS_DATA_DIR/audit-archive (dir 0700, files 0600). Line 1 is
 * the header (which chain and database, seq range, the hash before the first row and of the last,
 * sealed with the chain key); then one `{seq, hash, row}` per row. Files chain to each other by
 * prev_hash/last_hash and to the live table through the head's base. The chain id in the name
 * keeps archives of another database (a re-created one, a test) out of this one's chain.
 */
export type ArchiveHeader = {
  v: 1;
  chain: ChainName;
  chain_id: string;
  first_seq: number;
  last_seq: number;
  prev_hash: string;
  last_hash: string;
  count: number;
  created_at: string;
};
export type ArchivedRow = { seq: number; hash: string; row: Record<string, unknown> };
export type ArchiveFile = { name: string; header: ArchiveHeader; mac: string };

const pad = (n: number) => String(n).padStart(12, "0");
const NAME = /^(audit_logs|login_logs)\.([\w-]+)\.(\d{12})-(\d{12})\.jsonl\.gz$/;

export function archiveName(chain: ChainName, chainId: string, first: number, last: number): string {
  return `${chain}.${chainId}.${pad(first)}-${pad(last)}.jsonl.gz`;
}

/** This chain's files in seq order (headers only read when asked). */
export function listArchives(dir: string, chain: ChainName, chainId: string): Array<{ name: string; first: number; last: number }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter(({ m }) => m && m[1] === chain && m[2] === chainId)
    .map(({ name, m }) => ({ name, first: Number(m![3]), last: Number(m![4]) }))
    .sort((a, b) => a.first - b.first || a.last - b.last);
}

export function readArchive(dir: string, name: string): { header: ArchiveHeader; mac: string; rows: ArchivedRow[] } {
  const lines = gunzipSync(readFileSync(join(dir, name))).toString("utf8").split("\n").filter(Boolean);
  const { mac, ...header } = JSON.parse(lines[0]!) as ArchiveHeader & { mac: string };
  return { header, mac, rows: lines.slice(1).map((l) => JSON.parse(l) as ArchivedRow) };
}

/**
 * Writes a file so that it is either complete or absent after a crash: temp file, fsync, rename,
 * fsync of the directory. Only then may the rows leave the database.
 */
export function writeArchive(dir: string, crypto: ChainCrypto, header: ArchiveHeader, rows: ArchivedRow[]): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const name = archiveName(header.chain, header.chain_id, header.first_seq, header.last_seq);
  const body = [JSON.stringify({ ...header, mac: crypto.headerMac(header) }), ...rows.map((r) => JSON.stringify(r))].join("\n");
  const tmp = join(dir, `${name}.tmp`);
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, gzipSync(Buffer.from(`${body}\n`)));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  const dirFd = openSync(dir, "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return name;
}

/** Leftovers of a write that crashed before its rename: never part of the chain. */
export function removeTempFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name.endsWith(".jsonl.gz.tmp")) rmSync(join(dir, name), { force: true });
}
