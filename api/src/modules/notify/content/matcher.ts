/**
 * The sensitive-word matcher: one RegExp over every word (escaped alternatives, longest first so "赌博网站" wins over
 * "赌博"), case-insensitive and Unicode-aware (CJK has no case and no word boundaries: plain substring matching).
 * No multi-pattern (Aho–Corasick) library is installed; for a list of at most 2,000 short words compiled once per
 * change the engine's alternation is fast enough.
 */
export const MASK = "***";

export type Matcher = {
  /** the listed words found in the text, each once, in the list's spelling */
  find(text: string): string[];
  /** the text with every match replaced by *** */
  mask(text: string): string;
};

const SYNTAX = /[\^$\\.*+?()[\]{}|/]/g;

export function compileMatcher(words: readonly string[]): Matcher {
  const listed = new Map<string, string>();
  for (const w of words) if (w && !listed.has(w.toLowerCase())) listed.set(w.toLowerCase(), w);
  if (listed.size === 0) return { find: () => [], mask: (text) => text };
  const alternatives = [...listed.values()].sort((a, b) => b.length - a.length).map((w) => w.replace(SYNTAX, "\\$&"));
  const pattern = new RegExp(alternatives.join("|"), "giu");
  return {
    find(text) {
      const found = new Set<string>();
      for (const m of text.matchAll(pattern)) found.add(listed.get(m[0].toLowerCase()) ?? m[0]);
      return [...found];
    },
    mask: (text) => text.replace(pattern, MASK),
  };
}

/** A word as logs show it: its first character, the rest starred ("赌博" → "赌*"), so the log does not repeat it. */
export function maskWord(word: string): string {
  const chars = [...word];
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(chars.length - 1)}`;
}
