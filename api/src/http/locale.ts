import type { Context } from "hono";
import { pickLocale, type Locale } from "@ops/shared";
import { currentContext } from "../platform/context.ts";

/** The caller's language: explicit `?lang=`, then the signed-in user's preference, then Accept-Language. */
export function localeOf(c: Context): Locale {
  const q = c.req.query("lang");
  if (q) return pickLocale(q);
  const actor = currentContext()?.actor;
  if (actor) return actor.locale;
  return pickLocale(c.req.header("accept-language"));
}
