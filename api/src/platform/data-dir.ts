import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * OPS_DATA_DIR holds the database, its WAL and shared-memory files and the generated secret key:
 * nobody but the service's own user may read it. Modes are set explicitly (not left to the
 * umask, which is often 022): directories 0700, files 0600, and looser modes found at start
 * (a data dir from an older version, a key copied in by hand) are tightened.
 */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates the directory if needed and tightens it and everything inside it. */
export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  tighten(dir);
}

function tighten(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (e) {
    // Gone since the directory was listed (a temp file renamed by its writer): nothing to tighten.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  // Symlinks point elsewhere (a mounted volume, a shared file): not ours to change.
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== DIR_MODE) chmodIfPresent(path, DIR_MODE);
    for (const name of readdirSafe(path)) tighten(join(path, name));
  } else if (stat.isFile() && (stat.mode & 0o077) !== 0) {
    chmodIfPresent(path, FILE_MODE);
  }
}

function chmodIfPresent(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

/**
 * Makes sure a file exists with mode 0600 before a library opens it. SQLite gives the -wal and
 * -shm files it creates the database file's mode, so a 0600 ops.db keeps them private too.
 */
export function ensurePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, "a", FILE_MODE));
  chmodSync(path, FILE_MODE);
}

/** Writes a new private file (0600 whatever the umask). */
export function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: FILE_MODE });
  chmodSync(path, FILE_MODE);
}
