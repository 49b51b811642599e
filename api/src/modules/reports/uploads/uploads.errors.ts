import { AppError, type FieldError } from "@ops/shared";

/** Every refusal of an uploaded file names the `file` field (and the file's row where one is to blame). */
const fileError = (message: string, params: Record<string, unknown> = {}, status = 400) =>
  new AppError(message, { status, params, expose: true, errors: [{ field: "file", message, params }] });

export const fileRequired = () => fileError("reports.upload_file_required");
export const fileTooLarge = (maxBytes: number) => fileError("reports.upload_too_large", { max_mb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }, 413);
export const unreadable = (problem: string, row?: number) => fileError(row ? "reports.upload_unreadable_row" : "reports.upload_unreadable", { problem, ...(row ? { row } : {}) });
export const noHeader = () => fileError("reports.upload_no_header");
export const emptyFile = () => fileError("reports.upload_empty");
/** Neither XLSX nor text (an image, a PDF, a UTF-16 file without its BOM). */
export const notATable = () => fileError("reports.upload_not_table");
export const legacyXls = () => fileError("reports.upload_legacy_xls");
export const tooManyRows = (max: number, row: number) => fileError("reports.upload_too_many_rows", { max, row });
export const rowTooWide = (row: number, found: number, expected: number) => fileError("reports.upload_row_columns", { row, found, expected });
export const sheetNotFound = (sheet: string) => fileError("reports.upload_sheet_not_found", { sheet });
export const notAnUpload = (id: string) =>
  new AppError("reports.upload_not_upload", { status: 400, params: { id }, expose: true, errors: [{ field: "id", message: "reports.upload_not_upload", params: { id } }] });
/** Appending needs the table's columns: one error per difference (missing, extra, or another type). */
export const appendMismatch = (differences: FieldError[]) =>
  new AppError("reports.upload_append_mismatch", { status: 400, params: { count: differences.length }, expose: true, errors: differences });
