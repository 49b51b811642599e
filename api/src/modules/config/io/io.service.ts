import { AppError, t, type UserActor } from "@ops/shared";
import type { ConfigChange, ConfigChangeSet, ConfigTable } from "@ops/shared/contracts/config.ts";
import { noteAudit } from "../../../platform/context.ts";
import { requireRead, requireWrite } from "../config.access.ts";
import type { ConfigDeps } from "../config.deps.ts";
import { reasonRequired } from "../config.errors.ts";
import { loadLive, loadTable, maskSecrets, visibleValues, type ConfigDataLayer } from "../data/index.ts";
import type { Records } from "../records/index.ts";
import { csvOf, readSheet, xlsxOf } from "./table-file.ts";

export type ImportReport = {
  rows: number; to_create: number; to_update: number; to_delete: number;
  errors: Array<{ row: number; field: string; message: string }>;
};
export type ImportResult =
  | { kind: "dry_run"; report: ImportReport }
  | { kind: "applied"; report: ImportReport; version: number }
  | { kind: "proposed"; report: ImportReport; change_set: ConfigChangeSet };

/** An import whose rows break the rules: 422 with the report as `data`. */
export class ImportRefused extends AppError {
  constructor(readonly report: ImportReport) {
    super("config.import_invalid", { status: 422, params: { count: report.errors.length }, errors: report.errors.map((e) => ({ field: `rows[${e.row}].${e.field}`, message: e.message })) });
  }
}

const PATHS = { value: (i: number, f: string) => `rows[${i + 1}].${f}`, key: (i: number) => `rows[${i + 1}]` };
const ROW_FIELD = /^rows\[(\d+)\](?:\.(.+))?$/;

/** What a cell shows of a value (export), and reads back the same on import. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(",");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** CSV/XLSX import (upsert or replace, dry run, all-or-nothing as one version or one change set) and export. */
export function createImportExport(deps: Pick<ConfigDeps, "db" | "scope">, layer: ConfigDataLayer, records: Records) {
  const { db } = deps;

  async function changesOf(actor: UserActor, table: ConfigTable, bytes: Uint8Array, mode: "upsert" | "replace") {
    const sheet = await readSheet(bytes);
    const errors: ImportReport["errors"] = [];
    const columns = sheet.header.map((h) => table.fields.find((f) => f.key === h || f.label === h)?.key ?? null);
    sheet.header.forEach((h, i) => {
      if (!columns[i]) errors.push({ row: 0, field: h, message: t(actor.locale, "config.import_header", { header: h }) });
    });
    const keyColumn = columns.indexOf(table.key_field);
    if (keyColumn < 0) errors.push({ row: 0, field: table.key_field, message: t(actor.locale, "config.import_key_missing", { key: table.key_field }) });
    const live = await loadLive(db, table.id);
    const changes: ConfigChange[] = [];
    let toCreate = 0;
    let toUpdate = 0;
    const seen = new Set<string>();
    if (!errors.length) {
      for (const row of sheet.rows) {
        const values: Record<string, unknown> = {};
        columns.forEach((k, i) => {
          const text = (row[i] ?? "").trim();
          // an empty cell leaves an existing record's value alone (and a new record's field empty)
          if (k && text !== "") values[k] = text;
        });
        const key = (row[keyColumn] ?? "").trim();
        seen.add(key);
        if (live.has(key)) {
          const { [table.key_field]: _key, ...rest } = values;
          changes.push({ op: "update", key, values: rest });
          toUpdate++;
        } else {
          changes.push({ op: "create", values });
          toCreate++;
        }
      }
    }
    let toDelete = 0;
    if (mode === "replace" && !errors.length) {
      for (const key of live.keys()) {
        if (!seen.has(key)) {
          changes.push({ op: "delete", key });
          toDelete++;
        }
      }
    }
    if (!errors.length) {
      for (const e of await layer.problems(table, changes, actor, PATHS)) {
        const m = ROW_FIELD.exec(e.field);
        errors.push({ row: Number(m?.[1] ?? 0), field: m?.[2] ?? table.key_field, message: t(actor.locale, e.message, e.params) });
      }
    }
    const report: ImportReport = { rows: sheet.rows.length, to_create: toCreate, to_update: toUpdate, to_delete: toDelete, errors };
    return { changes, report };
  }

  async function importFile(
    actor: UserActor, name: string,
    input: { bytes: Uint8Array; mode: "upsert" | "replace"; dryRun: boolean; reason?: string },
  ): Promise<ImportResult> {
    const table = await requireWrite(db, actor, await loadTable(db, name), name);
    const reason = input.reason?.trim();
    if (!input.dryRun && !reason) throw reasonRequired();
    const { changes, report } = await changesOf(actor, table, input.bytes, input.mode);
    if (input.dryRun) return { kind: "dry_run", report };
    if (report.errors.length) throw new ImportRefused(report);
    const result = await records.write(actor, table, changes, { reason: reason!, kind: "import", paths: PATHS });
    noteAudit({
      resourceType: "config_table", resourceId: name,
      after: { mode: input.mode, rows: report.rows, to_create: report.to_create, to_update: report.to_update, to_delete: report.to_delete, reason,
        ...(result.kind === "applied" ? { version: result.version } : { change_set_id: result.change_set.id }) },
    });
    return result.kind === "applied" ? { kind: "applied", report, version: result.version } : { kind: "proposed", report, change_set: result.change_set };
  }

  /** The records the caller sees (data scopes), secrets masked; header row = field keys, so the file imports back. */
  async function exportFile(actor: UserActor, name: string, format: "csv" | "xlsx"): Promise<{ body: string | Uint8Array; type: string; filename: string }> {
    const table = await requireRead(db, actor, await loadTable(db, name), name);
    const page = await records.list(actor, name, { page: 1, page_size: 1_000_000 }, {});
    const header = table.fields.map((f) => f.key);
    const rows = page.items.map((r) => header.map((k) => cell(visibleValues(table, maskSecrets(table, r.values))[k])));
    noteAudit({ resourceType: "config_table", resourceId: name, after: { format, rows: rows.length } });
    if (format === "xlsx") {
      return { body: await xlsxOf(table.name, header, rows), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: `${table.name}.xlsx` };
    }
    return { body: csvOf(header, rows), type: "text/csv; charset=utf-8", filename: `${table.name}.csv` };
  }

  return { importFile, exportFile };
}

export type ImportExport = ReturnType<typeof createImportExport>;
