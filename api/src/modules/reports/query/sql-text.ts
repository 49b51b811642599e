import type { FieldError } from "@ops/shared";
import type { SourceDialect } from "../ports.ts";
import { invalid } from "../reports.errors.ts";

/** A dataset's SQL cut into literal text and `:name` parameter references. */
export type SqlPiece = { text: string } | { param: string };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/**
 * Splits SQL into text and `:name` parameters. Quoted strings, quoted identifiers, comments, PostgreSQL dollar
 * quotes and `::` casts are text. Only one statement: a `;` may end the SQL, but anything but blanks and comments
 * after it is refused (400 at `sql`), so a parameterised dataset can never carry a second statement.
 */
export function splitSql(sql: string, dialect: SourceDialect): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let text = "";
  let i = 0;
  let code = false;
  const backslashEscapes = dialect === "mysql" || dialect === "clickhouse";
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end = -1;
    // PostgreSQL's E'…' strings take backslash escapes (E'it\'s' is one string)
    const escapeString = dialect === "postgres" && c === "'" && /[Ee]/.test(sql[i - 1] ?? "") && !IDENT_PART.test(sql[i - 2] ?? " ");
    if (c === "'" || c === '"' || c === "`") end = quotedEnd(sql, i, c, backslashEscapes || escapeString);
    else if (c === "-" && next === "-") end = lineEnd(sql, i);
    else if (c === "#" && dialect === "mysql") end = lineEnd(sql, i);
    else if (c === "/" && next === "*") end = blockEnd(sql, i);
    else if (c === "$" && dialect === "postgres") end = dollarEnd(sql, i);
    if (end > i) {
      if (c !== "-" && c !== "#" && c !== "/") code = true;
      text += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === ":" && (next === ":" || next === "=")) {
      text += c + next;
      i += 2;
      continue;
    }
    if (c === ":" && next !== undefined && IDENT_START.test(next) && !IDENT_PART.test(sql[i - 1] ?? " ")) {
      let j = i + 1;
      while (j < sql.length && IDENT_PART.test(sql[j]!)) j++;
      if (text) pieces.push({ text });
      text = "";
      code = true;
      pieces.push({ param: sql.slice(i + 1, j) });
      i = j;
      continue;
    }
    if (c === ";") {
      if (!onlyBlanksAfter(sql, i + 1, dialect)) throw invalid([{ field: "sql", message: "reports.sql_single_statement" }]);
      break;
    }
    if (!/\s/.test(c)) code = true;
    text += c;
    i++;
  }
  if (text) pieces.push({ text });
  if (!code) throw invalid([{ field: "sql", message: "reports.sql_empty" }]);
  return pieces;
}

/** The names of the parameters the SQL uses, in first-use order. */
export function paramNames(pieces: SqlPiece[]): string[] {
  return [...new Set(pieces.flatMap((p) => ("param" in p ? [p.param] : [])))];
}

/** Every `:name` must be a declared parameter (400 at `sql` naming the first that is not). */
export function undeclaredParams(pieces: SqlPiece[], declared: Set<string>): FieldError[] {
  return paramNames(pieces).filter((n) => !declared.has(n)).map((name) => ({ field: "sql", message: "reports.param_undeclared", params: { name } }));
}

function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashEscapes && c === "\\" && quote !== "`") {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  // An unterminated quote runs to the end: the database reports the syntax error, nothing inside is a parameter.
  return sql.length;
}

function lineEnd(sql: string, start: number): number {
  const nl = sql.indexOf("\n", start);
  return nl < 0 ? sql.length : nl + 1;
}

function blockEnd(sql: string, start: number): number {
  const close = sql.indexOf("*/", start + 2);
  return close < 0 ? sql.length : close + 2;
}

/** PostgreSQL `$tag$ … $tag$` (tag may be empty); `$1` is not a dollar quote. */
function dollarEnd(sql: string, start: number): number {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 66));
  if (!m) return -1;
  const close = sql.indexOf(m[0], start + m[0].length);
  return close < 0 ? sql.length : close + m[0].length;
}

function onlyBlanksAfter(sql: string, start: number, dialect: SourceDialect): boolean {
  let i = start;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c) || c === ";") i++;
    else if (c === "-" && sql[i + 1] === "-") i = lineEnd(sql, i);
    else if (c === "#" && dialect === "mysql") i = lineEnd(sql, i);
    else if (c === "/" && sql[i + 1] === "*") i = blockEnd(sql, i);
    else return false;
  }
  return true;
}
