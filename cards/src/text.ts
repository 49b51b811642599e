/** String helpers shared by the renderers: lengths the platforms count, and cuts that never split a character. */

export const ELLIPSIS = "…";

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** Bytes of `value` serialised as JSON: what the platforms measure. */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value));
}

/** Length in UTF-16 code units, which is what Slack's character limits count. */
export const chars = (text: string): number => text.length;

/** Cut to at most `max` UTF-16 units, ending in "…", without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, Math.max(0, end)).trimEnd()}${ELLIPSIS}`;
}

/** Like truncate, but also closes a code fence the cut left open, so the rest of the card still renders. */
export function truncateMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const closer = "\n```";
  const cut = truncate(text, max - closer.length);
  const fences = cut.match(/```/g)?.length ?? 0;
  return fences % 2 === 1 ? `${cut}${closer}` : cut;
}

/** First line only, for one-line previews. */
export function firstLine(text: string): string {
  const i = text.indexOf("\n");
  return i === -1 ? text : text.slice(0, i);
}

/** Resolve an app path against the app's base URL; absolute URLs pass through; app paths without a base give null. */
export function resolveUrl(url: string, appUrl?: string): string | null {
  if (/^https?:\/\//i.test(url)) return url;
  if (!appUrl || !url.startsWith("/")) return null;
  return `${appUrl.replace(/\/+$/, "")}${url}`;
}

/** Escapes for text that a platform would otherwise read as markup (mentions, tags, entities). */
export const escapeAngles = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Plain text placed inside CommonMark: backslash-escape the characters that would start formatting. */
export const escapeMarkdownChars = (text: string): string => text.replace(/([\\`*_~[\]|#])/g, "\\$1");

const CODE = /(```[\s\S]*?```|`[^`\n]*`)/;

/** Apply `fn` to the prose of a markdown text, leaving code spans and fences exactly as written. */
export function mapProse(markdown: string, fn: (prose: string) => string): string {
  return markdown
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join("");
}
