import { AppError, type UserActor } from "@ops/shared";
import type { Datasource, UploadColumn, UploadInfo } from "@ops/shared/contracts/reports.ts";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import { quoteIdent } from "../dialect.ts";
import type { SourceRegistry } from "../ports.ts";
import type { ReportsDeps } from "../reports.deps.ts";
import { datasourceNotFound, invalid, nameTaken } from "../reports.errors.ts";
import { columnDifferences } from "./append.ts";
import { rowValues, type DescribedTable } from "./columns.ts";
import { parseUpload } from "./parse-upload.ts";
import { createTable, dropTable, insertRows, uploadTable } from "./store-table.ts";
import { appendMismatch, fileRequired, fileTooLarge, notAnUpload } from "./uploads.errors.ts";

export type UploadFile = { bytes: Uint8Array; name: string };
export type UploadMode = "replace" | "append";

/** `POST /datasources/upload/preview`: what the upload would create, nothing stored. */
export type UploadPreview = {
  file_name: string;
  header_rows: number;
  /** XLSX: the workbook's sheets (`sheet` picks one; the first by default) */
  sheets?: string[];
  columns: UploadColumn[];
  /** the first PREVIEW_ROWS rows, values converted to their column's type */
  rows: Array<Record<string, unknown>>;
  total_rows: number;
};

const PREVIEW_ROWS = 20;
const MAX_NAME = 100;

export type UploadsDeps = Pick<ReportsDeps, "db" | "clock" | "uploadMaxBytes"> & {
  /** the datasources as everyone reads them; `forget` drops what it keeps of one (driver, schema) after a change */
  sources: Pick<SourceRegistry, "get"> & { forget?(id: string): void | Promise<void> };
};

type StoredUpload = { id: string; name: string; type: string; upload: string | null };

/**
 * CSV/XLSX files loaded into a local table of the built-in store (`rpt_up_<id>`), one `upload` datasource each.
 * Parsing happens before any write; the table, its rows and the datasource row change in one transaction, so a
 * refused or failed upload leaves everything as it was (a failed re-upload keeps the old rows).
 */
