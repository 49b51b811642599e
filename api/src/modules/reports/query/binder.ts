import type { ReportValueType } from "@ops/shared/contracts/reports.ts";
import { placeholder } from "../dialect.ts";
import type { CompiledQuery, SourceDialect } from "../ports.ts";

const PG_TYPES: Record<ReportValueType, string> = { string: "text", number: "numeric", date: "date", datetime: "timestamptz", boolean: "boolean" };

/**
 * Collects bound values while SQL is assembled left to right, and answers each value's placeholder in the
 * driver's dialect. Positional dialects (`?`) need the text built in binding order, which every compiler here keeps.
 * Numbered and named dialects reuse one placeholder for the same parameter (`key`), so PostgreSQL can infer the
 * type of `:p IS NULL` from the parameter's other uses.
 */
export class Binder {
  readonly values: unknown[] = [];
  private readonly byKey = new Map<string, string>();

  constructor(readonly dialect: SourceDialect) {}

  bind(value: unknown, type: ReportValueType = "string", key?: string): string {
    const reusable = key !== undefined && (this.dialect === "postgres" || this.dialect === "clickhouse");
    if (reusable) {
      const seen = this.byKey.get(key);
      if (seen) return seen;
    }
    this.values.push(value);
    let ph = placeholder(this.dialect, this.values.length, type);
    // ClickHouse refuses NULL for a non-Nullable typed parameter.
    if (this.dialect === "clickhouse" && value === null) ph = ph.replace(/:(.+)\}$/, ":Nullable($1)}");
    // Inside a cursor PostgreSQL leaves a parameter tested with `IS NULL` untyped and then refuses the bound value:
    // a dataset parameter (and any NULL) carries its declared type.
    if (this.dialect === "postgres" && (key !== undefined || value === null)) ph = `${ph}::${PG_TYPES[type]}`;
    if (reusable) this.byKey.set(key, ph);
    return ph;
  }

  /** `(…)` contents for a list: one placeholder per value; an empty list is NULL, which `IN` never matches. */
  bindList(values: unknown[], type: ReportValueType): string {
    if (values.length === 0) return "NULL";
    return values.map((v) => this.bind(v, type)).join(", ");
  }

  done(sql: string): CompiledQuery {
    return { sql, values: [...this.values] };
  }
}
