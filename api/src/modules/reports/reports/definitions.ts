import { AppError, conflict, type Actor, type Page } from "@ops/shared";
import type { Report } from "@ops/shared/contracts/reports.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { DatasetLookup } from "../ports.ts";
import { invalid, nameTaken, reportNotFound } from "../reports.errors.ts";
import { mayView, requireView, roleCodes } from "./access.ts";
import type { CreateReportInput, ListReportsQuery, UpdateReportInput } from "./reports.schema.ts";
import { isFavourite, loadReport, reportColumns, toReport, type ReportDef, type ReportRow } from "./store.ts";
import { reportProblems } from "./validate.ts";

const SORTS: Record<string, (a: ReportDef, b: ReportDef) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  title: (a, b) => a.title.localeCompare(b.title, "zh-CN"),
  updated_at: (a, b) => a.updated_at.localeCompare(b.updated_at),
  created_at: (a, b) => a.created_at.localeCompare(b.created_at),
};

function sorter(sort: string | undefined): (a: ReportDef, b: ReportDef) => number {
  if (!sort) return SORTS.name!;
  const desc = sort.startsWith("-");
  const cmp = SORTS[desc ? sort.slice(1) : sort];
  if (!cmp) throw new AppError("common.invalid_sort", { status: 400, errors: [{ field: "sort", message: sort }], params: { field: sort, allowed: Object.keys(SORTS).join(", ") } });
  return desc ? (a, b) => cmp(b, a) : cmp;
}

/** Report definitions: CRUD (reports:manage writes, checked by the routes), lists and reads as the viewer. */
export function createDefinitions(deps: { db: Db; clock: Clock; datasets: DatasetLookup; onChange?: (reportId: string) => void }) {
  const { db, clock, datasets } = deps;

  async function withFavourite(actor: Actor, r: ReportDef): Promise<Report> {
    return { ...r, favourite: await isFavourite(db, actor.kind === "user" ? actor.userId : null, r.id) };
  }

  async function list(actor: Actor, q: ListReportsQuery): Promise<Page<Report>> {
    const userId = actor.kind === "user" ? actor.userId : null;
    const favs = new Set((await db.all<{ report_id: string }>("SELECT report_id FROM report_favourites WHERE user_id = ?", [userId ?? ""])).map((r) => r.report_id));
    const words = q.q?.trim().toLowerCase();
    const rows = (await db.all<ReportRow>("SELECT * FROM reports")).map(toReport);
    const visible: Report[] = [];
    const codes = await roleCodes(db, actor);
    for (const r of rows.sort(sorter(q.sort))) {
      if (q.dataset_id && r.dataset_id !== q.dataset_id) continue;
      if (q.favourites === "1" && !favs.has(r.id)) continue;
      if (words && !`${r.name} ${r.title} ${r.description}`.toLowerCase().includes(words)) continue;
      if (await mayView(db, actor, r, codes)) visible.push({ ...r, favourite: favs.has(r.id) });
    }
    const start = (q.page - 1) * q.page_size;
    return { items: visible.slice(start, start + q.page_size), total: visible.length, page: q.page, page_size: q.page_size, pages: Math.ceil(visible.length / q.page_size) };
  }

  async function get(actor: Actor, idOrName: string): Promise<Report> {
    return withFavourite(actor, await requireView(db, actor, idOrName));
  }

  async function check(draft: Parameters<typeof reportProblems>[2]) {
    const errors = await reportProblems(db, datasets, draft);
    if (errors.length) throw invalid(errors);
  }

  async function create(actor: Actor, input: CreateReportInput): Promise<Report> {
    const id = newId();
    await check({ ...input, id });
    const ts = iso(clock.now());
    const owner = actor.kind === "user" ? actor.userId : null;
    await db.tx(async () => {
      if (await db.get("SELECT id FROM reports WHERE name = ?", [input.name])) throw nameTaken(input.name);
      await insertRow(db, "reports", { id, ...reportColumns({ ...input, owner_id: owner }), created_at: ts, updated_at: ts });
    });
    const created = (await loadReport(db, id))!;
    noteAudit({ resourceType: "report", resourceId: id, after: created });
    return withFavourite(actor, created);
  }

  async function update(actor: Actor, idOrName: string, patch: UpdateReportInput): Promise<Report> {
    const before = await requireView(db, actor, idOrName);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: ReportDef = { ...before, ...defined };
    await check(next);
    // a clock that did not move still makes a new cache key: updated_at strictly grows
    const now = iso(clock.now());
    const ts = now > before.updated_at ? now : new Date(Date.parse(before.updated_at) + 1).toISOString();
    await db.tx(async () => {
      if (next.name !== before.name && await db.get("SELECT id FROM reports WHERE name = ? AND id <> ?", [next.name, before.id])) throw nameTaken(next.name);
      await updateRow(db, "reports", { id: before.id }, { ...reportColumns(next), updated_at: ts });
    });
    const updated = (await loadReport(db, before.id))!;
    deps.onChange?.(before.id);
    noteAudit({ resourceType: "report", resourceId: before.id, before, after: updated });
    return withFavourite(actor, updated);
  }

  /** Refused (409) while another report drills through to it; favourites, prefs and shares go with it. */
  async function remove(actor: Actor, idOrName: string): Promise<{ id: string; deleted: true }> {
    const before = await requireView(db, actor, idOrName);
    const referrers = (await db.all<ReportRow>("SELECT * FROM reports WHERE drill IS NOT NULL AND id <> ?", [before.id])).map(toReport)
      .filter((r) => r.drill && (r.drill.report_id === before.id || r.drill.report_id === before.name));
    if (referrers.length) throw conflict("reports.def.report_drilled", { name: before.name, by: referrers[0]!.name });
    await db.tx(async () => {
      for (const table of ["report_favourites", "report_view_prefs", "report_shares"]) await db.run(`DELETE FROM ${table} WHERE report_id = ?`, [before.id]);
      await db.run("DELETE FROM reports WHERE id = ?", [before.id]);
    });
    deps.onChange?.(before.id);
    noteAudit({ resourceType: "report", resourceId: before.id, before });
    return { id: before.id, deleted: true };
  }

  return { list, get, create, update, remove, notFound: reportNotFound };
}

export type Definitions = ReturnType<typeof createDefinitions>;
