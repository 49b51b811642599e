import { z } from "@hono/zod-openapi";
import { LOCALES } from "@ops/shared";
import { HELP_CATEGORIES } from "./help.deps.ts";

const locale = z.enum(LOCALES as ["zh-CN", "en"]);
export const slugParam = z.object({
  slug: z.string().min(1).max(64).openapi({ param: { name: "slug", in: "path" }, example: "command-run" }),
});
export const versionParam = slugParam.extend({
  version: z.coerce.number().int().min(0).max(1_000_000).openapi({ param: { name: "version", in: "path" }, example: 2 }),
});
export const commandParam = z.object({
  command: z.string().min(1).max(40).openapi({ param: { name: "command", in: "path" }, example: "run" }),
});

export const listQuery = z.object({
  category: z.enum(HELP_CATEGORIES).optional(),
  lang: z.string().max(40).optional(),
});
export const searchQuery = z.object({
  q: z.string().trim().min(1).max(100).openapi({ description: "words to find; Chinese works without spaces" }),
  lang: z.string().max(40).optional(),
});
export const commandQuery = z.object({
  lang: z.string().max(40).optional(),
  origin: z.string().max(200).optional().openapi({ description: "where the chat callback reached OPS; the links' origin when OPS_PUBLIC_URL is unset" }),
});
export const localeQuery = z.object({ locale, lang: z.string().max(40).optional() });

const text = {
  title: z.string().trim().min(1).max(120),
  summary: z.string().trim().min(1).max(300),
  category: z.enum(HELP_CATEGORIES),
  order: z.number().int().min(0).max(9999).optional(),
  body: z.string().min(1).max(60_000),
  note: z.string().trim().max(200).optional(),
};

/** A page of the store's own (a slug no shipped page uses). */
export const pageCreateBody = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, "help.invalid_slug"),
  locale,
  ...text,
}).strict();
export type PageCreateInput = z.infer<typeof pageCreateBody>;

/** A new version of a page in one language; `base_version` refuses the save when someone saved in between. */
export const pageSaveBody = z.object({
  locale,
  ...text,
  base_version: z.number().int().min(0).optional(),
}).strict();
export type PageSaveInput = z.infer<typeof pageSaveBody>;

export const revertBody = z.object({
  locale,
  version: z.number().int().min(1),
  note: z.string().trim().max(200).optional(),
}).strict();
