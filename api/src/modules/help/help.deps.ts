import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";

/** What the help center is given by system.ts; it reads its shipped pages from `pagesDir`. */
export type HelpDeps = {
  db: Db;
  clock: Clock;
  /** OPS_PUBLIC_URL: absolute links for chat cards */
  publicUrl?: string;
  /** folder with `<locale>/*.md`; default: the pages shipped beside this module */
  pagesDir?: string;
};

/** Categories in the order the help center shows them; `other` holds pages admins add without one. */
export const HELP_CATEGORIES = ["start", "commands", "platforms", "access", "faq", "other"] as const;
export type HelpCategory = (typeof HELP_CATEGORIES)[number];

/** A page as the product ships it (markdown file with front matter). */
export type ShippedPage = {
  slug: string;
  locale: "zh-CN" | "en";
  title: string;
  summary: string;
  category: HelpCategory;
  order: number;
  /** chat command words this page explains (`help <word>` finds it) */
  commands: string[];
  /** other words for the same commands (Chinese aliases), searched like the title */
  aliases: string[];
  body: string;
};

/** Where the page a reader sees comes from. */
export type PageSource = "shipped" | "override" | "custom";

export type HelpPage = Omit<ShippedPage, "locale"> & {
  locale: "zh-CN" | "en";
  source: PageSource;
  /** store version (0: the shipped text) */
  version: number;
  updated_at: string | null;
  updated_by: string | null;
};
