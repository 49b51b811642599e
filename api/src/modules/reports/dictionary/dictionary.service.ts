import type { Actor, FieldError, Page } from "@ops/shared";
import type { Metric, Report } from "@ops/shared/contracts/reports.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { DatasetLookup } from "../ports.ts";
import { mayView, roleCodes } from "../reports/index.ts";
import { invalid, nameTaken } from "../reports.errors.ts";
import { notFound } from "@ops/shared";
import type { CreateMetricInput, ListMetricsQuery, UpdateMetricInput } from "./dictionary.schema.ts";

type MetricRow = {
  id: string; name: string; title: string; owner_id: string | null; definition: string; sql_text: string | null; dataset_id: string | null;
  column_name: string | null; unit: string; refresh: string; tags: string; created_at: string; updated_at: string;
};
type MetricDef = Omit<Metric, "report_ids">;
type ReportUse = Pick<Report, "id" | "dataset_id" | "chart" | "roles">;

const toMetric = (r: MetricRow): MetricDef => ({
  id: r.id, name: r.name, title: r.title, owner_id: r.owner_id, definition: r.definition, sql: r.sql_text, dataset_id: r.dataset_id,
  column: r.column_name, unit: r.unit, refresh: r.refresh, tags: JSON.parse(r.tags), created_at: r.created_at, updated_at: r.updated_at,
});
const columnsOf = (m: Omit<MetricDef, "id" | "created_at" | "updated_at">) => ({
  name: m.name, title: m.title, owner_id: m.owner_id, definition: m.definition, sql_text: m.sql, dataset_id: m.dataset_id,
  column_name: m.column, unit: m.unit, refresh: m.refresh, tags: JSON.stringify(m.tags),
});

export const metricNotFound = (id: string) => notFound("reports.metric_not_found", { id });

/** The metric dictionary (指标字典): named metrics with their business definition; the reports using them are computed. */
export function createDictionary(deps: { db: Db; clock: Clock; datasets: DatasetLookup }) {
  const { db, clock } = deps;

  /**
   * Reports whose dataset is the metric's dataset, or whose chart measures the metric's column, among those `actor`
   * may view (the report's roles): a report they may not open is not named to them.
   */
  async function withReports(actor: Actor, metrics: MetricDef[]): Promise<Metric[]> {
    const all = (await db.all<{ id: string; dataset_id: string; chart: string; roles: string }>("SELECT id, dataset_id, chart, roles FROM reports ORDER BY name"))
      .map((r): ReportUse => ({ id: r.id, dataset_id: r.dataset_id, chart: JSON.parse(r.chart), roles: JSON.parse(r.roles) as string[] }));
    const codes = await roleCodes(db, actor);
    const reports: ReportUse[] = [];
    for (const r of all) if (await mayView(db, actor, r, codes)) reports.push(r);
    const ownerIds = [...new Set(metrics.map((m) => m.owner_id).filter((id): id is string => !!id))];
    const owners = new Map(ownerIds.length
      ? (await db.all<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE id IN (${ownerIds.map(() => "?").join(", ")})`, ownerIds)).map((u) => [u.id, u.display_name])
      : []);
    return metrics.map((m) => ({
      ...m,
      owner_name: m.owner_id ? owners.get(m.owner_id) ?? null : null,
      report_ids: reports.filter((r) => (m.dataset_id && r.dataset_id === m.dataset_id) || (m.column && r.chart.series.some((s) => s.column === m.column))).map((r) => r.id),
    }));
  }

  async function load(idOrName: string): Promise<MetricDef> {
    const row = await db.get<MetricRow>("SELECT * FROM report_metrics WHERE id = ?", [idOrName]) ?? await db.get<MetricRow>("SELECT * FROM report_metrics WHERE name = ?", [idOrName]);
    if (!row) throw metricNotFound(idOrName);
    return toMetric(row);
  }

  async function check(m: Omit<MetricDef, "id" | "created_at" | "updated_at">): Promise<void> {
    const errors: FieldError[] = [];
    if (m.sql && (m.dataset_id || m.column)) errors.push({ field: "sql", message: "reports.metric_sql_or_field" });
    if (m.column && !m.dataset_id) errors.push({ field: "dataset_id", message: "reports.metric_needs_dataset" });
    if (m.dataset_id) {
      const dataset = await deps.datasets.get(m.dataset_id).catch(() => null);
      if (!dataset) errors.push({ field: "dataset_id", message: "reports.dataset_not_found", params: { id: m.dataset_id } });
      else if (m.column && !dataset.columns.some((c) => c.name === m.column)) errors.push({ field: "column", message: "reports.def.unknown_column", params: { column: m.column } });
    }
    if (m.owner_id && !(await db.get("SELECT id FROM users WHERE id = ?", [m.owner_id]))) errors.push({ field: "owner_id", message: "reports.def.unknown_user" });
    if (errors.length) throw invalid(errors);
  }

  async function list(actor: Actor, q: ListMetricsQuery): Promise<Page<Metric>> {
    const words = q.q?.trim().toLowerCase();
    const all = (await db.all<MetricRow>("SELECT * FROM report_metrics ORDER BY name")).map(toMetric)
      .filter((m) => !words || `${m.name} ${m.title} ${m.definition} ${m.tags.join(" ")}`.toLowerCase().includes(words))
      .filter((m) => !q.tag || m.tags.includes(q.tag));
    const start = (q.page - 1) * q.page_size;
    return { items: await withReports(actor, all.slice(start, start + q.page_size)), total: all.length, page: q.page, page_size: q.page_size, pages: Math.ceil(all.length / q.page_size) };
  }

  const get = async (actor: Actor, idOrName: string): Promise<Metric> => (await withReports(actor, [await load(idOrName)]))[0]!;

  async function create(actor: Actor, input: CreateMetricInput): Promise<Metric> {
    await check(input);
    const id = newId();
    const ts = iso(clock.now());
    await db.tx(async () => {
      if (await db.get("SELECT id FROM report_metrics WHERE name = ?", [input.name])) throw nameTaken(input.name);
      await insertRow(db, "report_metrics", { id, ...columnsOf(input), created_at: ts, updated_at: ts });
    });
    const created = await get(actor, id);
    noteAudit({ resourceType: "metric", resourceId: id, after: created });
    return created;
  }

  async function update(actor: Actor, idOrName: string, patch: UpdateMetricInput): Promise<Metric> {
    const before = await load(idOrName);
    const next: MetricDef = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await check(next);
    await db.tx(async () => {
      if (next.name !== before.name && await db.get("SELECT id FROM report_metrics WHERE name = ? AND id <> ?", [next.name, before.id])) throw nameTaken(next.name);
      await updateRow(db, "report_metrics", { id: before.id }, { ...columnsOf(next), updated_at: iso(clock.now()) });
    });
    const updated = await get(actor, before.id);
    noteAudit({ resourceType: "metric", resourceId: before.id, before, after: updated });
    return updated;
  }

  async function remove(idOrName: string): Promise<{ id: string; deleted: true }> {
    const before = await load(idOrName);
    await db.run("DELETE FROM report_metrics WHERE id = ?", [before.id]);
    noteAudit({ resourceType: "metric", resourceId: before.id, before });
    return { id: before.id, deleted: true };
  }

  return { list, get, create, update, remove };
}

export type Dictionary = ReturnType<typeof createDictionary>;
