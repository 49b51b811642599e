import { readOnly } from "../reports.errors.ts";
import { multipleStatements } from "./sources.errors.ts";
import { codeOutsideLiterals, singleStatement, type Backslashes } from "./sql-text.ts";

/**
 * Every report query is one SELECT (or WITH … SELECT, VALUES, TABLE): anything else is refused as a write before it
 * reaches the server, whose read-only transaction or setting stays the real guard. Returns the statement without
 * trailing semicolons.
 */
export function screenSelect(sql: string, backslashes: Backslashes, extra?: RegExp): string {
  const one = singleStatement(sql, backslashes);
  if (one.multiple) throw multipleStatements();
  const code = codeOutsideLiterals(one.sql, backslashes).trim().toLowerCase();
  if (!/^(\(\s*)*(select|with|values|table)\b/.test(code)) throw readOnly();
  if (extra && extra.test(code)) throw readOnly();
  return one.sql;
}