export function createUploads(deps: UploadsDeps) {
  const { db, clock } = deps;

  async function read(file: UploadFile | null, sheet: string | undefined): Promise<DescribedTable> {
    if (!file || file.bytes.byteLength === 0) throw fileRequired();
    if (file.bytes.byteLength > deps.uploadMaxBytes) throw fileTooLarge(deps.uploadMaxBytes);
    return parseUpload(file.bytes, { sheet });
  }

  function infoOf(actor: UserActor, table: string, fileName: string, rows: number, columns: UploadColumn[]): UploadInfo {
    return { table, file_name: fileName, rows, columns, uploaded_at: iso(clock.now()), uploaded_by: actor.userId };
  }

  async function preview(file: UploadFile | null, options: { sheet?: string } = {}): Promise<UploadPreview> {
    const t = await read(file, options.sheet);
    const positions = t.columns.map((_, i) => i);
    const rows = t.rows.slice(0, PREVIEW_ROWS).map((row) => {
      const values = rowValues(row, t.columns, positions);
      return Object.fromEntries(t.columns.map((c, i) => [c.name, Array.isArray(values) ? values[i] : null]));
    });
    return { file_name: file!.name, header_rows: t.headerRows, ...(t.sheets ? { sheets: t.sheets } : {}), columns: t.columns, rows, total_rows: t.rows.length };
  }

  async function create(actor: UserActor, file: UploadFile | null, options: { name?: string; sheet?: string }): Promise<Datasource> {
    const t = await read(file, options.sheet);
    const name = nameOf(options.name, file!.name);
    const id = newId();
    const table = uploadTable(id);
    const info = infoOf(actor, table, file!.name, t.rows.length, t.columns);
    await db.tx(async () => {
      if (await db.get("SELECT 1 AS x FROM report_datasources WHERE name = ?", [name])) throw nameTaken(name);
      await createTable(db, table, t.columns);
      await insertRows(db, table, t.columns, t);
      const now = iso(clock.now());
      await db.run(
        "INSERT INTO report_datasources (id, name, type, url, options, health, upload, created_by, created_at, updated_at) VALUES (?, ?, 'upload', NULL, '{}', NULL, ?, ?, ?, ?)",
        [id, name, JSON.stringify(info), actor.userId, now, now],
      );
    }).catch((e: unknown) => {
      // two uploads under one name racing past the check: the name's unique index refuses the second
      throw !(e instanceof AppError) && /unique|duplicate key/i.test(String((e as Error)?.message ?? e)) ? nameTaken(name) : e;
    });
    noteAudit({ resourceType: "report_datasource", resourceId: id, after: { name, file_name: info.file_name, rows: info.rows, columns: info.columns } });
    return deps.sources.get(id);
  }

  async function reupload(actor: UserActor, id: string, file: UploadFile | null, options: { mode: UploadMode; sheet?: string }): Promise<Datasource> {
    await uploadOf(id);
    const t = await read(file, options.sheet);
    // read again under the row's lock: another re-upload or a delete may have run while the file was parsed
    const { before, info } = await db.tx(async () => {
      const before = JSON.parse((await uploadOf(id, { lock: true })).upload!) as UploadInfo;
      if (options.mode === "append") {
        const differences = columnDifferences(before.columns, t);
        if (differences.length) throw appendMismatch(differences);
        await insertRows(db, before.table, before.columns, t);
        const count = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(db.dialect, before.table)}`);
        const info = infoOf(actor, before.table, file!.name, Number(count?.n ?? 0), before.columns);
        await saveInfo(id, info);
        return { before, info };
      }
      const info = infoOf(actor, before.table, file!.name, t.rows.length, t.columns);
      await dropTable(db, before.table);
      await createTable(db, before.table, t.columns);
      await insertRows(db, before.table, t.columns, t);
      await saveInfo(id, info);
      return { before, info };
    });
    await deps.sources.forget?.(id);
    noteAudit({
      resourceType: "report_datasource", resourceId: id,
      before: { file_name: before.file_name, rows: before.rows, columns: before.columns },
      after: { mode: options.mode, file_name: info.file_name, rows: info.rows, columns: info.columns },
    });
    return deps.sources.get(id);
  }

  async function saveInfo(id: string, info: UploadInfo) {
    await db.run("UPDATE report_datasources SET upload = ?, updated_at = ? WHERE id = ?", [JSON.stringify(info), info.uploaded_at, id]);
  }

  async function uploadOf(id: string, options: { lock?: boolean } = {}): Promise<StoredUpload> {
    // PostgreSQL: the row stays locked to the transaction's end (SQLite runs one writer at a time anyway)
    const lock = options.lock && db.dialect === "postgres" ? " FOR UPDATE" : "";
    const row = await db.get<StoredUpload>(`SELECT id, name, type, upload FROM report_datasources WHERE id = ?${lock}`, [id]);
    if (!row) throw datasourceNotFound(id);
    if (row.type !== "upload" || !row.upload) throw notAnUpload(id);
    return row;
  }

  /** Deleting an upload datasource drops its table (sources/ calls this inside its delete transaction). */
  async function dropTableOf(datasource: Pick<Datasource, "type" | "upload">): Promise<void> {
    if (datasource.type === "upload" && datasource.upload?.table) await dropTable(db, datasource.upload.table);
  }

  return { preview, create, reupload, dropTableOf };
}

/** The datasource's name: the one given, else the file's name without its extension. */
function nameOf(given: string | undefined, fileName: string): string {
  const trimmed = given?.trim();
  if (trimmed && trimmed.length > MAX_NAME) throw invalid([{ field: "name", message: "validation.too_long", params: { max: MAX_NAME } }]);
  const name = trimmed || fileName.replace(/\.[^.]+$/, "").trim().slice(0, MAX_NAME);
  if (!name) throw invalid([{ field: "name", message: "validation.required" }]);
  return name;
}

export type Uploads = ReturnType<typeof createUploads>;
