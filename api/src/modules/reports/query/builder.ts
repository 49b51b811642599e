import type { FieldError } from "@ops/shared";
import {
  BUILDER_AGGS, FILTER_OPS, type DatasetBuilder, type DatasetParam, type ReportValueType, type SourceColumn, type SourceTable,
} from "@ops/shared/contracts/reports.ts";
import { quoteIdent } from "../dialect.ts";
import type { SourceDialect } from "../ports.ts";
import type { Binder } from "./binder.ts";
import { scalar, type ParamValue } from "./params.ts";

/** Output names (aliases) the builder writes: plain words, quoted anyway. */
export const ALIAS_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const NO_VALUE_OPS = new Set(["is_null", "not_null"]);
const LIST_OPS = new Set(["in", "not_in", "between"]);
const COMPARE: Record<string, string> = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=", like: "LIKE" };

/** A table name as the schema lists it; `schema.table` is quoted part by part. */
export function quoteTable(dialect: SourceDialect, name: string): string {
  return name.split(".").map((part) => quoteIdent(dialect, part)).join(".");
}

/** The name a builder field has in the result. */
export const fieldName = (f: DatasetBuilder["fields"][number]) => f.alias ?? (f.agg ? `${f.agg}_${f.column}` : f.column);

/**
 * What is wrong with a builder against the datasource's schema: every table and column must be one the schema lists,
 * aggregates and operators from the contract's lists, filter parameters declared. Errors name the field
 * (`builder.fields[2].column`), so nothing that is not an identifier of the schema ever reaches SQL.
 */
export function builderProblems(b: DatasetBuilder, tables: SourceTable[], params: DatasetParam[]): FieldError[] {
  const errors: FieldError[] = [];
  const table = tables.find((t) => t.name === b.table);
  if (!table) return [{ field: "builder.table", message: "reports.unknown_table", params: { name: b.table } }];
  const cols = new Set(table.columns.map((c) => c.name));
  const col = (field: string, name: string) => {
    if (!cols.has(name)) errors.push({ field, message: "reports.unknown_column", params: { name } });
  };
  if (b.fields.length === 0) errors.push({ field: "builder.fields", message: "validation.empty" });
  const outputs = new Set<string>();
  b.fields.forEach((f, i) => {
    col(`builder.fields[${i}].column`, f.column);
    if (f.agg !== undefined && !(BUILDER_AGGS as readonly string[]).includes(f.agg)) errors.push({ field: `builder.fields[${i}].agg`, message: "reports.bad_agg", params: { name: f.agg } });
    if (f.alias !== undefined && !ALIAS_PATTERN.test(f.alias)) errors.push({ field: `builder.fields[${i}].alias`, message: "reports.bad_alias", params: { name: f.alias } });
    const out = fieldName(f);
    if (outputs.has(out)) errors.push({ field: `builder.fields[${i}].alias`, message: "reports.duplicate_column", params: { name: out } });
    outputs.add(out);
  });
  const declared = new Map(params.map((p) => [p.name, p]));
  b.filters.forEach((f, i) => {
    col(`builder.filters[${i}].column`, f.column);
    if (!(FILTER_OPS as readonly string[]).includes(f.op)) errors.push({ field: `builder.filters[${i}].op`, message: "reports.bad_op", params: { name: f.op } });
    if (f.param !== undefined && !declared.has(f.param)) errors.push({ field: `builder.filters[${i}].param`, message: "reports.param_undeclared", params: { name: f.param } });
    const type = table.columns.find((c) => c.name === f.column)?.type ?? "string";
    if (f.param === undefined && !NO_VALUE_OPS.has(f.op) && !literalFits(f.op, f.value, type)) errors.push({ field: `builder.filters[${i}].value`, message: "reports.filter_value" });
  });
  b.group_by.forEach((g, i) => col(`builder.group_by[${i}]`, g));
  b.sort.forEach((s, i) => {
    if (!outputs.has(s.column) && !cols.has(s.column)) errors.push({ field: `builder.sort[${i}].column`, message: "reports.unknown_column", params: { name: s.column } });
    if (s.dir !== "asc" && s.dir !== "desc") errors.push({ field: `builder.sort[${i}].dir`, message: "reports.bad_sort", params: { name: String(s.dir) } });
  });
  if (b.limit !== undefined && (!Number.isSafeInteger(b.limit) || b.limit < 1)) errors.push({ field: "builder.limit", message: "reports.bad_limit" });
  return errors;
}

const isScalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** A literal right side: the shape the operator needs, each value readable as the column's type. */
function literalFits(op: string, value: unknown, type: ReportValueType): boolean {
  const items = LIST_OPS.has(op) ? value : [value];
  if (!Array.isArray(items) || (op === "between" && items.length !== 2) || !items.every(isScalar)) return false;
  try {
    for (const v of items) scalar(op === "like" ? "string" : type, String(v), "postgres");
    return true;
  } catch {
    return false;
  }
}

/**
 * The builder's SELECT with every value bound. A filter fed by a parameter the caller left empty is left out
 * (an empty control means "any"). Column types come from the schema, so bound literals are converted to them.
 */
export function compileBuilder(b: DatasetBuilder, table: SourceTable, values: Map<string, ParamValue>, binder: Binder): string {
  const d = binder.dialect;
  const q = (n: string) => quoteIdent(d, n);
  const typeOf = new Map(table.columns.map((c: SourceColumn) => [c.name, c.type]));
  const select = b.fields.map((f) => {
    const c = q(f.column);
    const expr = !f.agg ? c : f.agg === "count" ? `COUNT(${c})` : f.agg === "count_distinct" ? `COUNT(DISTINCT ${c})` : `${f.agg.toUpperCase()}(${c})`;
    return `${expr} AS ${q(fieldName(f))}`;
  });
  const where: string[] = [];
  for (const f of b.filters) {
    const clause = filterSql(f, typeOf.get(f.column) ?? "string", values, binder);
    if (clause) where.push(clause);
  }
  const grouped = b.fields.some((f) => f.agg);
  const group = [...new Set([...b.group_by, ...(grouped ? b.fields.filter((f) => !f.agg).map((f) => f.column) : [])])];
  let sql = `SELECT ${select.join(", ")} FROM ${quoteTable(d, b.table)}`;
  if (where.length) sql += ` WHERE ${where.join(" AND ")}`;
  if (group.length) sql += ` GROUP BY ${group.map(q).join(", ")}`;
  if (b.sort.length) sql += ` ORDER BY ${b.sort.map((s) => `${q(s.column)} ${s.dir === "desc" ? "DESC" : "ASC"}`).join(", ")}`;
  if (b.limit !== undefined) sql += ` LIMIT ${Math.trunc(b.limit)}`;
  return sql;
}

function filterSql(f: DatasetBuilder["filters"][number], type: ReportValueType, values: Map<string, ParamValue>, binder: Binder): string | null {
  const c = quoteIdent(binder.dialect, f.column);
  if (f.op === "is_null") return `${c} IS NULL`;
  if (f.op === "not_null") return `${c} IS NOT NULL`;
  let right: unknown[];
  if (f.param !== undefined) {
    const v = values.get(f.param);
    if (!v) return null;
    right = v.list ? v.values : v.value === null ? [] : [v.value];
    if (right.length === 0) return null;
  } else {
    right = (Array.isArray(f.value) ? f.value : [f.value]).map((x) => scalar(f.op === "like" ? "string" : type, String(x), binder.dialect));
  }
  if (f.op === "in") return `${c} IN (${binder.bindList(right, type)})`;
  if (f.op === "not_in") return `${c} NOT IN (${binder.bindList(right, type)})`;
  if (f.op === "between") {
    if (right.length !== 2) return null;
    return `${c} BETWEEN ${binder.bind(right[0], type)} AND ${binder.bind(right[1], type)}`;
  }
  return `${c} ${COMPARE[f.op]} ${binder.bind(right[0], f.op === "like" ? "string" : type)}`;
}
