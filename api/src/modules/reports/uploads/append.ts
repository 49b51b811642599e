import type { FieldError } from "@ops/shared";
import type { ReportValueType, UploadColumn } from "@ops/shared/contracts/reports.ts";
import type { DescribedTable } from "./columns.ts";

/** Whether values read as `found` can be stored in a column of type `existing` (text takes anything; a datetime takes dates). */
function fits(existing: ReportValueType, found: ReportValueType): boolean {
  return existing === found || existing === "string" || (existing === "datetime" && found === "date");
}

/**
 * What keeps a file from being appended to a table: its columns (matched by name) must be the table's, each with
 * values its column can hold (a column the file leaves empty fits any type). One error per difference.
 */
export function columnDifferences(existing: UploadColumn[], file: DescribedTable): FieldError[] {
  const out: FieldError[] = [];
  const byName = new Map(file.columns.map((c, i) => [c.name, i]));
  const known = new Set(existing.map((c) => c.name));
  for (const column of existing) {
    const i = byName.get(column.name);
    if (i === undefined) {
      out.push({ field: "file", message: "reports.upload_append_missing", params: { column: column.name, label: column.label } });
      continue;
    }
    const found = file.columns[i]!;
    if (file.guesses[i]!.hasValues && !fits(column.type, found.type)) {
      out.push({ field: "file", message: "reports.upload_append_type", params: { column: column.name, label: column.label, expected: column.type, found: found.type } });
    }
  }
  for (const c of file.columns) {
    if (!known.has(c.name)) out.push({ field: "file", message: "reports.upload_append_extra", params: { column: c.name, label: c.label } });
  }
  return out;
}
