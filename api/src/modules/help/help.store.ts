import type { Locale } from "@ops/shared";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";
import { newId } from "../../platform/crypto.ts";
import type { HelpCategory } from "./help.deps.ts";

/** The editable text of a page: what one version holds. */
export type PageText = { title: string; summary: string; category: HelpCategory; order: number; body: string };

export type StoredPage = PageText & {
  slug: string; locale: Locale; version: number;
  created_by: string | null; created_at: string; updated_by: string | null; updated_at: string;
};

export type PageVersion = PageText & {
  version: number; note: string | null; created_by: string | null; created_by_name: string | null; created_at: string;
};

type Row = Omit<StoredPage, "order" | "version"> & { sort_order: number | string; version: number | string };
type VersionRow = Omit<PageVersion, "order" | "version"> & { sort_order: number | string; version: number | string };

const fromRow = ({ sort_order, ...r }: Row): StoredPage => ({ ...r, order: Number(sort_order), version: Number(r.version) });
const fromVersion = ({ sort_order, ...r }: VersionRow): PageVersion => ({ ...r, order: Number(sort_order), version: Number(r.version) });

const PAGE_COLS = "slug, locale, title, summary, category, sort_order, body, version, created_by, created_at, updated_by, updated_at";
const VERSION_COLS = "v.version, v.title, v.summary, v.category, v.sort_order, v.body, v.note, v.created_by, u.display_name AS created_by_name, v.created_at";

/** SQL of the help tables; the service decides what a save means. */
export function createHelpStore(db: Db) {
  return {
    async all(): Promise<StoredPage[]> {
      return (await db.all<Row>(`SELECT ${PAGE_COLS} FROM help_pages`)).map(fromRow);
    },
    async get(slug: string, locale: Locale): Promise<StoredPage | null> {
      const row = await db.get<Row>(`SELECT ${PAGE_COLS} FROM help_pages WHERE slug = ? AND locale = ?`, [slug, locale]);
      return row ? fromRow(row) : null;
    },
    async lastVersion(slug: string, locale: Locale): Promise<number> {
      const row = await db.get<{ v: number | string | null }>("SELECT MAX(version) AS v FROM help_page_versions WHERE slug = ? AND locale = ?", [slug, locale]);
      return Number(row?.v ?? 0);
    },
    /** Writes version `version` and makes it the page's current text (creating the page row if needed). */
    async save(slug: string, locale: Locale, version: number, text: PageText, note: string | null, by: string | null, now: string) {
      await insertRow(db, "help_page_versions", {
        id: newId(), slug, locale, version, title: text.title, summary: text.summary, category: text.category,
        sort_order: text.order, body: text.body, note, created_by: by, created_at: now,
      });
      const cols = { title: text.title, summary: text.summary, category: text.category, sort_order: text.order, body: text.body, version, updated_by: by, updated_at: now };
      const exists = await db.get("SELECT id FROM help_pages WHERE slug = ? AND locale = ?", [slug, locale]);
      if (exists) {
        await db.run(
          "UPDATE help_pages SET title = ?, summary = ?, category = ?, sort_order = ?, body = ?, version = ?, updated_by = ?, updated_at = ? WHERE slug = ? AND locale = ?",
          [cols.title, cols.summary, cols.category, cols.sort_order, cols.body, cols.version, cols.updated_by, cols.updated_at, slug, locale],
        );
      } else {
        await insertRow(db, "help_pages", { id: newId(), slug, locale, ...cols, created_by: by, created_at: now });
      }
    },
    /** Drops the page row; its versions stay as history. */
    async remove(slug: string, locale: Locale): Promise<void> {
      await db.run("DELETE FROM help_pages WHERE slug = ? AND locale = ?", [slug, locale]);
    },
    async versions(slug: string, locale: Locale): Promise<PageVersion[]> {
      const rows = await db.all<VersionRow>(
        `SELECT ${VERSION_COLS} FROM help_page_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.slug = ? AND v.locale = ? ORDER BY v.version DESC`,
        [slug, locale],
      );
      return rows.map(fromVersion);
    },
    async version(slug: string, locale: Locale, version: number): Promise<PageVersion | null> {
      const row = await db.get<VersionRow>(
        `SELECT ${VERSION_COLS} FROM help_page_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.slug = ? AND v.locale = ? AND v.version = ?`,
        [slug, locale, version],
      );
      return row ? fromVersion(row) : null;
    },
  };
}

export type HelpStore = ReturnType<typeof createHelpStore>;
