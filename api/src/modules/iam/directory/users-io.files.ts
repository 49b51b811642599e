import type * as ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { t, type Locale } from "@ops/shared";
import type { User } from "./users.schema.ts";
import type { DirectoryRefs } from "./users-io.refs.ts";
import { EXPORT_EXTRA_COLUMNS, IMPORT_COLUMNS, columnLabel, templateHeader, type ImportColumn } from "./users-io.columns.ts";

export type FileAnswer = { body: Uint8Array; contentType: string; fileName: string };

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8F0FE" } };

/**
 * The import template: the headers in the reader's language (required ones starred), one example
 * row, and a second sheet with the rules and the departments and roles the reader may use.
 */
export async function importTemplate(locale: Locale, refs: DirectoryRefs, deptIds: string[], roleIds: string[]): Promise<FileAnswer> {
  const { Workbook } = (await import("exceljs")).default; // loaded on the first xlsx, not at start
  const book = new Workbook();
  const sheet = book.addWorksheet(t(locale, "iam.import.sheet.users"));
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: templateHeader(locale, c), key: c, width: c === "department" ? 28 : 18 }));
  const dept = deptIds.map((id) => refs.deptPath(id, locale)).find((p) => p.includes("/")) ?? refs.deptPath(deptIds[0] ?? null, locale);
  const role = roleIds.map((id) => refs.roleName(id, locale)).find(Boolean) ?? "";
  sheet.addRow(example(locale, dept, role));
  styleHeader(sheet.getRow(1));
  // numbers and dates typed into these columns stay text
  for (const c of ["phone", "password"] as ImportColumn[]) sheet.getColumn(c).numFmt = "@";

  const help = book.addWorksheet(t(locale, "iam.import.sheet.help"));
  help.getColumn(1).width = 90;
  for (const key of ["required", "department", "roles", "status", "locale", "password"]) help.addRow([t(locale, `iam.import.help.${key}`)]);
  help.addRow([]);
  help.addRow([t(locale, "iam.import.help.departments")]).font = { bold: true };
  for (const id of deptIds) help.addRow([refs.deptPath(id, locale)]);
  help.addRow([]);
  help.addRow([t(locale, "iam.import.help.role_list")]).font = { bold: true };
  for (const id of roleIds) help.addRow([refs.roleName(id, locale)]);
  return { body: new Uint8Array(await book.xlsx.writeBuffer()), contentType: XLSX_TYPE, fileName: "users-import-template.xlsx" };
}

function example(locale: Locale, dept: string, role: string): Record<ImportColumn, string> {
  return {
    username: "zhangsan", display_name: locale === "en" ? "Zhang San" : "张三", department: dept, roles: role,
    email: "zhangsan@example.com", phone: "13800138000", status: t(locale, "iam.import.status.active"), locale, password: "",
  };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}

const EXPORT_COLUMNS = [...IMPORT_COLUMNS.filter((c) => c !== "password"), ...EXPORT_EXTRA_COLUMNS];

/** One user as an export row: the importable columns first (same headers as the template), then read-only facts. */
function exportRow(u: User, locale: Locale, refs: DirectoryRefs): string[] {
  const yes = (b: boolean) => t(locale, b ? "iam.import.yes" : "iam.import.no");
  const values: Record<(typeof EXPORT_COLUMNS)[number], string> = {
    username: u.username, display_name: u.display_name, department: refs.deptPath(u.dept_id, locale),
    roles: u.roles.map((r) => r.name).join(", "), email: u.email ?? "", phone: u.phone ?? "",
    status: t(locale, `iam.import.status.${u.status}`), locale: u.locale, mfa_enabled: yes(u.mfa_enabled), locked: yes(u.locked),
    last_login_at: u.last_login_at ?? "", created_at: u.created_at,
  };
  return EXPORT_COLUMNS.map((c) => values[c]);
}

/**
 * Users as a spreadsheet (xlsx) or CSV (UTF-8 with BOM, for Excel). Cells starting with = + - @
 * are prefixed with ' so a spreadsheet does not run them as formulas.
 */
export async function usersFile(users: User[], format: "xlsx" | "csv", locale: Locale, refs: DirectoryRefs, stamp: string): Promise<FileAnswer> {
  const header = EXPORT_COLUMNS.map((c) => columnLabel(locale, c));
  const rows = users.map((u) => exportRow(u, locale, refs).map(defuse));
  const fileName = `users-${stamp}.${format}`;
  if (format === "csv") {
    // CRLF and a BOM: what Excel expects of a CSV with Chinese text
    const text = `\uFEFF${stringify([header, ...rows], { record_delimiter: "windows" })}`;
    return { body: new TextEncoder().encode(text), contentType: "text/csv; charset=utf-8", fileName };
  }
  const { Workbook } = (await import("exceljs")).default; // loaded on the first xlsx, not at start
  const book = new Workbook();
  const sheet = book.addWorksheet(t(locale, "iam.import.sheet.users"));
  sheet.addRow(header);
  styleHeader(sheet.getRow(1));
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((col, i) => {
    col.width = i === 2 ? 28 : 16;
  });
  return { body: new Uint8Array(await book.xlsx.writeBuffer()), contentType: XLSX_TYPE, fileName };
}

const defuse = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
