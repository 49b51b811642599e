/**
 * Statement fingerprints: two runs of the same query shape (other literals, other bound values, other IN-list
 * lengths, other spacing or keyword case) share one, so the summary groups them. A scanner rather than a parser:
 * it must take any dialect's text (PostgreSQL, MySQL, ClickHouse, SQLite) and never throw.
 */
export const MAX_SQL_CHARS = 4000;

// One alternative per token class, tried left to right at each position (the order matters: `::` before `:name`).
const TOKEN =
  /'(?:[^'\\]|''|\\.)*'?|"(?:[^"]|"")*"?|`[^`]*`?|\$(\w*)\$[\s\S]*?\$\1\$|--[^\n]*|#[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|::|\$\d+|[:@][A-Za-z_]\w*|\?|(?<![\w.])(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?(?!\w)|x'[0-9a-f]*'|\s+|[A-Za-z_][\w$]*|./gis;

function normaliseToken(token: string): string {
  const c = token[0]!;
  if (c === "'" || (c === "$" && !/^\$\d/.test(token))) return "?"; // string and dollar-quoted literals
  if (c === '"' || c === "`") return token; // quoted identifiers keep their case
  if (token.startsWith("--") || c === "#" || token.startsWith("/*")) return " ";
  if (token === "::") return token;
  if (c === "$" || c === "?" || ((c === ":" || c === "@") && token.length > 1)) return "?"; // $1, ?, :name, @name
  if (/^[\d.]/.test(token) && /\d/.test(token)) return "?";
  if (/^\s/.test(token)) return " ";
  if (/^x'/i.test(token)) return "?";
  return token.toLowerCase();
}

/** The normalised shape of a statement: literals, numbers and placeholders as `?`, IN-lists as `in (...)`. */
export function fingerprintOf(sql: string): string {
  const scanned = sql.replace(TOKEN, normaliseToken);
  return scanned
    .replace(/\s+/g, " ")
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")")
    .replace(/\s*,\s*/g, ", ")
    .replace(/\bin\s*\(\?(?:, \?)*\)/g, "in (...)")
    .replace(/\bvalues\s*(\((?:\?(?:, )?)+\))(?:, \((?:\?(?:, )?)+\))+/g, "values $1, ...")
    .trim()
    .slice(0, MAX_SQL_CHARS);
}

/** The statement as kept: at most MAX_SQL_CHARS characters (a cut one ends with …). */
export function clipSql(sql: string): string {
  const text = sql.trim();
  return text.length <= MAX_SQL_CHARS ? text : `${text.slice(0, MAX_SQL_CHARS - 1)}…`;
}
