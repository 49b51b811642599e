import type { Migration } from "../migrate.ts";

/**
 * Help center pages edited in the app. Pages shipped with the product live as markdown files in
 * modules/help/pages; a row here either overrides a shipped page (same slug and language) or is a
 * page of its own. Every save is a row of `help_page_versions`, keyed by slug and language rather
 * than by page id, so resetting an override to the shipped text keeps its history (and a later
 * override continues the numbering). Same DDL on SQLite and PostgreSQL.
 */
export const m015HelpPages: Migration = {
  version: 15,
  name: "help-pages",
  statements: () => [
    `CREATE TABLE help_pages (
      id TEXT PRIMARY KEY,
      slug TEXT NOT NULL,
      locale TEXT NOT NULL,
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      category TEXT NOT NULL,
      sort_order INTEGER NOT NULL DEFAULT 0,
      body TEXT NOT NULL,
      version INTEGER NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_by TEXT,
      updated_at TEXT NOT NULL
    )`,
    "CREATE UNIQUE INDEX help_pages_slug_locale ON help_pages (slug, locale)",
    `CREATE TABLE help_page_versions (
      id TEXT PRIMARY KEY,
      slug TEXT NOT NULL,
      locale TEXT NOT NULL,
      version INTEGER NOT NULL,
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      category TEXT NOT NULL,
      sort_order INTEGER NOT NULL DEFAULT 0,
      body TEXT NOT NULL,
      note TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL
    )`,
    "CREATE UNIQUE INDEX help_page_versions_slug ON help_page_versions (slug, locale, version)",
  ],
};
