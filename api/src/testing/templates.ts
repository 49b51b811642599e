import { SQL } from "bun";
import { createHash } from "node:crypto";

/**
 * PostgreSQL template databases for the test harness: a migrated and seeded database is built once per (run, kind of
 * system, ten-minute window) and every test system of that kind starts on a file copy of it
 * (`CREATE DATABASE … TEMPLATE …`), so migrations, the permission catalog, the admin's and demo users' password hashes
 * and the demo seeders do not run again for every system (7–8 s each on the two-core box).
 *
 * Names: `ops_tpl_<run>_<kind>_<window>`. <run> is given by the vitest global setup (api/src/testing/global-setup.ts,
 * which drops the run's templates at its end and sweeps leftovers older than a day: <run> starts with its start time in
 * base-36 seconds). <kind> hashes what shapes the seeded rows (demo flag, demo seeder set). <window> bounds a
 * template's age: the demo's history is "the last two weeks" relative to the clock it was seeded with, and the copy's
 * test clock starts at that same instant (see harness.ts), so the copy is exactly what a fresh build then would be; the
 * window keeps that instant within ten minutes of the wall clock.
 */

export const PG_ADMIN_URL = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEMPLATE_PREFIX = "ops_tpl_";
const WINDOW_MS = 10 * 60_000;
const dbUrl = (name: string) => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);

/** A run id: its start (base-36 seconds, for the leftover sweep) and a random part (runs on one server at once). */
export function newRunId(now = Date.now()): string {
  return `${Math.floor(now / 1000).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The run's start in ms, read back from a template's name; null when the name is not one of ours. */
export function runStartOf(templateName: string): number | null {
  const m = /^ops_tpl_([0-9a-z]+)_/.exec(templateName);
  if (!m || m[1]!.length < 5) return null;
  const seconds = parseInt(m[1]!.slice(0, -4), 36);
  return Number.isFinite(seconds) ? seconds * 1000 : null;
}

export type TemplateBuild = (url: string, seededAt: Date) => Promise<void>;

/**
 * A copy of the template of this kind under `name` (built first when this window has none yet, under an advisory lock
 * so concurrent workers build it once). Returns the instant the template was seeded at: the copy's clock starts there.
 */
export async function copyFromTemplate(run: string, kind: string, name: string, build: TemplateBuild): Promise<Date> {
  const window = Math.floor(Date.now() / WINDOW_MS);
  const tpl = `${TEMPLATE_PREFIX}${run}_${createHash("sha256").update(kind).digest("hex").slice(0, 10)}_${window.toString(36)}`;
  const admin = new SQL({ url: PG_ADMIN_URL, max: 1 });
  try {
    let seededAt = await seededAtOf(admin, tpl);
    if (!seededAt) {
      await admin.unsafe("SELECT pg_advisory_lock(hashtext($1))", [tpl]);
      try {
        seededAt = (await seededAtOf(admin, tpl)) ?? (await buildTemplate(admin, tpl, build));
      } finally {
        await admin.unsafe("SELECT pg_advisory_unlock(hashtext($1))", [tpl]);
      }
    }
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
    return seededAt;
  } finally {
    await admin.close();
  }
}

/** The template's seeding instant (kept as the database's comment, set last: a template without one is not ready). */
async function seededAtOf(admin: SQL, tpl: string): Promise<Date | null> {
  const rows = (await admin.unsafe("SELECT shobj_description(oid, 'pg_database') AS at FROM pg_database WHERE datname = $1", [tpl])) as Array<{ at: string | null }>;
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

async function buildTemplate(admin: SQL, tpl: string, build: TemplateBuild): Promise<Date> {
  // a build that failed half-way in an earlier attempt left a database without its comment
  await admin.unsafe(`DROP DATABASE IF EXISTS ${tpl} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${tpl}`);
  const seededAt = new Date();
  try {
    await build(dbUrl(tpl), seededAt);
    // a template must have no sessions when it is copied; the built system's pool may still be closing its sockets
    await admin.unsafe("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [tpl]);
    await admin.unsafe(`COMMENT ON DATABASE ${tpl} IS '${seededAt.toISOString()}'`);
  } catch (e) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${tpl} WITH (FORCE)`);
    throw e;
  }
  return seededAt;
}

/** Drops templates: this run's (`run`), or every one whose run started before `olderThan` (the leftover sweep). */
export async function dropTemplates(which: { run: string } | { olderThan: number }): Promise<string[]> {
  const admin = new SQL({ url: PG_ADMIN_URL, max: 1 });
  try {
    const rows = (await admin.unsafe("SELECT datname FROM pg_database WHERE datname LIKE 'ops\\_tpl\\_%'")) as Array<{ datname: string }>;
    const names = rows.map((r) => r.datname).filter((n) => {
      if ("run" in which) return n.startsWith(`${TEMPLATE_PREFIX}${which.run}_`);
      const started = runStartOf(n);
      return started !== null && started < which.olderThan;
    });
    for (const n of names) await admin.unsafe(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    return names;
  } finally {
    await admin.close();
  }
}
