/**
 * Splits a chat message into words: any white space (full-width included) separates,
 * straight and Chinese quotes group, and leading mentions and the `/ops` prefix are dropped,
 * so "@OPS 运行 日报 date=2026-11-01" and "/ops run 日报 date=2026-11-01" read the same.
 */
const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "「": "」" };

export function tokenize(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let closing: string | null = null;
  let quoted = false;
  for (const ch of text.trim()) {
    if (closing) {
      if (ch === closing) closing = null;
      else current += ch;
      continue;
    }
    if (QUOTES[ch] && current === "") {
      closing = QUOTES[ch]!;
      quoted = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (current || quoted) words.push(current);
      current = "";
      quoted = false;
      continue;
    }
    current += ch;
  }
  if (current || quoted) words.push(current);
  return dropPrefix(words);
}

/** Slack `<@U123>`, Feishu `@_user_1`, plain `@OPS`, then an optional `/ops` or `ops`. */
function dropPrefix(words: string[]): string[] {
  let i = 0;
  while (i < words.length && /^(<@[^>]+>|@\S*)$/.test(words[i]!)) i++;
  if (i < words.length && /^\/?ops$/i.test(words[i]!)) i++;
  return words.slice(i);
}
