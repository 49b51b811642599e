import { stringify } from "csv-stringify/sync";
import { t, type Locale } from "@ops/shared";
import { auditActorName, auditReasonText, auditResultName, auditViaText } from "@ops/shared/contracts/audit.ts";
import type { AuditLog } from "./audit.schema.ts";

/** Each column's header key (`audit.column.*`) and its cell, readable as on the audit page. */
const COLUMNS: Array<[string, (r: AuditLog, locale: Locale) => unknown]> = [
  ["ts", (r) => r.ts],
  ["actor_name", (r, l) => auditActorName(l, r)],
  ["actor_username", (r) => r.actor_username ?? (r.actor_kind === "user" || r.actor_kind === "token" ? r.actor_name : null)],
  ["via", (r, l) => auditViaText(l, r.via)],
  ["ip", (r) => r.ip],
  ["method", (r) => r.method],
  ["path", (r) => r.path],
  ["module", (r) => r.module],
  ["action", (r) => r.action_name],
  ["action_code", (r) => `${r.module}.${r.action}`],
  ["resource_type", (r) => r.resource_type],
  ["resource_id", (r) => r.resource_id],
  ["result", (r, l) => auditResultName(l, r.status)],
  ["status", (r) => r.status],
  ["error_code", (r, l) => auditReasonText(l, r.error_code)],
  ["duration_ms", (r) => r.duration_ms],
  ["request_id", (r) => r.request_id],
  ["before", (r) => r.before],
  ["after", (r) => r.after],
];

/** CSV with a BOM and localized headers and words, so Excel opens Chinese text correctly. */
export function auditCsv(rows: AuditLog[], locale: Locale): string {
  const header = COLUMNS.map(([c]) => t(locale, `audit.column.${c}`));
  const body = rows.map((r) =>
    COLUMNS.map(([, cell]) => {
      const v = cell(r, locale);
      return v == null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    }),
  );
  return `\uFEFF${stringify([header, ...body])}`;
}
