import { forbidden, notFound, type UserActor } from "@ops/shared";
import type { ReportShare, ReportViewPrefs } from "@ops/shared/contracts/reports.ts";
import { addMs, iso, type Clock } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { insertRow } from "../../../platform/db/query.ts";
import { requireView } from "./access.ts";
import type { Params } from "./params.ts";
import type { ReportDef } from "./store.ts";

type ShareRow = { id: string; report_id: string; params: string; expires_at: string | null; created_by: string | null; created_at: string };

const upsert = (db: Db, table: string, cols: string[], keys: string[]) =>
  `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")}) ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${cols.filter((c) => !keys.includes(c)).map((c) => `${c} = excluded.${c}`).join(", ")}`;

/** What a viewer keeps of a report: favourites, table view prefs, share links. Each needs the report to be theirs to view. */
export function createViewer(deps: { db: Db; clock: Clock; publicUrl?: string }) {
  const { db, clock } = deps;
  const base = (deps.publicUrl ?? "").replace(/\/$/, "");

  async function favourite(actor: UserActor, idOrName: string, on: boolean): Promise<{ report_id: string; favourite: boolean }> {
    const r = await requireView(db, actor, idOrName);
    if (on) await db.run(upsert(db, "report_favourites", ["user_id", "report_id", "created_at"], ["user_id", "report_id"]), [actor.userId, r.id, iso(clock.now())]);
    else await db.run("DELETE FROM report_favourites WHERE user_id = ? AND report_id = ?", [actor.userId, r.id]);
    return { report_id: r.id, favourite: on };
  }

  async function prefs(actor: UserActor, idOrName: string): Promise<ReportViewPrefs> {
    const r = await requireView(db, actor, idOrName);
    const row = await db.get<{ prefs: string }>("SELECT prefs FROM report_view_prefs WHERE user_id = ? AND report_id = ?", [actor.userId, r.id]);
    return row ? JSON.parse(row.prefs) : {};
  }

  async function savePrefs(actor: UserActor, idOrName: string, value: ReportViewPrefs): Promise<ReportViewPrefs> {
    const r = await requireView(db, actor, idOrName);
    await db.run(upsert(db, "report_view_prefs", ["user_id", "report_id", "prefs", "updated_at"], ["user_id", "report_id"]), [actor.userId, r.id, JSON.stringify(value), iso(clock.now())]);
    return value;
  }

  const toShare = (row: ShareRow, report: Pick<ReportDef, "id">): ReportShare => ({
    id: row.id, report_id: row.report_id, params: JSON.parse(row.params), expires_at: row.expires_at, created_by: row.created_by, created_at: row.created_at,
    url: `${base}/reports/${encodeURIComponent(report.id)}?share=${encodeURIComponent(row.id)}`,
  });

  async function share(actor: UserActor, idOrName: string, input: { params: Params; expires_at?: string | null; expires_in_s?: number }): Promise<ReportShare> {
    const r = await requireView(db, actor, idOrName);
    const now = clock.now();
    const expires = input.expires_in_s ? iso(addMs(now, input.expires_in_s * 1000)) : input.expires_at ? new Date(input.expires_at).toISOString() : null;
    const row: ShareRow = { id: newId(), report_id: r.id, params: JSON.stringify(input.params), expires_at: expires, created_by: actor.userId, created_at: iso(now) };
    await insertRow(db, "report_shares", row);
    noteAudit({ resourceType: "report_share", resourceId: row.id, after: { report: r.name, params: input.params, expires_at: expires } });
    return toShare(row, r);
  }

  /** A share opens for a signed-in viewer who may view the report (their own permissions still apply); expired ones are gone. */
  async function openShare(actor: UserActor, id: string): Promise<{ share: ReportShare; report: ReportDef }> {
    const row = await db.get<ShareRow>("SELECT * FROM report_shares WHERE id = ?", [id]);
    if (!row || (row.expires_at && row.expires_at <= iso(clock.now()))) throw notFound("reports.def.share_not_found", { id });
    const report = await requireView(db, actor, row.report_id);
    return { share: toShare(row, report), report };
  }

  async function removeShare(actor: UserActor, id: string): Promise<{ id: string; deleted: true }> {
    const row = await db.get<ShareRow>("SELECT * FROM report_shares WHERE id = ?", [id]);
    if (!row) throw notFound("reports.def.share_not_found", { id });
    if (row.created_by !== actor.userId && !actor.permissions.includes("*")) throw forbidden("reports.def.share_not_yours");
    await db.run("DELETE FROM report_shares WHERE id = ?", [id]);
    noteAudit({ resourceType: "report_share", resourceId: id, before: { report_id: row.report_id, params: JSON.parse(row.params) } });
    return { id, deleted: true };
  }

  return { favourite, prefs, savePrefs, share, openShare, removeShare };
}

export type Viewer = ReturnType<typeof createViewer>;
