import type { ReportValueType } from "@ops/shared/contracts/reports.ts";
import type { SourceDialect } from "./ports.ts";

/**
 * Identifier quoting and placeholders per dialect. Identifiers reach SQL only through `quoteIdent`, and only names
 * that were first checked against a datasource's schema or a dataset's columns.
 */
export function quoteIdent(dialect: SourceDialect, name: string): string {
  if (dialect === "mysql" || dialect === "clickhouse") return "`" + name.replace(/`/g, "``") + "`";
  return '"' + name.replace(/"/g, '""') + '"';
}

/** ClickHouse binds typed placeholders by name: `{p1:String}`. */
const CLICKHOUSE_TYPES: Record<ReportValueType, string> = {
  string: "String", number: "Float64", date: "Date", datetime: "DateTime64(3)", boolean: "Bool",
};

/** The placeholder of the `index`th (1-based) bound value. */
export function placeholder(dialect: SourceDialect, index: number, type: ReportValueType = "string"): string {
  switch (dialect) {
    case "postgres": return `$${index}`;
    case "clickhouse": return `{p${index}:${CLICKHOUSE_TYPES[type]}}`;
    default: return "?";
  }
}
