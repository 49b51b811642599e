import type { Locale } from "../actor.ts";

/** A module's messages in every language; zh-CN is the default and en must be complete. */
export type Catalog = Record<Locale, Record<string, string>>;
