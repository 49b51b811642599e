import type { FieldError } from "@ops/shared";
import type { Dataset, DatasetColumn, ReportDataColumn, ReportValueType, SourceTable } from "@ops/shared/contracts/reports.ts";
import { quoteIdent } from "../dialect.ts";
import type { CompiledQuery, QueryShape, SourceDialect } from "../ports.ts";
import { invalid } from "../reports.errors.ts";
import { Binder } from "./binder.ts";
import { ALIAS_PATTERN, compileBuilder } from "./builder.ts";
import { maskExpr } from "./mask.ts";
import { scalar, type ParamValue } from "./params.ts";
import type { BoundRowFilter } from "./scope.ts";
import { splitSql, undeclaredParams } from "./sql-text.ts";

export type ShapeInput = {
  dialect: SourceDialect;
  dataset: Pick<Dataset, "mode" | "sql" | "builder" | "params" | "columns">;
  values: Map<string, ParamValue>;
  /** builder mode: its table as the schema lists it */
  table?: SourceTable;
  filters: BoundRowFilter[];
  unmask: boolean;
};

export type CompiledShape = { query: CompiledQuery; count?: CompiledQuery; columns: ReportDataColumn[] };

const AGGS = new Set(["sum", "avg", "count", "count_distinct", "min", "max", "none"]);
const MAX_LIMIT = 1_000_000;

/** The dataset's own SELECT with its parameters bound (SQL mode: `:name` → placeholders; builder: compiled). */
export function innerSql(input: ShapeInput, binder: Binder): string {
  const { dataset, values } = input;
  if (dataset.mode === "builder") {
    if (!dataset.builder || !input.table) throw invalid([{ field: "builder", message: "validation.required" }]);
    return compileBuilder(dataset.builder, input.table, values, binder);
  }
  const pieces = splitSql(dataset.sql ?? "", binder.dialect);
  const undeclared = undeclaredParams(pieces, new Set(dataset.params.map((p) => p.name)));
  if (undeclared.length) throw invalid(undeclared);
  return pieces.map((p) => {
    if ("text" in p) return p.text;
    const v = values.get(p.param)!;
    return v.list ? binder.bindList(v.values, v.type) : binder.bind(v.value, v.type, `param:${p.param}`);
  }).join("");
}

/**
 * A query shape over the dataset: `SELECT … FROM (<dataset SQL>) t WHERE <row filters> …`. Every identifier is a
 * dataset column (or a checked alias), quoted; every value bound; masked columns masked in the SELECT itself.
 */
export function compileShape(input: ShapeInput, shape: QueryShape): CompiledShape {
  const cols = new Map(input.dataset.columns.map((c) => [c.name, c]));
  const errors: FieldError[] = [];
  const known = (field: string, name: string) => {
    if (!cols.has(name)) errors.push({ field, message: "reports.unknown_column", params: { name } });
  };
  const ctx = { input, cols, q: (n: string) => quoteIdent(input.dialect, n) };
  if (shape.kind === "rows") {
    (shape.columns ?? []).forEach((c, i) => known(`columns[${i}]`, c));
    (shape.sort ?? []).forEach((s) => {
      if (!cols.has(s.column) || (s.dir !== "asc" && s.dir !== "desc")) errors.push({ field: "sort", message: "reports.bad_sort", params: { name: String(s.column) } });
    });
    checkPaging(errors, shape.offset, shape.limit);
    if (errors.length) throw invalid(errors);
    return rowsQuery(ctx, shape);
  }
  if (shape.kind === "aggregate") {
    shape.dimensions.forEach((c, i) => known(`dimensions[${i}]`, c));
    shape.measures.forEach((m, i) => {
      if (!(m.column === "*" && m.agg === "count")) known(`measures[${i}].column`, m.column);
      if (!AGGS.has(m.agg)) errors.push({ field: `measures[${i}].agg`, message: "reports.bad_agg", params: { name: String(m.agg) } });
      if (!ALIAS_PATTERN.test(m.as)) errors.push({ field: `measures[${i}].as`, message: "reports.bad_alias", params: { name: String(m.as) } });
    });
    const outputs = new Set([...shape.dimensions, ...shape.measures.map((m) => m.as)]);
    (shape.sort ?? []).forEach((s) => {
      if (!outputs.has(s.column) || (s.dir !== "asc" && s.dir !== "desc")) errors.push({ field: "sort", message: "reports.bad_sort", params: { name: String(s.column) } });
    });
    checkWhere(ctx, errors, shape.where ?? []);
    checkPaging(errors, undefined, shape.limit);
    if (errors.length) throw invalid(errors);
    return aggregateQuery(ctx, shape);
  }
  known("value", shape.value);
  if (shape.label !== undefined) known("label", shape.label);
  checkWhere(ctx, errors, shape.where ?? []);
  checkPaging(errors, undefined, shape.limit);
  if (errors.length) throw invalid(errors);
  return distinctQuery(ctx, shape);
}

