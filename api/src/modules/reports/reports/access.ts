import { SUPER_PERMISSION, forbidden, hasPermission, type Actor } from "@ops/shared";
import type { Db } from "../../../platform/db/db.ts";
import { REPORTS_MANAGE, REPORTS_VIEW } from "../reports.deps.ts";
import { reportNotFound } from "../reports.errors.ts";
import { loadReport, type ReportDef } from "./store.ts";

/** The actor's role codes (`roles` names codes; the actor carries role ids). */
export async function roleCodes(db: Db, actor: Actor): Promise<string[]> {
  if (actor.kind === "system" || !actor.roleIds.length) return [];
  return (await db.all<{ code: string }>(`SELECT code FROM roles WHERE id IN (${actor.roleIds.map(() => "?").join(", ")})`, actor.roleIds)).map((r) => r.code);
}

/** Empty roles, report designers, super administrators and the system pass; others need one of the report's roles. */
export async function mayView(db: Db, actor: Actor, report: Pick<ReportDef, "roles">, codes?: string[]): Promise<boolean> {
  if (!hasPermission(actor, REPORTS_VIEW)) return false;
  if (actor.kind === "system" || report.roles.length === 0 || actor.permissions.includes(SUPER_PERMISSION) || hasPermission(actor, REPORTS_MANAGE)) return true;
  return (codes ?? (await roleCodes(db, actor))).some((code) => report.roles.includes(code));
}

/** The report by id or name: 404 when missing, 403 when the viewer's roles may not see it. */
export async function requireView(db: Db, actor: Actor, idOrName: string): Promise<ReportDef> {
  const report = await loadReport(db, idOrName);
  if (!report) throw reportNotFound(idOrName);
  if (!(await mayView(db, actor, report))) throw forbidden("reports.def.report_forbidden", { name: report.name });
  return report;
}
