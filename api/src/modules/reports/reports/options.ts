import { notFound, type Actor, type FieldError } from "@ops/shared";
import type { ControlOption, Dataset, ReportControl } from "@ops/shared/contracts/reports.ts";
import type { DatasetLookup, DatasetRunner, QueryShape } from "../ports.ts";
import { invalid } from "../reports.errors.ts";
import { selectedValues, type Params, type RawParams } from "./params.ts";
import type { ReportDef } from "./store.ts";

/** Options a control offers at most (a select longer than this is a text box's job). */
const OPTION_CAP = 5_000;

const descendantsOf = (report: ReportDef, name: string): Set<string> => {
  const out = new Set([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of report.controls) {
      if (c.depends_on && out.has(c.depends_on) && !out.has(c.name)) {
        out.add(c.name);
        grew = true;
      }
    }
  }
  return out;
};

function flatten(options: ControlOption[]): string[] {
  return options.flatMap((o) => [o.value, ...flatten(o.children ?? [])]);
}

/** Tree options: each row's parent_column holds its parent option's value; rows whose parent is absent are roots. */
function buildTree(rows: Array<{ value: string; label: string; parent: string | null }>): ControlOption[] {
  const nodes = new Map<string, ControlOption>();
  for (const r of rows) if (!nodes.has(r.value)) nodes.set(r.value, { value: r.value, label: r.label });
  const roots: ControlOption[] = [];
  const placed = new Set<string>();
  for (const r of rows) {
    if (placed.has(r.value)) continue;
    placed.add(r.value);
    const node = nodes.get(r.value)!;
    const parent = r.parent !== null && r.parent !== r.value ? nodes.get(r.parent) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Control options: static, or a query over a dataset as the viewer (their row filters apply), cascading on the parent's value. */
export function createOptions(deps: { datasets: DatasetLookup; runner: DatasetRunner }) {
  async function load(actor: Actor, report: ReportDef, control: ReportControl, raw: RawParams, params: Params): Promise<ControlOption[]> {
    const o = control.options;
    if (!o?.dataset_id || !o.value_column) return o?.static ?? [];
    const dataset: Dataset = await deps.datasets.get(o.dataset_id);
    // the options' own query takes the report's other parameters, never this control's (nor its children's): a chosen
    // city must not narrow the list of cities
    const own = descendantsOf(report, control.name);
    const skip = new Set(report.controls.filter((c) => own.has(c.name)).flatMap((c) => (c.params ? [...c.params] : c.param ? [c.param] : [])));
    const declared = new Set(dataset.params.map((p) => p.name));
    const runParams = Object.fromEntries(Object.entries(params).filter(([k]) => declared.has(k) && !skip.has(k)));
    const where: Array<{ column: string; op: "eq" | "in"; value: unknown }> = [];
    const parent = control.depends_on ? report.controls.find((c) => c.name === control.depends_on) : undefined;
    const parentValues = parent ? selectedValues(parent, raw) : null;
    if (parent && parentValues && o.parent_column) where.push(parentValues.length === 1 ? { column: o.parent_column, op: "eq", value: parentValues[0] } : { column: o.parent_column, op: "in", value: parentValues });
    if (control.type === "tree" && o.parent_column) {
      const columns = [o.value_column, o.label_column ?? o.value_column, o.parent_column];
      const shape: QueryShape = { kind: "rows", columns: [...new Set(columns)], sort: [{ column: o.label_column ?? o.value_column, dir: "asc" }], limit: OPTION_CAP };
      const result = await deps.runner.run(actor, dataset, runParams, shape);
      return buildTree(result.rows.map((r) => ({ value: text(r[o.value_column!]) ?? "", label: text(r[o.label_column ?? o.value_column!]) ?? "", parent: text(r[o.parent_column!]) })).filter((r) => r.value !== ""));
    }
    const shape: QueryShape = { kind: "distinct", value: o.value_column, ...(o.label_column ? { label: o.label_column } : {}), where, limit: OPTION_CAP };
    const result = await deps.runner.run(actor, dataset, runParams, shape);
    const labelKey = o.label_column ?? o.value_column;
    const seen = new Set<string>();
    const out: ControlOption[] = [];
    for (const r of result.rows) {
      const value = text(r[o.value_column]);
      if (value === null || seen.has(value)) continue;
      seen.add(value);
      out.push({ value, label: text(r[labelKey]) ?? value });
    }
    return out;
  }

  /** `GET …/controls/{name}/options`: the control by name (404 naming it otherwise). */
  async function options(actor: Actor, report: ReportDef, name: string, raw: RawParams, params: Params): Promise<ControlOption[]> {
    const control = report.controls.find((c) => c.name === name);
    if (!control) throw notFound("reports.def.control_not_found", { name });
    return load(actor, report, control, raw, params);
  }

  /** Every select's values must be among its options as this viewer sees them: 400 naming the control otherwise. */
  async function checkValues(actor: Actor, report: ReportDef, raw: RawParams, params: Params): Promise<void> {
    const errors: FieldError[] = [];
    for (const c of report.controls) {
      if ((c.type !== "select" && c.type !== "multiselect" && c.type !== "tree") || !c.options) continue;
      const values = selectedValues(c, raw);
      if (!values) continue;
      const allowed = new Set(flatten(await load(actor, report, c, raw, params)));
      const bad = values.find((v) => !allowed.has(v));
      if (bad !== undefined) errors.push({ field: c.name, message: "reports.def.control_value_unknown", params: { label: c.label, value: bad.slice(0, 100) } });
    }
    if (errors.length) throw invalid(errors);
  }

  return { options, checkValues };
}

export type Options = ReturnType<typeof createOptions>;
