import { z } from "@hono/zod-openapi";
import type { Actor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";

/** Security settings, editable at run time (PUT /api/v1/settings/security); defaults below. */
export const securitySettingsSchema = z.object({
  password_min_length: z.number().int().min(6).max(128).default(8),
  password_min_classes: z.number().int().min(1).max(4).default(3),
  password_history: z.number().int().min(0).max(24).default(5),
  password_expiry_days: z.number().int().min(0).max(3650).default(90),
  lockout_threshold: z.number().int().min(1).max(100).default(5),
  lockout_minutes: z.number().int().min(1).max(1440).default(15),
  access_token_minutes: z.number().int().min(1).max(1440).default(15),
  refresh_token_days: z.number().int().min(1).max(90).default(7),
  idle_timeout_minutes: z.number().int().min(1).max(10080).default(30),
  max_sessions_per_user: z.number().int().min(1).max(100).default(5),
  login_rate_per_minute: z.number().int().min(1).max(1000).default(20),
});

export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const DEFAULT_SECURITY: SecuritySettings = securitySettingsSchema.parse({});

/**
 * PUT body: the same rules with no defaults, every field optional, unknown keys refused.
 * Without defaults an omitted field keeps its current value instead of falling back silently.
 */
export const securitySettingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(securitySettingsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
    ) as { [K in keyof SecuritySettings]: z.ZodOptional<z.ZodNumber> },
  )
  .strict();

/** password_history at most, kept per user: older rows can never matter. */
export const MAX_PASSWORD_HISTORY = 24;

/**
 * The policy lives in the config center's built-in table `system-security` (config/system creates it at
 * start, one record `default`), so it has that table's versions, diffs, releases and audit. IAM reads the
 * record here (cached per process by iam-cache.ts; migration 043 bumps the cache version on its changes)
 * and writes through the config center (`useSecurityWriter`), never around it. Before the first start that
 * creates the record, the legacy `settings` row (key 'security') or the defaults apply.
 */
export const SECURITY_TABLE = "system-security";
export const SECURITY_RECORD = "default";
const LEGACY_KEY = "security";

/** Stored values field by field: a value the rules refuse (a hand-made UPDATE) falls back to its default. */
function policyOf(stored: Record<string, unknown>): SecuritySettings {
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(securitySettingsSchema.shape)) {
    const parsed = rule.safeParse(stored[key] ?? undefined);
    out[key] = parsed.success ? parsed.data : DEFAULT_SECURITY[key as keyof SecuritySettings];
  }
  return out as SecuritySettings;
}

export async function loadSecurity(db: Db): Promise<SecuritySettings> {
  const row = (await db.get<{ value: string }>(
    `SELECT r.record_values AS value FROM config_records r JOIN config_tables t ON t.id = r.table_id
     WHERE t.name = ? AND t.deleted_at IS NULL AND r.record_key = ?`, [SECURITY_TABLE, SECURITY_RECORD],
  )) ?? (await db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [LEGACY_KEY]));
  if (!row) return DEFAULT_SECURITY;
  return policyOf(JSON.parse(row.value) as Record<string, unknown>);
}

/** The legacy row's policy (config/system copies it into the table once, then removes it), or null. */
export async function loadLegacySecurity(db: Db): Promise<SecuritySettings | null> {
  const row = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [LEGACY_KEY]);
  return row ? policyOf(JSON.parse(row.value) as Record<string, unknown>) : null;
}

export async function dropLegacySecurity(db: Db): Promise<void> {
  await db.run("DELETE FROM settings WHERE key = ?", [LEGACY_KEY]);
}

/** Writes the whole policy as a new version of the config record; `actor` null: the system (test kits, seeds). */
export type SecurityWriter = (value: SecuritySettings, actor: Actor | null) => Promise<void>;

const writers = new WeakMap<Db, SecurityWriter>();

/** The config center registers its writer for this process's Store (system.ts, once config is built). */
export function useSecurityWriter(db: Db, writer: SecurityWriter): void {
  writers.set(db, writer);
}

export async function saveSecurity(db: Db, value: SecuritySettings, actor: Actor | null): Promise<void> {
  const writer = writers.get(db);
  if (!writer) throw new Error("security settings are written through the config center, which is not wired in this process");
  await writer(value, actor);
}
