import type { Db } from "../platform/db/db.ts";
import type { Clock } from "../platform/clock.ts";
import type { Logger } from "../platform/logger.ts";
import type { SecretBox } from "../platform/crypto.ts";
import type { AuditService } from "../modules/audit/index.ts";
import type { Notify } from "../modules/notify/index.ts";
import type { Iam } from "../modules/iam/index.ts";

/** What a demo seeder may use: the store and the modules' services (so hashes, triggers and caches stay right). */
export type DemoContext = {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  iam: Iam;
  audit: AuditService;
  notify: Notify;
};

/**
 * One capability's demo rows. `order` places it among the others (the company is 10, its
 * activity 20; a later capability takes 100 and up and may rely on the company's users).
 * A seeder runs once per database: the names that ran are kept in `settings` (`demo.seeded`).
 */
export type DemoSeeder = {
  name: string;
  order: number;
  seed(ctx: DemoContext): Promise<void>;
};

const MARKER_KEY = "demo.seeded";

/**
 * The ordered demo seeders of one process. The composition root (system.ts) registers the core
 * ones and every capability's own, so no capability edits another's seeder.
 */
export function createDemoRegistry() {
  const seeders: DemoSeeder[] = [];

  function register(seeder: DemoSeeder): void {
    if (seeders.some((s) => s.name === seeder.name)) throw new Error(`demo seeder ${seeder.name} is registered twice`);
    seeders.push(seeder);
  }

  /** The seeders by order (registration order among equals). */
  function list(): DemoSeeder[] {
    return seeders.map((s, i) => ({ s, i })).sort((a, b) => a.s.order - b.s.order || a.i - b.i).map((x) => x.s);
  }

  /**
   * Runs every seeder not yet run on this database (`only`: just these names, for tests that
   * need a small fixed set). Returns the names that ran now.
   */
  async function run(ctx: DemoContext, only?: readonly string[]): Promise<string[]> {
    const done = await loadMarker(ctx.db);
    const ran: string[] = [];
    for (const seeder of list()) {
      if (done[seeder.name] || (only && !only.includes(seeder.name))) continue;
      await seeder.seed(ctx);
      done[seeder.name] = ctx.clock.now().toISOString();
      await saveMarker(ctx, done);
      ran.push(seeder.name);
      ctx.logger.info("demo data seeded", { seeder: seeder.name });
    }
    return ran;
  }

  return { register, list, run };
}

export type DemoRegistry = ReturnType<typeof createDemoRegistry>;

async function loadMarker(db: Db): Promise<Record<string, string>> {
  const row = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [MARKER_KEY]);
  if (!row) return {};
  try {
    return JSON.parse(row.value) as Record<string, string>;
  } catch {
    return {};
  }
}

async function saveMarker(ctx: DemoContext, done: Record<string, string>): Promise<void> {
  await ctx.db.run(
    "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, NULL) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    [MARKER_KEY, JSON.stringify(done), ctx.clock.now().toISOString()],
  );
}
