import type { Actor, Page, UserActor } from "@ops/shared";
import type { Dataset, DatasetPreview } from "@ops/shared/contracts/reports.ts";
import type { Clock } from "../../../platform/clock.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow, updateRow, Where } from "../../../platform/db/query.ts";
import type { DatasetLookup } from "../ports.ts";
import { conflict } from "@ops/shared";
import { datasetNotFound, nameTaken } from "../reports.errors.ts";
import type { DatasetBody, DatasetPatchBody } from "./datasets.schema.ts";
import { datasetColumns, loadDataset, reportUsingDataset, toDataset, type DatasetRow } from "./datasets.sql.ts";
import { checkedDraft, type DatasetDraft, type ValidateDeps } from "./validate-dataset.ts";

export type DatasetsDeps = ValidateDeps & { db: Db; clock: Clock };

/** What the audit keeps of a dataset (its definition; the columns follow from it). */
const auditShape = (d: Dataset) => {
  const { id: _i, created_at: _c, updated_at: _u, created_by: _b, ...rest } = d;
  return rest;
};

const asDraft = (b: DatasetBody | (Dataset & DatasetPatchBody)): DatasetDraft => ({
  name: b.name, description: b.description ?? "", datasource_id: b.datasource_id, mode: b.mode ?? (b.builder ? "builder" : "sql"), sql: b.sql ?? null,
  builder: (b.builder ?? null) as DatasetDraft["builder"], params: b.params ?? [], columns: (b.columns ?? []) as DatasetDraft["columns"],
  row_filters: b.row_filters ?? [],
});

/** datasets/: CRUD with the columns learnt from the query on save; in-use datasets are not deleted. */
export function createDatasets(deps: DatasetsDeps) {
  const { db, clock, runner } = deps;

  async function get(id: string): Promise<Dataset> {
    const found = await loadDataset(db, id);
    if (!found) throw datasetNotFound(id);
    return found;
  }

  async function list(q: { page: number; page_size: number; q?: string; datasource_id?: string }): Promise<Page<Dataset>> {
    const where = new Where().eq("datasource_id", q.datasource_id).search(["name", "description"], q.q);
    const total = Number((await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM report_datasets ${where.sql}`, where.params))?.n ?? 0);
    const offset = (q.page - 1) * q.page_size;
    const rows = await db.all<DatasetRow>(`SELECT * FROM report_datasets ${where.sql} ORDER BY name LIMIT ${q.page_size} OFFSET ${offset}`, where.params);
    return { items: rows.map(toDataset), total, page: q.page, page_size: q.page_size, pages: Math.ceil(total / q.page_size) };
  }

  async function assertNameFree(name: string, exceptId?: string) {
    const row = await db.get<{ id: string }>("SELECT id FROM report_datasets WHERE name = ?", [name]);
    if (row && row.id !== exceptId) throw nameTaken(name);
  }

  async function create(actor: UserActor, body: DatasetBody): Promise<Dataset> {
    await assertNameFree(body.name);
    const draft = await checkedDraft(deps, asDraft(body));
    const ts = iso(clock.now());
    const id = newId();
    const created = await db.tx(async () => {
      await assertNameFree(body.name);
      await insertRow(db, "report_datasets", { id, ...datasetColumns(draft), created_by: actor.userId, created_at: ts, updated_at: ts });
      return get(id);
    });
    noteAudit({ resourceType: "report_dataset", resourceId: id, after: auditShape(created) });
    return created;
  }

  /** PUT replaces the definition; PATCH merges the given properties. The columns are learnt again either way. */
  async function update(_actor: UserActor, id: string, body: DatasetPatchBody): Promise<Dataset> {
    const before = await get(id);
    const merged = { ...before, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) } as Dataset & DatasetPatchBody;
    // columns not given keep the author's labels and masks
    if (body.columns === undefined) merged.columns = before.columns;
    await assertNameFree(merged.name, id);
    const draft = await checkedDraft(deps, asDraft(merged));
    const updated = await db.tx(async () => {
      await assertNameFree(merged.name, id);
      await updateRow(db, "report_datasets", { id }, { ...datasetColumns(draft), updated_at: iso(clock.now()) });
      return get(id);
    });
    noteAudit({ resourceType: "report_dataset", resourceId: id, before: auditShape(before), after: auditShape(updated) });
    return updated;
  }

  async function remove(_actor: UserActor, id: string): Promise<{ id: string; deleted: true }> {
    const before = await get(id);
    await db.tx(async () => {
      const user = await reportUsingDataset(db, id);
      if (user) throw conflict("reports.dataset_in_use", { name: user.name }, [{ field: "id", message: "reports.dataset_in_use", params: { name: user.name } }]);
      await db.run("DELETE FROM report_datasets WHERE id = ?", [id]);
    });
    noteAudit({ resourceType: "report_dataset", resourceId: id, before: auditShape(before) });
    return { id, deleted: true };
  }

  async function preview(actor: Actor, id: string, params: Record<string, string | string[]>): Promise<DatasetPreview> {
    const dataset = await get(id);
    noteAudit({ resourceType: "report_dataset", resourceId: id });
    return runner.preview(actor, dataset, params);
  }

  /** An unsaved dataset: checked like a save (columns learnt), then previewed. */
  async function previewDraft(actor: Actor, body: DatasetBody, params: Record<string, string | string[]>): Promise<DatasetPreview> {
    const draft = await checkedDraft(deps, asDraft(body));
    return runner.preview(actor, draft, params);
  }

  const lookup: DatasetLookup = { get };
  return { list, get, create, update, remove, preview, previewDraft, lookup };
}

export type Datasets = ReturnType<typeof createDatasets>;