type Ctx = { input: ShapeInput; cols: Map<string, DatasetColumn>; q: (n: string) => string };

function checkPaging(errors: FieldError[], offset: number | undefined, limit: number | undefined) {
  if (offset !== undefined && (!Number.isSafeInteger(offset) || offset < 0)) errors.push({ field: "offset", message: "reports.bad_limit" });
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_LIMIT)) errors.push({ field: "limit", message: "reports.bad_limit" });
}

/** Filters on a masked column would let a masked viewer probe its clear values: refused for them. */
function checkWhere(ctx: Ctx, errors: FieldError[], where: Array<{ column: string; op: string; value: unknown }>) {
  where.forEach((w, i) => {
    const col = ctx.cols.get(w.column);
    if (!col) return void errors.push({ field: `where[${i}].column`, message: "reports.unknown_column", params: { name: String(w.column) } });
    if (col.mask && !ctx.input.unmask) errors.push({ field: `where[${i}].column`, message: "reports.masked_filter", params: { name: w.column } });
    if (!["eq", "gte", "lt", "in"].includes(w.op)) errors.push({ field: `where[${i}].op`, message: "reports.bad_op", params: { name: String(w.op) } });
    const items = w.op === "in" ? w.value : [w.value];
    const ok = Array.isArray(items) && items.every((v) => {
      try {
        return (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && (scalar(col.type, String(v), ctx.input.dialect), true);
      } catch {
        return false;
      }
    });
    if (!ok) errors.push({ field: `where[${i}].value`, message: "reports.filter_value" });
  });
}

/** `FROM (<dataset>) t WHERE <row filters and where>` with values bound in text order. */
function fromWhere(ctx: Ctx, binder: Binder, where: Array<{ column: string; op: string; value: unknown }> = []): string {
  const inner = innerSql(ctx.input, binder);
  const conds: string[] = [];
  for (const f of ctx.input.filters) {
    conds.push(f.values.length === 0 ? "1 = 0" : `t.${ctx.q(f.column)} IN (${binder.bindList(f.values, "string")})`);
  }
  for (const w of where) {
    const type = ctx.cols.get(w.column)!.type;
    const c = `t.${ctx.q(w.column)}`;
    if (w.op === "in") {
      const list = (w.value as unknown[]).map((v) => scalar(type, String(v), binder.dialect));
      conds.push(list.length === 0 ? "1 = 0" : `${c} IN (${binder.bindList(list, type)})`);
    } else {
      const op = w.op === "eq" ? "=" : w.op === "gte" ? ">=" : "<";
      conds.push(`${c} ${op} ${binder.bind(scalar(type, String(w.value), binder.dialect), type)}`);
    }
  }
  // the newline ends a trailing `--` comment of the dataset's SQL before the wrapper goes on
  return `FROM (\n${inner}\n) t${conds.length ? ` WHERE ${conds.join(" AND ")}` : ""}`;
}

/** A column in the SELECT: masked for a viewer without unmask. */
function selectExpr(ctx: Ctx, name: string): string {
  const col = ctx.cols.get(name)!;
  const raw = `t.${ctx.q(name)}`;
  return col.mask && !ctx.input.unmask ? maskExpr(ctx.input.dialect, col.mask, raw) : raw;
}

function outColumn(ctx: Ctx, name: string): ReportDataColumn {
  const col = ctx.cols.get(name)!;
  const masked = Boolean(col.mask) && !ctx.input.unmask;
  return { name, label: col.label ?? name, type: masked ? "string" : col.type, ...(masked ? { masked: true } : {}) };
}

function limitSql(limit: number | undefined, offset: number | undefined): string {
  if (limit === undefined && !offset) return "";
  // MySQL and SQLite need a LIMIT before an OFFSET
  return ` LIMIT ${limit ?? MAX_LIMIT}${offset ? ` OFFSET ${offset}` : ""}`;
}

function rowsQuery(ctx: Ctx, shape: Extract<QueryShape, { kind: "rows" }>): CompiledShape {
  const names = shape.columns?.length ? shape.columns : [...ctx.cols.keys()];
  const binder = new Binder(ctx.input.dialect);
  const select = names.length ? names.map((n) => `${selectExpr(ctx, n)} AS ${ctx.q(n)}`).join(", ") : "t.*";
  let sql = `SELECT ${select} ${fromWhere(ctx, binder)}`;
  // sorted by the output (masked) value: the order of masked rows must not reveal the clear values
  if (shape.sort?.length) sql += ` ORDER BY ${shape.sort.map((s) => `${names.includes(s.column) ? ctx.q(s.column) : selectExpr(ctx, s.column)} ${s.dir === "desc" ? "DESC" : "ASC"}`).join(", ")}`;
  sql += limitSql(shape.limit, shape.offset);
  const out: CompiledShape = { query: binder.done(sql), columns: names.map((n) => outColumn(ctx, n)) };
  if (shape.count) {
    const countBinder = new Binder(ctx.input.dialect);
    out.count = countBinder.done(`SELECT COUNT(*) AS n ${fromWhere(ctx, countBinder)}`);
  }
  return out;
}

function measureExpr(ctx: Ctx, m: Extract<QueryShape, { kind: "aggregate" }>["measures"][number]): string {
  if (m.column === "*") return "COUNT(*)";
  const c = `t.${ctx.q(m.column)}`;
  if (m.agg === "count") return `COUNT(${c})`;
  if (m.agg === "count_distinct") return `COUNT(DISTINCT ${c})`;
  const col = ctx.cols.get(m.column)!;
  const expr = m.agg === "none" ? c : `${m.agg.toUpperCase()}(${c})`;
  return col.mask && !ctx.input.unmask ? maskExpr(ctx.input.dialect, col.mask, expr) : expr;
}

function aggregateQuery(ctx: Ctx, shape: Extract<QueryShape, { kind: "aggregate" }>): CompiledShape {
  const binder = new Binder(ctx.input.dialect);
  const dims = shape.dimensions.map((d) => ({ name: d, expr: selectExpr(ctx, d) }));
  const plain = shape.measures.filter((m) => m.agg === "none" && m.column !== "*").map((m) => `t.${ctx.q(m.column)}`);
  const select = [...dims.map((d) => `${d.expr} AS ${ctx.q(d.name)}`), ...shape.measures.map((m) => `${measureExpr(ctx, m)} AS ${ctx.q(m.as)}`)];
  if (select.length === 0) throw invalid([{ field: "measures", message: "validation.empty" }]);
  let sql = `SELECT ${select.join(", ")} ${fromWhere(ctx, binder, shape.where)}`;
  const group = [...dims.map((d) => d.expr), ...plain];
  if (group.length && shape.measures.some((m) => m.agg !== "none")) sql += ` GROUP BY ${group.join(", ")}`;
  if (shape.sort?.length) sql += ` ORDER BY ${shape.sort.map((s) => `${ctx.q(s.column)} ${s.dir === "desc" ? "DESC" : "ASC"}`).join(", ")}`;
  sql += limitSql(shape.limit, undefined);
  const columns: ReportDataColumn[] = [
    ...shape.dimensions.map((d) => outColumn(ctx, d)),
    ...shape.measures.map((m) => measureColumn(ctx, m)),
  ];
  return { query: binder.done(sql), columns };
}

function measureColumn(ctx: Ctx, m: Extract<QueryShape, { kind: "aggregate" }>["measures"][number]): ReportDataColumn {
  const col = ctx.cols.get(m.column);
  const counted = m.agg === "count" || m.agg === "count_distinct";
  const masked = !counted && Boolean(col?.mask) && !ctx.input.unmask;
  const type: ReportValueType = counted || m.agg === "sum" || m.agg === "avg" ? "number" : masked ? "string" : (col?.type ?? "number");
  return { name: m.as, label: col?.label ?? m.as, type, ...(masked ? { masked: true } : {}) };
}

function distinctQuery(ctx: Ctx, shape: Extract<QueryShape, { kind: "distinct" }>): CompiledShape {
  const binder = new Binder(ctx.input.dialect);
  const names = [shape.value, ...(shape.label !== undefined && shape.label !== shape.value ? [shape.label] : [])];
  const select = names.map((n) => `${selectExpr(ctx, n)} AS ${ctx.q(n)}`).join(", ");
  const sql = `SELECT DISTINCT ${select} ${fromWhere(ctx, binder, shape.where)} ORDER BY ${ctx.q(shape.value)} ASC${limitSql(shape.limit, undefined)}`;
  return { query: binder.done(sql), columns: names.map((n) => outColumn(ctx, n)) };
}
