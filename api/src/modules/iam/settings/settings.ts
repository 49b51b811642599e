import { z } from "@hono/zod-openapi";
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

const KEY = "security";

export async function loadSecurity(db: Db): Promise<SecuritySettings> {
  const row = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [KEY]);
  if (!row) return DEFAULT_SECURITY;
  return securitySettingsSchema.parse({ ...DEFAULT_SECURITY, ...JSON.parse(row.value) });
}

export async function saveSecurity(db: Db, value: SecuritySettings, by: string | null, now: Date): Promise<void> {
  const json = JSON.stringify(value);
  await db.run(
    "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    [KEY, json, now.toISOString(), by],
  );
}
