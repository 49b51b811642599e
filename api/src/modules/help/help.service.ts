import { conflict, LOCALES, notFound, t, type Locale } from "@ops/shared";
import { iso } from "../../platform/clock.ts";
import { noteAudit } from "../../platform/context.ts";
import { HELP_CATEGORIES, type HelpDeps, type HelpPage, type ShippedPage } from "./help.deps.ts";
import { searchPages } from "./help.search.ts";
import { createHelpStore, type PageText, type StoredPage } from "./help.store.ts";
import { loadShippedPages } from "./shipped-pages.ts";
import type { PageCreateInput, PageSaveInput } from "./help.schema.ts";
import { commandCard } from "./help-commands.ts";

export type PageSummary = Omit<HelpPage, "body">;

/**
 * The help center: shipped markdown pages, overridden or extended by pages admins edit in the app.
 * A reader gets each page in their language, else in the other one (a page written in one language
 * only is still found). Edits are versions; deleting a store page of a shipped slug resets it.
 */
export function createHelp(deps: HelpDeps) {
  const shipped = loadShippedPages(deps.pagesDir);
  const store = createHelpStore(deps.db);
  const shippedOf = (slug: string, locale: Locale) => shipped.find((p) => p.slug === slug && p.locale === locale);
  const isShipped = (slug: string) => shipped.some((p) => p.slug === slug);
  const order = (locale: Locale): Locale[] => [locale, ...LOCALES.filter((l) => l !== locale)];

  function fromShipped(p: ShippedPage): HelpPage {
    return { ...p, source: "shipped", version: 0, updated_at: null, updated_by: null };
  }

  function fromStore(row: StoredPage): HelpPage {
    const base = shippedOf(row.slug, row.locale) ?? shipped.find((p) => p.slug === row.slug);
    return {
      slug: row.slug, locale: row.locale, title: row.title, summary: row.summary, category: row.category, order: row.order, body: row.body,
      commands: base?.commands ?? [], aliases: base?.aliases ?? [],
      // A translation of a shipped page counts as an override too: the product ships the slug.
      source: isShipped(row.slug) ? "override" : "custom",
      version: row.version, updated_at: row.updated_at, updated_by: row.updated_by,
    };
  }

  /** Every page as a reader of `locale` sees it: the store's text, else the shipped one, in their language first. */
  async function pages(locale: Locale): Promise<HelpPage[]> {
    const rows = await store.all();
    const slugs = new Set([...shipped.map((p) => p.slug), ...rows.map((r) => r.slug)]);
    const out: HelpPage[] = [];
    for (const slug of slugs) {
      for (const l of order(locale)) {
        const row = rows.find((r) => r.slug === slug && r.locale === l);
        const page = row ? fromStore(row) : shippedOf(slug, l) && fromShipped(shippedOf(slug, l)!);
        if (page) {
          out.push(page);
          break;
        }
      }
    }
    const rank = (p: HelpPage) => HELP_CATEGORIES.indexOf(p.category);
    return out.sort((a, b) => rank(a) - rank(b) || a.order - b.order || a.title.localeCompare(b.title));
  }

  async function page(slug: string, locale: Locale): Promise<HelpPage> {
    const found = (await pages(locale)).find((p) => p.slug === slug);
    if (!found) throw notFound("help.page_not_found", { slug });
    return found;
  }

  /** The text an edit starts from in exactly this language: the store's, else the shipped one, else none. */
  async function current(slug: string, locale: Locale): Promise<{ row: StoredPage | null; text: (PageText & { version: number }) | null }> {
    const row = await store.get(slug, locale);
    if (row) return { row, text: row };
    const s = shippedOf(slug, locale);
    return { row: null, text: s ? { title: s.title, summary: s.summary, category: s.category, order: s.order, body: s.body, version: 0 } : null };
  }

  const snapshot = (t: (PageText & { version: number }) | null) =>
    t ? { version: t.version, title: t.title, summary: t.summary, category: t.category, order: t.order, body: t.body } : null;

  /** Stores a new version inside one transaction, numbered after every earlier one of this slug and language. */
  async function writeVersion(slug: string, locale: Locale, text: PageText, note: string | null, by: string | null) {
    await deps.db.tx(async () => {
      const version = (await store.lastVersion(slug, locale)) + 1;
      await store.save(slug, locale, version, text, note, by, iso(deps.clock.now()));
    });
  }

  async function audited(slug: string, locale: Locale, before: ReturnType<typeof snapshot>) {
    const after = await current(slug, locale);
    noteAudit({ resourceType: "help_page", resourceId: `${slug}:${locale}`, before, after: snapshot(after.text) });
    return page(slug, locale);
  }

  return {
    pages,
    page,
    categories: (locale: Locale) => HELP_CATEGORIES.map((key) => ({ key, name: t(locale, `help.category.${key}`) })),
    async list(locale: Locale, category?: string) {
      const all = await pages(locale);
      return all.filter((p) => !category || p.category === category).map(({ body: _body, ...rest }) => rest);
    },
    async search(locale: Locale, q: string) {
      return searchPages(await pages(locale), q);
    },
    async command(word: string, locale: Locale, origin: string | null) {
      return commandCard(await pages(locale), word, { publicUrl: deps.publicUrl ?? null, origin });
    },

    async create(input: PageCreateInput, by: string | null) {
      const { text } = await current(input.slug, input.locale);
      if (text || isShipped(input.slug)) throw conflict("help.slug_taken", { slug: input.slug }, [{ field: "slug", message: "help.slug_taken" }]);
      await writeVersion(input.slug, input.locale, textOf(input), input.note ?? null, by);
      return audited(input.slug, input.locale, null);
    },
    async save(slug: string, input: PageSaveInput, by: string | null) {
      const { text } = await current(slug, input.locale);
      if (!text && !isShipped(slug) && !(await store.all()).some((r) => r.slug === slug)) throw notFound("help.page_not_found", { slug });
      if (input.base_version !== undefined && text && input.base_version !== text.version) {
        throw conflict("help.stale_version", { version: text.version }, [{ field: "base_version", message: "help.stale_version" }]);
      }
      await writeVersion(slug, input.locale, textOf(input, text?.order), input.note ?? null, by);
      return audited(slug, input.locale, snapshot(text));
    },
    async revert(slug: string, locale: Locale, version: number, note: string | null, by: string | null) {
      const old = await store.version(slug, locale, version);
      if (!old) throw notFound("help.version_not_found", { version });
      const { text } = await current(slug, locale);
      await writeVersion(slug, locale, old, note ?? t(locale, "help.reverted_note", { version }), by);
      return audited(slug, locale, snapshot(text));
    },
    /** A custom page goes away; an override goes back to the shipped text. History is kept either way. */
    async remove(slug: string, locale: Locale) {
      const { row, text } = await current(slug, locale);
      if (!row) throw notFound(shippedOf(slug, locale) ? "help.nothing_to_reset" : "help.page_not_found", { slug });
      await store.remove(slug, locale);
      const after = await current(slug, locale);
      noteAudit({ resourceType: "help_page", resourceId: `${slug}:${locale}`, before: snapshot(text), after: snapshot(after.text) });
      return { slug, locale, reset: after.text !== null };
    },
    async versions(slug: string, locale: Locale) {
      const list = await store.versions(slug, locale);
      const s = shippedOf(slug, locale);
      if (!list.length && !s) throw notFound("help.page_not_found", { slug });
      const row = await store.get(slug, locale);
      return { slug, locale, current: row?.version ?? 0, shipped: Boolean(s), items: list.map(({ body: _b, ...v }) => v) };
    },
    async version(slug: string, locale: Locale, version: number) {
      if (version === 0) {
        const s = shippedOf(slug, locale);
        if (!s) throw notFound("help.version_not_found", { version });
        return { version: 0, title: s.title, summary: s.summary, category: s.category, order: s.order, body: s.body, note: null, created_by: null, created_by_name: null, created_at: null };
      }
      const v = await store.version(slug, locale, version);
      if (!v) throw notFound("help.version_not_found", { version });
      return v;
    },
  };
}

/** The page text of a request; without an order a page keeps its place (new pages go last). */
function textOf(input: { title: string; summary: string; category: PageText["category"]; order?: number; body: string }, order = 100): PageText {
  return { title: input.title.trim(), summary: input.summary.trim(), category: input.category, order: input.order ?? order, body: input.body };
}

export type Help = ReturnType<typeof createHelp>;
