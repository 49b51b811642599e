import type { Context } from "hono";
import { pickLocale, type Locale } from "@ops/shared";

/**
 * The language pages are read in: `?lang=`, then Accept-Language, then the signed-in user's stored
 * preference. The page is content in the reader's current view, so the view's choice wins.
 */
export function readerLocale(c: Context): Locale {
  const asked = c.req.query("lang") ?? c.req.header("accept-language");
  if (asked) return pickLocale(asked);
  const actor = c.get("actor") as { locale?: Locale } | undefined;
  return actor?.locale ?? "zh-CN";
}

/** The user the request acts as (audit rows name them; versions record them). */
export const actorId = (c: Context): string | null => (c.get("actor") as { userId?: string } | undefined)?.userId ?? null;
