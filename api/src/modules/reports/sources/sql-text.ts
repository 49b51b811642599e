/**
 * A small lexer over SQL text: enough to find what lies outside string literals, quoted identifiers and comments
 * (a second statement after `;`, MySQL's INTO OUTFILE). The databases' own read-only modes are the real guard;
 * this refuses early and with a clear message.
 */
/**
 * How backslashes behave inside '…' strings: MySQL and ClickHouse escape with them, PostgreSQL only in E'…' strings
 * (standard_conforming_strings), SQLite never. Getting it wrong would hide a `;` inside what looks like a string.
 */
export type Backslashes = "always" | "e-strings" | "never";

export function codeOutsideLiterals(sql: string, backslashes: Backslashes = "always"): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
      out += " ";
    } else if (c === "#" ) {
      // MySQL comment; harmless elsewhere (the text is only screened, never rewritten)
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
      out += " ";
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += " ";
    } else if (c === "'" || c === '"' || c === "`") {
      const escapes = c !== "`" && (backslashes === "always" || (c === "'" && backslashes === "e-strings" && /(^|[^A-Za-z0-9_$])[Ee]$/.test(sql.slice(Math.max(0, i - 2), i))));
      i = closing(sql, i + 1, c, escapes);
      out += c === "'" ? " '' " : " x ";
    } else if (c === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? sql.length : end + tag[0].length;
        out += " '' ";
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function closing(sql: string, from: number, quote: string, escapes: boolean): number {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === "\\" && escapes) i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The statement without trailing semicolons and blanks; `multiple` when a `;` separates more than one statement. */
export function singleStatement(sql: string, backslashes: Backslashes = "always"): { sql: string; multiple: boolean } {
  const trimmed = sql.replace(/[\s;]+$/, "");
  return { sql: trimmed, multiple: codeOutsideLiterals(trimmed, backslashes).includes(";") };
}
