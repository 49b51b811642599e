import type { ReportValueType } from "@ops/shared/contracts/reports.ts";

/**
 * A source column type (as PostgreSQL, MySQL/MariaDB, ClickHouse or SQLite names it) → the report value type.
 * Wrappers such as ClickHouse's Nullable(…)/LowCardinality(…) and sizes such as varchar(20) are looked through.
 */
export function valueTypeOf(sourceType: string): ReportValueType {
  let t = sourceType.trim().toLowerCase();
  for (;;) {
    const inner = /^(nullable|lowcardinality|simpleaggregatefunction\([^,]*,)\s*\(?(.*)\)$/.exec(t);
    if (!inner) break;
    t = inner[2]!.trim();
  }
  if (/^(bool|boolean)$/.test(t) || t === "tinyint(1)") return "boolean";
  if (/^(timestamp|datetime|smalldatetime)/.test(t) || /^time(stamp)?\s+with/.test(t)) return "datetime";
  if (/^date(32)?$/.test(t) || t === "date") return "date";
  if (/^(u?int|integer|smallint|bigint|tinyint|mediumint|serial|bigserial|smallserial|int[248]|float|double|real|decimal|numeric|number|money|dec\b)/.test(t)) return "number";
  return "string";
}

/** PostgreSQL type names whose values Bun SQL returns as text (int8, numeric): converted to numbers in results. */
export function isNumericText(sourceType: string): boolean {
  return /^(int8|bigint|numeric|decimal|money)/.test(sourceType.toLowerCase());
}
