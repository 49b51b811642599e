import { stringify } from "csv-stringify/sync";
import { t, type Locale } from "@ops/shared";
import type { AuditLog } from "./audit.schema.ts";

const COLUMNS = [
  "ts", "actor_name", "via", "ip", "method", "path", "module", "action",
  "resource_type", "resource_id", "status", "error_code", "duration_ms", "request_id", "before", "after",
] as const;

/** CSV with a BOM and localized headers, so Excel opens Chinese text correctly. */
export function auditCsv(rows: AuditLog[], locale: Locale): string {
  const header = COLUMNS.map((c) => t(locale, `audit.column.${c}`));
  const body = rows.map((r) =>
    COLUMNS.map((c) => {
      const v = r[c];
      return v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    }),
  );
  return `\uFEFF${stringify([header, ...body])}`;
}
