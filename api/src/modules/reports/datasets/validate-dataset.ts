import { AppError, type FieldError } from "@ops/shared";
import type { Dataset, DatasetColumn } from "@ops/shared/contracts/reports.ts";
import type { SourceRegistry } from "../ports.ts";
import { invalid } from "../reports.errors.ts";
import { builderProblems, scalar, splitSql, undeclaredParams, valueTypeOf, type DatasetRunnerImpl, type SchemaCache } from "../query/index.ts";

export type DatasetDraft = Pick<Dataset, "name" | "description" | "datasource_id" | "mode" | "sql" | "builder" | "params" | "columns" | "row_filters">;

export type ValidateDeps = { sources: SourceRegistry; schemas: SchemaCache; runner: DatasetRunnerImpl };

/**
 * Checks a dataset before it is saved or previewed, then runs it once (defaults, NULLs, LIMIT 1) to learn its columns:
 * the result's names and types, with the author's labels and masks kept by name. Every problem is a 400 naming its
 * field; a query the database refuses is the driver's 400 at `sql`. Nothing is written here.
 */
export async function checkedDraft(deps: ValidateDeps, draft: DatasetDraft): Promise<DatasetDraft> {
  const errors: FieldError[] = [];
  const shaped: DatasetDraft = { ...draft, sql: draft.mode === "sql" ? (draft.sql ?? null) : null, builder: draft.mode === "builder" ? (draft.builder ?? null) : null };
  const { driver } = await sourceOf(deps.sources, draft.datasource_id);
  errors.push(...paramProblems(draft, driver.dialect));
  if (shaped.mode === "sql") {
    if (!shaped.sql?.trim()) errors.push({ field: "sql", message: "validation.required" });
    else errors.push(...undeclaredParams(splitSql(shaped.sql, driver.dialect), new Set(draft.params.map((p) => p.name))));
  } else if (!shaped.builder) {
    errors.push({ field: "builder", message: "validation.required" });
  } else {
    errors.push(...builderProblems(shaped.builder, await deps.schemas.tables(draft.datasource_id, driver), draft.params));
  }
  if (errors.length) throw invalid(errors);
  const probed = await deps.runner.probeColumns({ ...shaped, columns: [] });
  const columns = mergeColumns(probed, draft.columns);
  const known = new Set(columns.map((c) => c.name));
  draft.row_filters.forEach((f, i) => {
    if (!known.has(f.column)) errors.push({ field: `row_filters[${i}].column`, message: "reports.unknown_column", params: { name: f.column } });
    if (f.source === "dept_attr" && !f.attr) errors.push({ field: `row_filters[${i}].attr`, message: "validation.required" });
  });
  draft.columns.forEach((c, i) => {
    if (!known.has(c.name)) errors.push({ field: `columns[${i}].name`, message: "reports.unknown_column", params: { name: c.name } });
  });
  if (errors.length) throw invalid(errors);
  return { ...shaped, columns, row_filters: draft.row_filters.map((f) => (f.source === "dept_attr" ? f : { column: f.column, source: f.source })) };
}

async function sourceOf(sources: SourceRegistry, id: string) {
  try {
    return await sources.driverOf(id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw invalid([{ field: "datasource_id", message: "reports.datasource_not_found", params: { id } }]);
    throw e;
  }
}

function paramProblems(draft: DatasetDraft, dialect: Parameters<typeof scalar>[2]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  draft.params.forEach((p, i) => {
    if (seen.has(p.name)) errors.push({ field: `params[${i}].name`, message: "reports.duplicate_param", params: { name: p.name } });
    seen.add(p.name);
    if (p.default === undefined || p.default === "") return;
    const items = p.type.endsWith("_list") ? p.default.split(",").map((s) => s.trim()).filter(Boolean) : [p.default];
    try {
      for (const v of items) scalar(valueTypeOf(p.type), v, dialect);
    } catch {
      errors.push({ field: `params[${i}].default`, message: "reports.param_invalid", params: { name: p.name, type: p.type } });
    }
  });
  return errors;
}

/** The query's columns in its order and types; label and mask are the author's, matched by name. */
function mergeColumns(probed: Array<{ name: string; type: DatasetColumn["type"] }>, authored: Array<Partial<DatasetColumn> & { name: string }>): DatasetColumn[] {
  const byName = new Map(authored.map((c) => [c.name, c]));
  return probed.map((c) => {
    const a = byName.get(c.name);
    return { name: c.name, type: c.type, ...(a?.label ? { label: a.label } : {}), ...(a?.mask ? { mask: a.mask } : {}) };
  });
}
