import { z } from "@hono/zod-openapi";
import type { Db } from "../../../platform/db/db.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import { loadTable, openSecrets } from "../data/index.ts";
import { IM_TABLE } from "./system-tables.ts";

export const IM_PLATFORMS = ["slack", "feishu", "dingtalk"] as const;
export type ImPlatform = (typeof IM_PLATFORMS)[number];

/** One platform's app credentials from the system-im table, secrets opened: answered to the bot only. */
export const imCredentialsSchema = z.object({
  platform: z.enum(IM_PLATFORMS),
  app_id: z.string().nullable(),
  app_secret: z.string().nullable(),
  bot_token: z.string().nullable(),
  app_token: z.string().nullable(),
  signing_secret: z.string().nullable(),
  encrypt_key: z.string().nullable(),
});
export type ImCredentials = z.infer<typeof imCredentialsSchema>;

const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

/** The enabled records of the system-im table (one per platform), secrets opened; none when the table is missing. */
export async function readImCredentials(db: Db, secrets: SecretBox): Promise<ImCredentials[]> {
  const table = await loadTable(db, IM_TABLE);
  if (!table?.system) return [];
  const rows = await db.all<{ record_values: string }>(
    "SELECT record_values FROM config_records WHERE table_id = ? ORDER BY record_key", [table.id],
  );
  const out: ImCredentials[] = [];
  for (const row of rows) {
    const v = await openSecrets(table, JSON.parse(row.record_values) as Record<string, unknown>, secrets);
    if (v.enabled === false || !IM_PLATFORMS.includes(v.platform as ImPlatform)) continue;
    out.push({
      platform: v.platform as ImPlatform, app_id: text(v.app_id), app_secret: text(v.app_secret), bot_token: text(v.bot_token),
      app_token: text(v.app_token), signing_secret: text(v.signing_secret), encrypt_key: text(v.encrypt_key),
    });
  }
  return out;
}

/** Whether a record holds enough to run the platform's adapter (the same test the bot applies to env). */
export function usableCredentials(c: ImCredentials): boolean {
  if (c.platform === "slack") return !!c.bot_token && !!(c.signing_secret || c.app_token);
  return !!c.app_id && !!c.app_secret;
}
