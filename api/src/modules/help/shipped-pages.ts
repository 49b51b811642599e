import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES } from "@ops/shared";
import { HELP_CATEGORIES, type HelpCategory, type ShippedPage } from "./help.deps.ts";

export const SHIPPED_PAGES_DIR = fileURLToPath(new URL("./pages", import.meta.url));

/**
 * Reads the markdown pages shipped with the product: `<dir>/<locale>/<slug>.md`, each opening with
 * a small front matter block (`key: value` lines; lists comma-separated). A malformed page stops the
 * start with the file named, so a broken page never ships silently.
 */
export function loadShippedPages(dir: string = SHIPPED_PAGES_DIR): ShippedPage[] {
  const pages: ShippedPage[] = [];
  for (const locale of LOCALES) {
    let files: string[];
    try {
      files = readdirSync(join(dir, locale)).filter((f) => f.endsWith(".md")).sort();
    } catch {
      continue;
    }
    for (const file of files) pages.push(parsePage(readFileSync(join(dir, locale, file), "utf8"), locale, file));
  }
  return pages;
}

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function parsePage(text: string, locale: ShippedPage["locale"], file: string): ShippedPage {
  const m = FRONT.exec(text);
  if (!m) throw new Error(`help page ${locale}/${file}: no front matter`);
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line.trim());
    if (kv) meta[kv[1]!] = kv[2]!.trim();
  }
  const list = (v: string | undefined) => (v ? v.split(",").map((x) => x.trim()).filter(Boolean) : []);
  const slug = meta.slug ?? "";
  const category = meta.category as HelpCategory;
  if (`${slug}.md` !== file) throw new Error(`help page ${locale}/${file}: slug "${slug}" does not match the file name`);
  if (!meta.title || !meta.summary) throw new Error(`help page ${locale}/${file}: title and summary are required`);
  if (!HELP_CATEGORIES.includes(category)) throw new Error(`help page ${locale}/${file}: unknown category "${meta.category}"`);
  return {
    slug, locale, title: meta.title, summary: meta.summary, category,
    order: Number(meta.order ?? 0) || 0,
    commands: list(meta.commands).map((c) => c.toLowerCase()),
    aliases: list(meta.aliases),
    body: text.slice(m[0].length).trim(),
  };
}
