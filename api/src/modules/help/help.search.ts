import type { HelpPage } from "./help.deps.ts";

/**
 * Full-text search over the pages a reader sees, without an index: the help center holds tens of
 * pages. Chinese has no spaces, so a word is matched as a substring; a longer Chinese term that is not
 * found whole still matches when most of its two-character pieces (bigrams) are there ("运行作业" finds
 * "运行一个作业"). A command named exactly ranks first, then title and command hits, then the summary, then the body. Every term must
 * match somewhere. The snippet comes from the body with the matched spans as offsets, so the PWA can
 * mark them without trusting any HTML.
 */
export type SearchHit = {
  slug: string; title: string; summary: string; category: string; locale: string; score: number;
  snippet: string;
  /** [start, end) offsets of matched text within `snippet` */
  highlights: Array<[number, number]>;
  /** the same for the title */
  title_highlights: Array<[number, number]>;
};

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const SNIPPET_RADIUS = 48;
const MAX_TERMS = 8;

/** Markdown as the text a reader sees: no fences, markup, link targets or tags. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n/g, "")
    .replace(/```/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, "")
    .replace(/[*_`~|]/g, "")
    .replace(/[ \t]+/g, " ")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

export function terms(query: string): string[] {
  return [...new Set(query.toLowerCase().split(/[\s,，。;；、]+/).map((t) => t.trim()).filter(Boolean))].slice(0, MAX_TERMS);
}

function bigrams(term: string): string[] {
  const chars = Array.from(term);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** How well one term matches a text: 1 whole, a fraction for enough bigrams (CJK terms of 3+ chars), else 0. */
function termMatch(term: string, text: string): { score: number; needles: string[] } {
  if (text.includes(term)) return { score: 1, needles: [term] };
  if (!CJK.test(term) || Array.from(term).length < 3) return { score: 0, needles: [] };
  const grams = bigrams(term);
  const found = grams.filter((g) => text.includes(g));
  const ratio = found.length / grams.length;
  return ratio >= 0.6 ? { score: ratio * 0.6, needles: found } : { score: 0, needles: [] };
}

const WEIGHT = { title: 100, commands: 80, summary: 30, body: 10 } as const;
const EXACT_COMMAND = 150;
const LEADING_TITLE = 20;

export function searchPages(pages: HelpPage[], query: string): SearchHit[] {
  const ts = terms(query);
  if (!ts.length) return [];
  const hits: SearchHit[] = [];
  for (const page of pages) {
    const body = plainText(page.body);
    const fields = {
      title: page.title.toLowerCase(),
      commands: [...page.commands, ...page.aliases].join(" ").toLowerCase(),
      summary: page.summary.toLowerCase(),
      body: body.toLowerCase(),
    };
    let score = 0;
    const needles: string[] = [];
    let all = true;
    for (const term of ts) {
      let best = 0;
      for (const [field, weight] of Object.entries(WEIGHT) as Array<[keyof typeof WEIGHT, number]>) {
        const m = termMatch(term, fields[field]);
        if (m.score) {
          best = Math.max(best, m.score * weight);
          needles.push(...m.needles);
        }
      }
      if (!best) all = false;
      // The page of a command named exactly ("run", "运行") beats pages that merely mention it.
      const exact = [...page.commands, ...page.aliases].some((w) => w.toLowerCase() === term) ? EXACT_COMMAND : 0;
      const leading = fields.title.startsWith(term) ? LEADING_TITLE : 0;
      score += best + exact + leading;
    }
    if (!all) continue;
    const unique = [...new Set(needles)].sort((a, b) => b.length - a.length);
    const { snippet, highlights } = snippetOf(body, unique, page.summary);
    hits.push({
      slug: page.slug, title: page.title, summary: page.summary, category: page.category, locale: page.locale,
      score: Math.round(score * 10) / 10, snippet, highlights, title_highlights: spans(page.title, unique),
    });
  }
  return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
}

/** Text around the first match in the body (the summary when the body has none), with its matched spans. */
function snippetOf(body: string, needles: string[], summary: string): { snippet: string; highlights: Array<[number, number]> } {
  const lower = body.toLowerCase();
  const at = needles.map((n) => lower.indexOf(n)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (at === undefined) return { snippet: summary, highlights: spans(summary, needles) };
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(body.length, at + SNIPPET_RADIUS * 2);
  let snippet = body.slice(start, end).replace(/\s+/g, " ");
  if (start > 0) snippet = `…${snippet}`;
  if (end < body.length) snippet = `${snippet}…`;
  return { snippet, highlights: spans(snippet, needles) };
}

/** Non-overlapping [start, end) spans of every needle in text (case-insensitive), in order. */
export function spans(text: string, needles: string[]): Array<[number, number]> {
  const lower = text.toLowerCase();
  const taken: Array<[number, number]> = [];
  for (const n of needles) {
    if (!n) continue;
    for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + n.length)) {
      const end = i + n.length;
      if (!taken.some(([s, e]) => i < e && end > s)) taken.push([i, end]);
    }
  }
  return taken.sort((a, b) => a[0] - b[0]);
}
